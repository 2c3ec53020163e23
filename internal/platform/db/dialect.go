package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// This file holds every difference between the two dialects that the shared
// queries cannot avoid: one small function each.

// IsUniqueViolation reports whether err is a unique or primary key conflict.
func IsUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		c := se.Code()
		return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// lockMigrations serialises migrations when several servers start at once.
// SQLite's immediate transactions already hold the write lock.
func (d *DB) lockMigrations(ctx context.Context, tx *sql.Tx) error {
	if d.Dialect != Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(7236512)")
	return err
}

// Backup writes a consistent copy of a live SQLite database to path. For
// PostgreSQL, use pg_dump (see README).
func (d *DB) Backup(ctx context.Context, path string) error {
	if d.Dialect != SQLite {
		return errors.New("backup copies SQLite databases; for PostgreSQL use pg_dump (see README)")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s already exists: choose a new file name", path)
	}
	// VACUUM INTO reads one snapshot and writes a compact copy while the
	// service keeps running.
	_, err := d.read.ExecContext(ctx, "VACUUM INTO "+quoteLiteral(path))
	if err != nil && strings.Contains(err.Error(), "readonly") {
		_, err = d.write.ExecContext(ctx, "VACUUM INTO "+quoteLiteral(path))
	}
	if err != nil {
		return fmt.Errorf("backing up: %w", err)
	}
	return nil
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
