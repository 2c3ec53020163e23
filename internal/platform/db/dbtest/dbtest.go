// Package dbtest gives store tests a real, fresh database: a new SQLite file
// for each test, and a new PostgreSQL schema when MACE_TEST_DATABASE_URL is
// set (CI sets it), so that every store test runs on both dialects.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"mace/internal/platform/db"
)

// EnvURL names the variable holding the PostgreSQL server for tests.
const EnvURL = "MACE_TEST_DATABASE_URL"

// Each runs fn as two subtests, "sqlite" and "postgres", each on a fresh
// database with the migrations applied. The postgres subtest skips, saying
// why, when MACE_TEST_DATABASE_URL is not set.
func Each(t *testing.T, ms []db.Migration, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t, ms)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t, ms)) })
}

// SQLite opens a fresh SQLite database in the test's temporary folder.
func SQLite(t testing.TB, ms []db.Migration) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "mace.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	migrate(t, d, ms)
	return d
}

// Postgres opens a fresh schema on the test PostgreSQL server, dropped when
// the test ends, or skips when MACE_TEST_DATABASE_URL is unset.
func Postgres(t testing.TB, ms []db.Migration) *db.DB {
	t.Helper()
	base := os.Getenv(EnvURL)
	if base == "" {
		t.Skip("PostgreSQL tests need " + EnvURL + " (e.g. postgres://postgres@127.0.0.1:5432/mace_test)")
	}
	ctx := context.Background()
	admin, err := db.Open(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	if _, err := admin.Write().ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		t.Fatal(err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	d, err := db.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		d.Close()
		_, _ = admin.Write().ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	migrate(t, d, ms)
	return d
}

func migrate(t testing.TB, d *db.DB, ms []db.Migration) {
	t.Helper()
	if _, err := d.Migrate(context.Background(), ms); err != nil {
		t.Fatal(err)
	}
}

// HoldRow makes concurrent inserts really race on PostgreSQL: it runs
// insert (with args) in a transaction left open, and the release it returns
// waits until n sessions are queued on a lock in statements starting with
// waitPrefix, then rolls back, so that they contend among themselves. On
// SQLite, whose single writer serialises them anyway, it does nothing.
func HoldRow(t testing.TB, d *db.DB, insert string, args []any, waitPrefix string, n int) (release func()) {
	t.Helper()
	pool, ok := d.Write().(*sql.DB)
	if !ok || d.Dialect != db.Postgres {
		return func() {}
	}
	ctx := context.Background()
	tx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, insert, args...); err != nil {
		tx.Rollback()
		t.Fatal(err)
	}
	return func() {
		defer tx.Rollback()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			var waiting int
			if err := d.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()
				AND wait_event_type = 'Lock' AND query LIKE $1`, waitPrefix+"%").Scan(&waiting); err != nil {
				t.Error(err)
				return
			}
			if waiting >= n {
				return
			}
		}
		t.Errorf("the statements never queued behind the held row")
	}
}
