package db_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
)

var testMigrations = []db.Migration{
	{ID: "0002_b", SQL: "CREATE INDEX things_name ON things (name);"},
	{ID: "0001_a", SQL: `-- a table
CREATE TABLE things (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	at TEXT,
	flag BOOLEAN NOT NULL DEFAULT FALSE
);`},
}

func TestDialects(t *testing.T) {
	dbtest.Each(t, testMigrations, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		again, err := d.Migrate(ctx, testMigrations)
		if err != nil || len(again) != 0 {
			t.Fatalf("second migrate applied %v, %v", again, err)
		}
		when := time.Date(2026, 3, 29, 0, 30, 0, 123000, time.UTC)
		id := db.NewID()
		err = d.Tx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, "INSERT INTO things (id, name, at, flag) VALUES ($1, $2, $3, $4)", id, "one", db.Time(when), true)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		_, err = d.Write().ExecContext(ctx, "INSERT INTO things (id, name) VALUES ($1, $2)", db.NewID(), "one")
		if !db.IsUniqueViolation(err) {
			t.Fatalf("want a unique violation, got %v", err)
		}
		var got time.Time
		var flag bool
		var name string
		if err := d.Read().QueryRowContext(ctx, "SELECT name, at, flag FROM things WHERE id = $1", id).Scan(&name, db.ScanTime(&got), &flag); err != nil {
			t.Fatal(err)
		}
		if !got.Equal(when) || !flag || name != "one" {
			t.Fatalf("read back %q %v %v", name, got, flag)
		}
		// A failed transaction leaves nothing behind.
		boom := errors.New("boom")
		err = d.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, "INSERT INTO things (id, name) VALUES ($1, $2)", db.NewID(), "two"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		var n int
		if err := d.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM things").Scan(&n); err != nil || n != 1 {
			t.Fatalf("count %d %v", n, err)
		}
		var zero time.Time
		if err := d.Read().QueryRowContext(ctx, "SELECT at FROM things WHERE name = 'nope' UNION ALL SELECT NULL").Scan(db.ScanTime(&zero)); err != nil || !zero.IsZero() {
			t.Fatalf("null time: %v %v", zero, err)
		}
	})
}

func TestBackup(t *testing.T) {
	d := dbtest.SQLite(t, testMigrations)
	ctx := context.Background()
	if _, err := d.Write().ExecContext(ctx, "INSERT INTO things (id, name) VALUES ($1, $2)", db.NewID(), "kept"); err != nil {
		t.Fatal(err)
	}
	to := filepath.Join(t.TempDir(), "copy.db")
	if err := d.Backup(ctx, to); err != nil {
		t.Fatal(err)
	}
	if err := d.Backup(ctx, to); err == nil {
		t.Fatal("backup over an existing file should be refused")
	}
	c, err := db.Open(ctx, to)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var name string
	if err := c.Read().QueryRowContext(ctx, "SELECT name FROM things").Scan(&name); err != nil || name != "kept" {
		t.Fatalf("copy holds %q, %v", name, err)
	}
}

func TestIDs(t *testing.T) {
	seen := map[string]bool{}
	prev := ""
	for range 1000 {
		id := db.NewID()
		if !db.ValidID(id) || seen[id] {
			t.Fatalf("bad or repeated id %q", id)
		}
		if id[:9] < prev[:min(9, len(prev))] {
			t.Fatalf("ids go back in time: %s after %s", id, prev)
		}
		seen[id], prev = true, id
	}
	for _, bad := range []string{"", "x", "0123456789abcdefghjkmnpqrI", "0123456789abcdefghjkmnpqrstv"} {
		if db.ValidID(bad) {
			t.Errorf("%q should not be valid", bad)
		}
	}
}

func TestSplitStatements(t *testing.T) {
	got := db.SplitStatements("-- c\nCREATE TABLE a (x TEXT);\n\nCREATE INDEX i ON a (x);\nSELECT 1")
	if len(got) != 3 || got[0] != "CREATE TABLE a (x TEXT)" || got[2] != "SELECT 1" {
		t.Fatalf("%q", got)
	}
}
