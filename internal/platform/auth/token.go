package auth

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// Token is an API token. Only the SHA-256 of its plaintext is stored; the
// plaintext is shown once, when it is made.
type Token struct {
	ID, UserID, Name                 string
	CreatedAt, LastUsedAt, RevokedAt time.Time
}

// Revoked reports whether the token has been revoked.
func (t Token) Revoked() bool { return !t.RevokedAt.IsZero() }

// TokenPrefix starts every API token, so that a leaked one is easy to spot.
const TokenPrefix = "mace_"

const maxTokenName = 100

var tokenEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

func errBadToken() error { return errs.E(errs.Unauthenticated, "The API token is not valid") }

// CreateToken makes an API token for an active user and returns its
// plaintext, which is not stored and cannot be shown again. A signed-in
// user makes tokens only for themselves: a token acts as its user, so one
// made by someone else would let them act as that user. (With no one
// signed in, the command line's operator makes one for a user.)
func (s *Service) CreateToken(ctx context.Context, userID, name string) (string, Token, error) {
	if actor := UserFrom(ctx); actor != nil && actor.ID != userID {
		return "", Token{}, errs.E(errs.Forbidden, "You can create API tokens only for yourself")
	}
	name = strings.TrimSpace(name)
	var v errs.Validation
	switch {
	case name == "":
		v.Add("name", "Enter a name for the token")
	case utf8.RuneCountInString(name) > maxTokenName:
		v.Add("name", "Enter a name for the token that is 100 characters or fewer")
	}
	if err := v.Err(); err != nil {
		return "", Token{}, err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", Token{}, errs.Wrap(err, "making an API token")
	}
	plain := TokenPrefix + strings.ToLower(tokenEncoding.EncodeToString(b))
	t := Token{ID: db.NewID(), UserID: userID, Name: name, CreatedAt: s.now()}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		u, err := findUserRow(ctx, tx, "id", userID)
		if err != nil {
			return err
		}
		if !u.Active {
			return errs.E(errs.Conflict, "This user is not active, so cannot have an API token")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (id, user_id, name, token_hash, created_at)
			VALUES ($1, $2, $3, $4, $5)`, t.ID, t.UserID, t.Name, hashToken(plain), db.Time(t.CreatedAt)); err != nil {
			return errs.Wrap(err, "saving an API token")
		}
		return s.record(ctx, tx, AuditEvent{Action: "create", RecordType: "api-token", RecordID: t.ID, Detail: "user_id, name"})
	})
	if err != nil {
		return "", Token{}, err
	}
	return plain, t, nil
}

const tokenColumns = "id, user_id, name, created_at, last_used_at, revoked_at"

func scanToken(sc interface{ Scan(...any) error }) (Token, error) {
	var t Token
	err := sc.Scan(&t.ID, &t.UserID, &t.Name, db.ScanTime(&t.CreatedAt), db.ScanTime(&t.LastUsedAt), db.ScanTime(&t.RevokedAt))
	return t, err
}

// ListTokens lists a user's API tokens, revoked ones too, newest first.
func (s *Service) ListTokens(ctx context.Context, userID string) ([]Token, error) {
	rows, err := s.DB.Read().QueryContext(ctx, "SELECT "+tokenColumns+
		" FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC", userID)
	if err != nil {
		return nil, errs.Wrap(err, "listing API tokens")
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, errs.Wrap(err, "listing API tokens")
		}
		out = append(out, t)
	}
	return out, errs.Wrap(rows.Err(), "listing API tokens")
}

// RevokeToken revokes an API token. Revoking a revoked token does nothing.
func (s *Service) RevokeToken(ctx context.Context, id string) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		t, err := scanToken(tx.QueryRowContext(ctx, "SELECT "+tokenColumns+" FROM api_tokens WHERE id = $1", id))
		if errors.Is(err, sql.ErrNoRows) {
			return errs.E(errs.NotFound, "The API token was not found")
		}
		if err != nil {
			return errs.Wrap(err, "reading an API token")
		}
		if t.Revoked() {
			return nil
		}
		if _, err := tx.ExecContext(ctx, "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2", db.Time(s.now()), id); err != nil {
			return errs.Wrap(err, "revoking an API token")
		}
		return s.record(ctx, tx, AuditEvent{Action: "update", RecordType: "api-token", RecordID: id, Detail: "revoked_at"})
	})
}

// UserByToken returns the active user whose API token this is.
func (s *Service) UserByToken(ctx context.Context, plaintext string) (*User, error) {
	if !strings.HasPrefix(plaintext, TokenPrefix) || len(plaintext) > 200 {
		return nil, errBadToken()
	}
	t, err := scanToken(s.DB.Read().QueryRowContext(ctx,
		"SELECT "+tokenColumns+" FROM api_tokens WHERE token_hash = $1", hashToken(plaintext)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errBadToken()
	}
	if err != nil {
		return nil, errs.Wrap(err, "reading an API token")
	}
	if t.Revoked() {
		return nil, errBadToken()
	}
	row, err := findUser(ctx, s.DB.Read(), "id", t.UserID)
	if errs.Is(err, errs.NotFound) || err == nil && !row.Active {
		return nil, errBadToken()
	}
	if err != nil {
		return nil, err
	}
	// Noting the use is housekeeping, skipped when the database is busy
	// (see touch), and noted by a later request.
	if now := s.now(); now.Sub(t.LastUsedAt) >= touchEvery {
		s.touch(ctx, "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", db.Time(now), t.ID)
	}
	return row.User, nil
}
