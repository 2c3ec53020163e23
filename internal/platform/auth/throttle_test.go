package auth_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
)

// The fixture's clock is 09:00 on 24 November 2026 (GMT), so a window of
// 15 minutes from the first attempt ends at 9:15am.
const tooMany = "There have been too many attempts to sign in. Try again after 9:15am."

func wantTooMany(t *testing.T, err error, msg string) {
	t.Helper()
	if !errs.Is(err, errs.TooMany) || errs.Public(err) != msg {
		t.Fatalf("want too many attempts (%q), got %v", msg, err)
	}
}

// TestParallelGuessesAreCounted: a burst of guesses sent at once is
// counted before any password is checked, so at most the limit of them
// is checked. The throttle slows that account from that address only:
// another address still signs in to the account, and another account
// signs in from the same address.
func TestParallelGuessesAreCounted(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		u := f.user("max.sample@example.com")
		other := f.user("ira.sample@example.com")
		checks := auth.CountPasswordChecks(f.s)
		const addr = "192.0.2.10"
		var wg sync.WaitGroup
		results := make([]error, 40)
		for i := range results {
			wg.Go(func() { _, _, results[i] = f.s.SignIn(f.ctx, u.Email, wrongPassword, addr) })
		}
		wg.Wait()
		refused, wrong := 0, 0
		for _, err := range results {
			switch {
			case errs.Is(err, errs.TooMany):
				refused++
			case errs.Is(err, errs.Unauthenticated):
				wrong++
			default:
				t.Fatalf("unexpected %v", err)
			}
		}
		if n := checks.Load(); n > 5 || wrong != int(n) || refused != 40-int(n) {
			t.Fatalf("%d passwords checked (%d wrong, %d refused), want at most 5", n, wrong, refused)
		}
		// The right password from that address waits too, and is not checked.
		before := checks.Load()
		_, _, err := f.s.SignIn(f.ctx, "  MAX.sample@example.com", goodPassword, addr)
		wantTooMany(t, err, tooMany)
		if checks.Load() != before {
			t.Error("a refused attempt had its password checked")
		}
		// Another account from the same address, and the same account from
		// another address, sign in.
		if _, _, err := f.s.SignIn(f.ctx, other.Email, goodPassword, addr); err != nil {
			t.Fatalf("another account from the address: %v", err)
		}
		if _, _, err := f.s.SignIn(f.ctx, u.Email, goodPassword, "198.51.100.7"); err != nil {
			t.Fatalf("the account from another address: %v", err)
		}
		// After the window the address may try again.
		f.clock.Add(15*time.Minute + time.Second)
		if _, _, err := f.s.SignIn(f.ctx, u.Email, goodPassword, addr); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}

// TestThrottleDoesNotLockOthers: failures against an account from several
// addresses, or against many accounts from one office address, do not lock
// out the account's owner or the office's other users.
func TestThrottleDoesNotLockOthers(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		u := f.user("val.sample@example.com")
		for range 5 {
			for j := range 6 {
				f.s.SignIn(f.ctx, u.Email, wrongPassword, fmt.Sprintf("192.0.2.%d", 100+j))
			}
			f.clock.Add(time.Minute)
		}
		const office = "203.0.113.50"
		for i := range 30 {
			_, _, err := f.s.SignIn(f.ctx, fmt.Sprintf("guess%02d@example.com", i), wrongPassword, office)
			if !errs.Is(err, errs.Unauthenticated) {
				t.Fatalf("attempt %d: %v", i+1, err)
			}
		}
		if _, _, err := f.s.SignIn(f.ctx, u.Email, goodPassword, office); err != nil {
			t.Fatalf("the account's owner in the office: %v", err)
		}
	})
}

func TestThrottleWindow(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		known := f.user("kit.sample@example.com")
		const addr = "192.0.2.7"
		for range 4 {
			if _, _, err := f.s.SignIn(f.ctx, known.Email, wrongPassword, addr); !errs.Is(err, errs.Unauthenticated) {
				t.Fatal(err)
			}
			f.clock.Add(time.Minute)
		}
		// A success clears the count: five more may be tried.
		if _, _, err := f.s.SignIn(f.ctx, known.Email, goodPassword, addr); err != nil {
			t.Fatal(err)
		}
		for range 5 {
			f.s.SignIn(f.ctx, known.Email, wrongPassword, addr)
			f.s.SignIn(f.ctx, "nobody@example.com", wrongPassword, addr)
		}
		// An unknown account is refused in the same words as a known one;
		// the window started at 9:04am, at the first failure after the
		// success.
		_, _, unknown := f.s.SignIn(f.ctx, "nobody@example.com", wrongPassword, addr)
		_, _, existing := f.s.SignIn(f.ctx, known.Email, goodPassword, addr)
		want := "There have been too many attempts to sign in. Try again after 9:19am."
		wantTooMany(t, unknown, want)
		wantTooMany(t, existing, want)
		// The rows end with the window.
		var n int
		if err := d.Read().QueryRowContext(f.ctx, "SELECT COUNT(*) FROM signin_attempts").Scan(&n); err != nil || n != 2 {
			t.Fatalf("attempt rows: %d %v", n, err)
		}
		f.clock.Add(15 * time.Minute)
		if _, err := f.s.DeleteExpiredSessions(f.ctx); err != nil {
			t.Fatal(err)
		}
		if err := d.Read().QueryRowContext(f.ctx, "SELECT COUNT(*) FROM signin_attempts").Scan(&n); err != nil || n != 0 {
			t.Fatalf("old attempts not pruned: %d %v", n, err)
		}
	})
}
