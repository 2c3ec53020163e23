package db

import (
	"context"
	"crypto/rand"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
)

// Why the database cannot serve, in words for an operator (never holding
// personal data): what /readyz says and the log records.
const (
	Down     = "the database cannot be reached"
	Full     = "the database or the disk holding it is full"
	ReadOnly = "the database is read-only"
	Failing  = "the database cannot read or write its files"
	Busy     = "the database is busy: another write held it for longer than a request waits"
)

// SQLite's primary result codes that mean the database cannot serve now.
const (
	sqliteBusy     = 5
	sqliteLocked   = 6
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteFull     = 13
	sqliteCantOpen = 14
)

// UnavailableReason says why err means the database cannot serve now
// (unreachable, shut down, out of connections, full, read-only, failing or
// busy past the time a request waits), or "" when it means something else,
// such as a broken constraint or a mistake in a query. A request that
// failed for such a reason is safe to send again later.
func UnavailableReason(err error) string {
	if err == nil {
		return ""
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqliteFull:
			return Full
		case sqliteIOErr, sqliteCantOpen:
			return Failing
		case sqliteReadOnly:
			return ReadOnly
		case sqliteBusy, sqliteLocked:
			return Busy
		}
		return ""
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch code := pe.Code; {
		case code == "53100": // disk_full
			return Full
		case code == "25006": // read_only_sql_transaction
			return ReadOnly
		case code == "58030": // io_error
			return Failing
		case code == "55P03": // lock_not_available (lock_timeout)
			return Busy
		case strings.HasPrefix(code, "08"), // connection exception
			strings.HasPrefix(code, "53"),                     // insufficient resources: too_many_connections, out of memory
			code == "57P01", code == "57P02", code == "57P03", // admin_shutdown, crash_shutdown, cannot_connect_now
			code == "57P05": // idle_session_timeout
			return Down
		}
		// Any other server error (a constraint, a query) is not an outage,
		// even when it arrived through a failed connection attempt.
		return ""
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), pgconn.Timeout(err):
		// Waiting for a connection or for a lock past a time limit: the
		// database is busy (or gone, which the next request tells). (A
		// deadline is a net.Error too, so this comes first.)
		return Busy
	case errors.As(err, &ce), errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, io.ErrUnexpectedEOF), errors.As(err, &ne):
		return Down
	}
	return ""
}

// Unavailable reports whether err means the database cannot serve now (see
// UnavailableReason).
func Unavailable(err error) bool { return UnavailableReason(err) != "" }

// readyPad is the size of the row CheckWritable writes: several pages, so
// that a database with no room left for new pages fails it.
const readyPad = 16 << 10

// CheckWritable checks, within limit, that the database takes a write: in
// one committed transaction it inserts a row of some kilobytes into
// db_ready (a table of this package's own, otherwise empty, made on first
// use) and deletes it again. A database that is full, read-only, failing
// or unreachable fails it.
func (d *DB) CheckWritable(ctx context.Context, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	err := d.writeReady(ctx, limit)
	if missingTable(err) {
		// Another server may make it at the same moment: the write after
		// says whether it exists.
		_, cerr := d.write.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS db_ready (id TEXT PRIMARY KEY, pad TEXT NOT NULL)")
		if err = d.writeReady(ctx, limit); cerr != nil && missingTable(err) {
			err = cerr
		}
	}
	return err
}

func (d *DB) writeReady(ctx context.Context, limit time.Duration) error {
	b := make([]byte, readyPad/2)
	_, _ = rand.Read(b)
	pad, id := hex.EncodeToString(b), NewID()
	return d.TxWithin(ctx, limit, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO db_ready (id, pad) VALUES ($1, $2)", id, pad); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM db_ready WHERE id = $1", id)
		return err
	})
}

// missingTable reports whether err says a table does not exist.
func missingTable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "42P01"
	}
	return err != nil && strings.Contains(err.Error(), "no such table")
}
