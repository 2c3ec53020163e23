package db_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
)

// TestUnavailableReasons: the errors of a database that cannot serve now
// are told apart from the rest (a broken constraint is not an outage).
func TestUnavailableReasons(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{&pgconn.PgError{Code: "57P01"}, db.Down},
		{&pgconn.PgError{Code: "57P03"}, db.Down},
		{&pgconn.PgError{Code: "53300"}, db.Down},
		{&pgconn.PgError{Code: "08006"}, db.Down},
		{&pgconn.PgError{Code: "53100"}, db.Full},
		{&pgconn.PgError{Code: "58030"}, db.Failing},
		{fmt.Errorf("committing: %w", &pgconn.PgError{Code: "25006"}), db.ReadOnly},
		{&pgconn.PgError{Code: "23505"}, ""},
		{&pgconn.PgError{Code: "42P01"}, ""},
		{driver.ErrBadConn, db.Down},
		{&net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}, db.Down},
		{fmt.Errorf("beginning a transaction: %w", context.DeadlineExceeded), db.Busy},
		{context.Canceled, ""},
		{sql.ErrNoRows, ""},
		{errors.New("something else"), ""},
		{nil, ""},
	} {
		if got := db.UnavailableReason(c.err); got != c.want {
			t.Errorf("%v: %q, want %q", c.err, got, c.want)
		}
	}
}

// TestCheckWritableSQLite: a SQLite database with no room for another
// page (max_page_count reached: SQLITE_FULL, as on a full disk), or one
// that may not be written, fails the write check, and its errors are
// classified; a healthy one passes it, again and again.
func TestCheckWritableSQLite(t *testing.T) {
	ctx := context.Background()
	d := dbtest.SQLite(t, testMigrations)
	for range 3 {
		if err := d.CheckWritable(ctx, 2*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	// Fill the database to its (lowered) limit.
	var pages int
	if err := d.Write().QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Write().ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", pages+4)); err != nil {
		t.Fatal(err)
	}
	var full error
	for i := 0; i < 1000 && full == nil; i++ {
		_, full = d.Write().ExecContext(ctx, "INSERT INTO things (id, name) VALUES ($1, $2)", db.NewID(), db.NewID()+fmt.Sprint(i))
	}
	if db.UnavailableReason(full) != db.Full {
		t.Fatalf("filling the database: %v", full)
	}
	if err := d.CheckWritable(ctx, 2*time.Second); db.UnavailableReason(err) != db.Full {
		t.Fatalf("a full database: %v", err)
	}
	// Reads go on.
	if err := d.Ping(ctx); err != nil {
		t.Fatal(err)
	}

	ro := dbtest.SQLite(t, testMigrations)
	if _, err := ro.Write().ExecContext(ctx, "PRAGMA query_only = ON"); err != nil {
		t.Fatal(err)
	}
	if err := ro.CheckWritable(ctx, 2*time.Second); db.UnavailableReason(err) != db.ReadOnly {
		t.Fatalf("a read-only database: %v", err)
	}
}

// TestCheckWritableBusySQLite: a writer held by another process past the
// check's limit makes the check say the database is busy.
func TestCheckWritableBusySQLite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "mace.db")
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	other, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := d.CheckWritable(ctx, 2*time.Second); err != nil {
		t.Fatal(err)
	}
	held, release := make(chan struct{}), make(chan struct{})
	go func() {
		_ = other.Tx(ctx, func(tx *sql.Tx) error {
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	defer close(release)
	if err := d.CheckWritable(ctx, 300*time.Millisecond); db.UnavailableReason(err) != db.Busy {
		t.Fatalf("a busy database: %v", err)
	}
}

// TestCheckWritablePostgres: a PostgreSQL database whose sessions may not
// write fails the write check as read-only; one that cannot be reached
// (nothing listens on its port) fails to open as down; a healthy one
// passes.
func TestCheckWritablePostgres(t *testing.T) {
	ctx := context.Background()
	d := dbtest.Postgres(t, testMigrations)
	for range 2 {
		if err := d.CheckWritable(ctx, 2*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	var schema string
	if err := d.Read().QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(os.Getenv(dbtest.EnvURL))
	q := u.Query()
	q.Set("search_path", schema)
	q.Set("default_transaction_read_only", "on")
	u.RawQuery = q.Encode()
	ro, err := db.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if err := ro.CheckWritable(ctx, 2*time.Second); db.UnavailableReason(err) != db.ReadOnly {
		t.Fatalf("a read-only database: %v", err)
	}
	// A fresh schema without the table: making it is refused too.
	if _, err := d.Write().ExecContext(ctx, "DROP TABLE db_ready"); err != nil {
		t.Fatal(err)
	}
	if err := ro.CheckWritable(ctx, 2*time.Second); db.UnavailableReason(err) != db.ReadOnly {
		t.Fatalf("a read-only database without the table: %v", err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	if _, err := db.Open(ctx, "postgres://postgres@"+closed+"/mace_test?sslmode=disable&connect_timeout=2"); db.UnavailableReason(err) != db.Down {
		t.Fatalf("a database nothing answers for: %v", err)
	}
}
