package auth

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// Sign-in attempts are counted in the database, not in memory, so that the
// limit holds across several servers. They are counted per pair of account
// and network address: a guesser is slowed on the account they guess at,
// from where they guess, while the account's owner elsewhere, and everyone
// else behind the same office address, still sign in. Each row names its
// pair by a SHA-256, so the table holds no email or network address.
//
// An attempt is counted before its password is checked, by one statement
// that adds it and returns the count, so a burst of attempts sent at once
// has at most MaxAttempts passwords checked. The count starts at the first
// attempt and lasts FailureWindow; a successful sign-in clears it.

// attemptKey is the hashed key of an account and a network address ("" when
// unknown).
func attemptKey(email, addr string) string {
	return hashToken("signin:" + normaliseEmail(email) + "\x00" + addr)
}

// countAttempt adds an attempt to the key's count, starting the count again
// when its window has passed, and returns the count with when its window
// ends: in one statement, which the database applies one at a time to the
// key's row.
func (s *Service) countAttempt(ctx context.Context, key string) (int, time.Time, error) {
	now := s.now()
	var n int
	var start time.Time
	err := s.DB.Write().QueryRowContext(ctx, `INSERT INTO signin_attempts (key_hash, window_start, attempts)
		VALUES ($1, $2, 1)
		ON CONFLICT (key_hash) DO UPDATE SET
			attempts = CASE WHEN signin_attempts.window_start <= $3 THEN 1 ELSE signin_attempts.attempts + 1 END,
			window_start = CASE WHEN signin_attempts.window_start <= $3 THEN excluded.window_start
				ELSE signin_attempts.window_start END
		RETURNING attempts, window_start`,
		key, db.Time(now), db.Time(now.Add(-s.FailureWindow))).Scan(&n, db.ScanTime(&start))
	if err != nil {
		return 0, time.Time{}, errs.Wrap(err, "counting sign-in attempts")
	}
	return n, start.Add(s.FailureWindow), nil
}

// errTooMany says when to try again. The message is the same for accounts
// that do not exist.
func errTooMany(until time.Time) error {
	return errs.E(errs.TooMany, "There have been too many attempts to sign in. Try again after %s.", clockWords(until))
}

// clearAttempts forgets a pair's attempts after it signs in.
func clearAttempts(ctx context.Context, tx *sql.Tx, key string) error {
	_, err := tx.ExecContext(ctx, "DELETE FROM signin_attempts WHERE key_hash = $1", key)
	return errs.Wrap(err, "clearing sign-in attempts")
}

// pruneAttempts deletes every count whose window has passed.
func (s *Service) pruneAttempts(ctx context.Context) error {
	_, err := s.DB.Write().ExecContext(ctx, "DELETE FROM signin_attempts WHERE window_start <= $1",
		db.Time(s.now().Add(-s.FailureWindow)))
	return errs.Wrap(err, "pruning sign-in attempts")
}

// clockWords says a time of day in London the GOV.UK way: "9:15am", "11am",
// "midday", "midnight". A time with seconds is rounded up to the minute, so
// that trying again then is never too early.
func clockWords(t time.Time) string {
	t = t.In(civil.London)
	if t.Second() > 0 || t.Nanosecond() > 0 {
		t = t.Truncate(time.Minute).Add(time.Minute)
	}
	switch {
	case t.Hour() == 12 && t.Minute() == 0:
		return "midday"
	case t.Hour() == 0 && t.Minute() == 0:
		return "midnight"
	}
	return strings.Replace(t.Format("3:04pm"), ":00", "", 1)
}

func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
