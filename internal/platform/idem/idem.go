// Package idem is the one way a request is made safe to repeat: a double
// submit of a form or an API retry with the same Idempotency-Key gets the
// record the first request made, never a second one. Forms carry a random
// key in a hidden field; the API takes the Idempotency-Key header. Both
// reach a service as a key, and the service makes its record through Once.
package idem

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"strings"
	"time"

	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Migrations are this package's table, request_keys.
var Migrations = db.MigrationsFrom(migrationFS, "migrations")

// MaxKey bounds a key.
const MaxKey = 200

// Key checks a key as sent, without its surrounding spaces: an Invalid
// error when it is too long. An empty key is allowed and makes every
// request new.
func Key(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) > MaxKey {
		return "", errs.E(errs.Invalid, "The idempotency key must be %d characters or fewer", MaxKey)
	}
	return s, nil
}

// Scope is the scope of a kind of record made by one user: a user's key
// never answers another user's request, nor a request for another kind.
func Scope(kind, userID string) string { return kind + ":" + userID }

// Seen is the record made under scope and key, or "" when none was.
func Seen(ctx context.Context, q db.Querier, scope, key string) (string, error) {
	if key == "" {
		return "", nil
	}
	var id string
	err := q.QueryRowContext(ctx, "SELECT record_id FROM request_keys WHERE scope = $1 AND key = $2", scope, key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", errs.Wrap(err, "reading a repeated request")
	}
	return id, nil
}

// Remember records, in the caller's transaction, that scope and key made
// recordID. A key already used fails the transaction with a unique
// violation (see Once).
func Remember(ctx context.Context, tx *sql.Tx, scope, key, recordID string, now time.Time) error {
	if key == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO request_keys (scope, key, record_id, created_at) VALUES ($1, $2, $3, $4)",
		scope, key, recordID, db.Time(now))
	return err
}

// Once makes a record at most once per scope and key. In one transaction
// of d it looks the key up and, when it is new, calls make (which writes
// the record and its audit event and returns the record's id) and
// remembers the key. It returns the record's id and whether this call made
// it. A request that races the first with the same key fails on the key's
// primary key, and then returns the first request's record. An empty key
// always makes.
func Once(ctx context.Context, d *db.DB, scope, key string, now time.Time, make func(tx *sql.Tx) (string, error)) (id string, made bool, err error) {
	key, err = Key(key)
	if err != nil {
		return "", false, err
	}
	if id, err := Seen(ctx, d.Read(), scope, key); err != nil || id != "" {
		return id, false, err
	}
	err = d.Tx(ctx, func(tx *sql.Tx) error {
		seen, err := Seen(ctx, tx, scope, key)
		if err != nil || seen != "" {
			id = seen
			return err
		}
		if id, err = make(tx); err != nil {
			return err
		}
		made = true
		return Remember(ctx, tx, scope, key, id, now)
	})
	if err != nil && key != "" && db.IsUniqueViolation(err) {
		if seen, serr := Seen(ctx, d.Read(), scope, key); serr == nil && seen != "" {
			return seen, false, nil
		}
	}
	if err != nil {
		return "", false, err
	}
	return id, made, nil
}
