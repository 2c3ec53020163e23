package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// Session is a signed-in browser. Only the hash of its token is stored.
type Session struct {
	UserID, CSRFToken     string
	CreatedAt, LastSeenAt time.Time
}

// touchEvery is how stale last_seen_at or last_used_at may get before a
// request writes it again, to keep writes low.
const touchEvery = time.Minute

// randomToken returns n random bytes as unpadded base64url.
func randomToken(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", errs.Wrap(err, "making a random token")
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// hashToken is what is stored for a session or API token: SHA-256 in hex.
func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

func errBadCredentials() error {
	return errs.E(errs.Unauthenticated, "Enter a correct email address and password")
}

func errSessionEnded() error {
	return errs.E(errs.Unauthenticated, "Your session has ended. Sign in again.")
}

// SignIn checks an email address and password from the network address
// addr and starts a session, returning its token for the cookie. Wrong
// details, an unknown address and an inactive account all give the same
// error after the same work, so nothing reveals whether an account exists.
func (s *Service) SignIn(ctx context.Context, email, password, addr string) (string, *User, error) {
	email = normaliseEmail(email)
	key := attemptKey(email, addr)
	// The attempt is counted before the password is checked (see
	// countAttempt), so a burst of guesses checks at most MaxAttempts.
	if n, until, err := s.countAttempt(ctx, key); err != nil {
		return "", nil, err
	} else if s.MaxAttempts > 0 && n > s.MaxAttempts {
		return "", nil, errTooMany(until)
	}
	// One query whether or not the account exists; roles and teams are read
	// only after the password matches.
	row, err := findUserRow(ctx, s.DB.Read(), "email", email)
	ok := false
	switch {
	case errs.Is(err, errs.NotFound):
		s.check(dummyHash(), password)
	case err != nil:
		return "", nil, err
	default:
		ok = s.check(row.passwordHash, password) && row.Active
	}
	if !ok {
		return "", nil, errBadCredentials()
	}
	if err := loadMemberships(ctx, s.DB.Read(), []*User{row.User}, " WHERE u.id = $1", row.ID); err != nil {
		return "", nil, err
	}
	token, err := randomToken(32)
	if err != nil {
		return "", nil, err
	}
	csrf, err := randomToken(32)
	if err != nil {
		return "", nil, err
	}
	now := db.Time(s.now())
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := clearAttempts(ctx, tx, key); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at)
			VALUES ($1, $2, $3, $4, $4)`, hashToken(token), row.ID, csrf, now); err != nil {
			return errs.Wrap(err, "starting a session")
		}
		return s.record(WithUser(ctx, row.User), tx, AuditEvent{Action: "sign-in", RecordType: "user", RecordID: row.ID, Address: addr})
	})
	if err != nil {
		return "", nil, err
	}
	return token, row.User, nil
}

func (s *Service) check(hash, pw string) bool {
	if s.checkPassword != nil {
		return s.checkPassword(hash, pw)
	}
	return CheckPassword(hash, pw)
}

// Session returns the signed-in user and session for a session token. A
// session idle for longer than IdleTimeout, older than AbsoluteTimeout, or
// whose user is no longer active has ended, and is deleted.
func (s *Service) Session(ctx context.Context, token string) (*User, *Session, error) {
	if token == "" {
		return nil, nil, errSessionEnded()
	}
	hash := hashToken(token)
	var sess Session
	err := s.DB.Read().QueryRowContext(ctx,
		"SELECT user_id, csrf_token, created_at, last_seen_at FROM sessions WHERE token_hash = $1", hash).
		Scan(&sess.UserID, &sess.CSRFToken, db.ScanTime(&sess.CreatedAt), db.ScanTime(&sess.LastSeenAt))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, errSessionEnded()
	}
	if err != nil {
		return nil, nil, errs.Wrap(err, "reading a session")
	}
	now := s.now()
	if now.Sub(sess.LastSeenAt) > s.IdleTimeout || now.Sub(sess.CreatedAt) > s.AbsoluteTimeout {
		return nil, nil, s.endSession(ctx, hash)
	}
	row, err := findUser(ctx, s.DB.Read(), "id", sess.UserID)
	if errs.Is(err, errs.NotFound) || err == nil && !row.Active {
		return nil, nil, s.endSession(ctx, hash)
	}
	if err != nil {
		return nil, nil, err
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery &&
		s.touch(ctx, "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2", db.Time(now), hash) {
		sess.LastSeenAt = now
	}
	return row.User, &sess, nil
}

// endSession deletes a session that has ended and returns the error saying
// so. The deletion is housekeeping too: if it cannot be done now, the
// session has ended all the same, and the sweep deletes it later.
func (s *Service) endSession(ctx context.Context, hash string) error {
	s.touch(ctx, "DELETE FROM sessions WHERE token_hash = $1", hash)
	return errSessionEnded()
}

// touchWait is the longest a request waits to write its housekeeping (the
// note of a session's or API token's last use) when the database is busy
// with another write, such as a large import holding SQLite's one writer.
const touchWait = 250 * time.Millisecond

// touch runs one housekeeping write for a request, waiting at most
// touchWait, and reports whether it was done. Housekeeping never fails a
// request: a note that cannot be written now is skipped (the last use
// stays as it was, so a later request writes it, and an idle session still
// ends on time), and the skips are logged, without any token or person.
func (s *Service) touch(ctx context.Context, query string, args ...any) bool {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), touchWait)
	defer cancel()
	var err error
	if s.DB.Dialect == db.Postgres {
		// PostgreSQL itself gives up waiting for a row's lock, so that a
		// note skipped here does not land later, once the lock is freed.
		err = s.DB.TxWithin(ctx, touchWait, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, "SET LOCAL lock_timeout = "+strconv.Itoa(int(touchWait.Milliseconds()*4/5))); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, query, args...)
			return err
		})
	} else {
		_, err = s.DB.Write().ExecContext(ctx, query, args...)
	}
	if err == nil {
		return true
	}
	if n, ok := s.skips.add(s.now()); ok {
		log := s.Log
		if log == nil {
			log = slog.Default()
		}
		log.Warn("the database was busy or failing: skipped noting a session's or API token's last use; a later request notes it",
			"skipped", n, "err", err.Error())
	}
	return false
}

// skipped counts skipped housekeeping, so that a busy minute is logged
// once rather than for every request.
type skipped struct {
	mu     sync.Mutex
	n      int
	logged time.Time
}

// skipLogEvery is how often skipped housekeeping is logged at most.
const skipLogEvery = time.Minute

// add counts a skip at now, and returns the number skipped since the last
// log line and whether to write one now.
func (k *skipped) add(now time.Time) (int, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.n++
	if !k.logged.IsZero() && now.Sub(k.logged) < skipLogEvery {
		return k.n, false
	}
	n := k.n
	k.n, k.logged = 0, now
	return n, true
}

// SignOut ends the session with the token, if there is one.
func (s *Service) SignOut(ctx context.Context, token string) error {
	_, err := s.DB.Write().ExecContext(ctx, "DELETE FROM sessions WHERE token_hash = $1", hashToken(token))
	return errs.Wrap(err, "signing out")
}

// SignOutEverywhere ends every session of a user (their API tokens stay).
func (s *Service) SignOutEverywhere(ctx context.Context, userID string) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := findUserRow(ctx, tx, "id", userID); err != nil {
			return err
		}
		n, _, err := endAccess(ctx, tx, userID, false, nil)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, AuditEvent{Action: "update", RecordType: "user", RecordID: userID,
			Detail: "signed out everywhere; " + plural(n, "session") + " ended"})
	})
}

// DeleteExpiredSessions deletes sessions that have ended, and counts of
// sign-in attempts whose window has passed, for a background sweep. It returns the
// number of sessions deleted.
func (s *Service) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	now := s.now()
	res, err := s.DB.Write().ExecContext(ctx, "DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2",
		db.Time(now.Add(-s.IdleTimeout)), db.Time(now.Add(-s.AbsoluteTimeout)))
	if err != nil {
		return 0, errs.Wrap(err, "deleting ended sessions")
	}
	n, _ := res.RowsAffected()
	if err := s.pruneAttempts(ctx); err != nil {
		return n, err
	}
	return n, nil
}
