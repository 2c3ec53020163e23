package idem_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/platform/idem"
)

// things is a table for the tests' records.
var migrations = append([]db.Migration{{ID: "20261207_00_things", SQL: "CREATE TABLE things (id TEXT PRIMARY KEY, name TEXT NOT NULL)"}}, idem.Migrations...)

var now = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

func count(t *testing.T, d *db.DB, q string) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRowContext(context.Background(), q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func makeThing(ctx context.Context, name string) func(tx *sql.Tx) (string, error) {
	return func(tx *sql.Tx) (string, error) {
		id := db.NewID()
		_, err := tx.ExecContext(ctx, "INSERT INTO things (id, name) VALUES ($1, $2)", id, name)
		return id, err
	}
}

func TestOnce(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		scope := idem.Scope("thing", "user-1")
		id1, made, err := idem.Once(ctx, d, scope, "key-1", now, makeThing(ctx, "first"))
		if err != nil || !made || id1 == "" {
			t.Fatalf("first: %q %v %v", id1, made, err)
		}
		id2, made, err := idem.Once(ctx, d, scope, " key-1 ", now, makeThing(ctx, "second"))
		if err != nil || made || id2 != id1 {
			t.Fatalf("repeat: %q %v %v, want %q not made", id2, made, err, id1)
		}
		// Another user's same key, and no key at all, make new records.
		id3, made, err := idem.Once(ctx, d, idem.Scope("thing", "user-2"), "key-1", now, makeThing(ctx, "other user"))
		if err != nil || !made || id3 == id1 {
			t.Fatalf("other scope: %q %v %v", id3, made, err)
		}
		for range 2 {
			if _, made, err := idem.Once(ctx, d, scope, "", now, makeThing(ctx, "no key")); err != nil || !made {
				t.Fatalf("no key: %v %v", made, err)
			}
		}
		if n := count(t, d, "SELECT COUNT(*) FROM things"); n != 4 {
			t.Errorf("%d things, want 4", n)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM request_keys"); n != 2 {
			t.Errorf("%d keys, want 2", n)
		}
		if got, err := idem.Seen(ctx, d.Read(), scope, "key-1"); err != nil || got != id1 {
			t.Errorf("Seen: %q %v", got, err)
		}
	})
}

func TestOnceFailureKeepsNothing(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		scope := idem.Scope("thing", "user-1")
		boom := errors.New("refused")
		if _, _, err := idem.Once(ctx, d, scope, "k", now, func(tx *sql.Tx) (string, error) {
			if _, err := makeThing(ctx, "half")(tx); err != nil {
				return "", err
			}
			return "", boom
		}); !errors.Is(err, boom) {
			t.Fatalf("want the make error, got %v", err)
		}
		// The key was not used up: the corrected request goes through.
		if _, made, err := idem.Once(ctx, d, scope, "k", now, makeThing(ctx, "whole")); err != nil || !made {
			t.Fatalf("retry after failure: %v %v", made, err)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM things"); n != 1 {
			t.Errorf("%d things, want 1", n)
		}
	})
}

func TestKeyTooLong(t *testing.T) {
	if _, err := idem.Key(strings.Repeat("k", idem.MaxKey)); err != nil {
		t.Errorf("a key of %d characters: %v", idem.MaxKey, err)
	}
	_, err := idem.Key(strings.Repeat("k", idem.MaxKey+1))
	if !errs.Is(err, errs.Invalid) || !strings.Contains(errs.Public(err), "200 characters or fewer") {
		t.Errorf("too long: %v", err)
	}
	d := dbtest.SQLite(t, migrations)
	if _, _, err := idem.Once(context.Background(), d, "s", strings.Repeat("k", 201), now, makeThing(context.Background(), "x")); !errs.Is(err, errs.Invalid) {
		t.Errorf("Once with a long key: %v", err)
	}
}

// Identical requests at once make one record, and every one of them gets it.
func TestOnceRace(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		const n = 8
		ids := make([]string, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				id, _, err := idem.Once(ctx, d, "race", "same", now, makeThing(ctx, "racer"))
				if err != nil {
					t.Errorf("racer %d: %v", i, err)
				}
				ids[i] = id
			})
		}
		wg.Wait()
		for _, id := range ids {
			if id != ids[0] || id == "" {
				t.Fatalf("racers got different records: %v", ids)
			}
		}
		if c := count(t, d, "SELECT COUNT(*) FROM things"); c != 1 {
			t.Errorf("%d things, want 1", c)
		}
	})
}
