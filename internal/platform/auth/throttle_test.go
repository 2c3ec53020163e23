package auth_test

import (
	"fmt"
	"testing"
	"time"

	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
)

const tooMany = "There have been too many attempts to sign in to this account. Wait 15 minutes, then try again."

func wantTooMany(t *testing.T, err error) {
	t.Helper()
	if !errs.Is(err, errs.TooMany) || errs.Public(err) != tooMany {
		t.Fatalf("want too many attempts, got %v", err)
	}
}

func TestAccountThrottle(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		u := f.user("max.sample@example.com")
		for i := range 5 {
			// Each from a different address: the account's own count locks it.
			_, _, err := f.s.SignIn(f.ctx, u.Email, wrongPassword, fmt.Sprintf("192.0.2.%d", i))
			if !errs.Is(err, errs.Unauthenticated) {
				t.Fatalf("attempt %d: %v", i+1, err)
			}
			f.clock.Add(time.Minute)
		}
		_, _, err := f.s.SignIn(f.ctx, "  MAX.sample@example.com", goodPassword, "192.0.2.99")
		wantTooMany(t, err)
		// The window slides: refused while five failures lie within the last
		// 15 minutes, allowed once the first of them is older.
		f.clock.Add(9 * time.Minute)
		_, _, err = f.s.SignIn(f.ctx, u.Email, goodPassword, "192.0.2.99")
		wantTooMany(t, err)
		f.clock.Add(time.Minute + time.Second)
		if _, _, err := f.s.SignIn(f.ctx, u.Email, goodPassword, "192.0.2.99"); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		// Success clears the account's failures, not the addresses'.
		var n int
		if err := d.Read().QueryRowContext(f.ctx, "SELECT COUNT(*) FROM signin_failures").Scan(&n); err != nil || n != 5 {
			t.Fatalf("failures left: %d %v (want the 5 address rows)", n, err)
		}
		f.clock.Add(15 * time.Minute)
		if _, err := f.s.DeleteExpiredSessions(f.ctx); err != nil {
			t.Fatal(err)
		}
		if err := d.Read().QueryRowContext(f.ctx, "SELECT COUNT(*) FROM signin_failures").Scan(&n); err != nil || n != 0 {
			t.Fatalf("old failures not pruned: %d %v", n, err)
		}
	})
}

func TestAddressThrottle(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		u := f.user("val.sample@example.com")
		const addr = "203.0.113.50"
		for i := range 20 {
			_, _, err := f.s.SignIn(f.ctx, fmt.Sprintf("guess%02d@example.com", i), wrongPassword, addr)
			if !errs.Is(err, errs.Unauthenticated) {
				t.Fatalf("attempt %d: %v", i+1, err)
			}
		}
		_, _, err := f.s.SignIn(f.ctx, u.Email, goodPassword, addr)
		wantTooMany(t, err)
		if _, _, err := f.s.SignIn(f.ctx, u.Email, goodPassword, "203.0.113.51"); err != nil {
			t.Fatalf("another address: %v", err)
		}
		f.clock.Add(15*time.Minute + time.Second)
		if _, _, err := f.s.SignIn(f.ctx, u.Email, goodPassword, addr); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}

func TestUnknownEmailThrottled(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		known := f.user("ira.sample@example.com")
		for i := range 5 {
			f.s.SignIn(f.ctx, "nobody@example.com", wrongPassword, fmt.Sprintf("192.0.2.%d", i))
			f.s.SignIn(f.ctx, known.Email, wrongPassword, fmt.Sprintf("192.0.2.%d", i))
		}
		_, _, unknown := f.s.SignIn(f.ctx, "nobody@example.com", wrongPassword, "192.0.2.200")
		_, _, existing := f.s.SignIn(f.ctx, known.Email, wrongPassword, "192.0.2.200")
		wantTooMany(t, unknown)
		wantTooMany(t, existing)
		if unknown.Error() != existing.Error() {
			t.Fatalf("%v / %v", unknown, existing)
		}
		// The message follows the window.
		f.s.FailureWindow = time.Hour
		_, _, err := f.s.SignIn(f.ctx, known.Email, goodPassword, "192.0.2.200")
		if errs.Public(err) != "There have been too many attempts to sign in to this account. Wait 1 hour, then try again." {
			t.Fatalf("%v", err)
		}
	})
}
