package auth_test

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
)

func mustSignIn(t *testing.T, f *fixture, email string) string {
	t.Helper()
	token, _, err := f.s.SignIn(f.ctx, email, goodPassword, "198.51.100.4")
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func sessionEnded(t *testing.T, f *fixture, token string) {
	t.Helper()
	_, _, err := f.s.Session(f.ctx, token)
	if !errs.Is(err, errs.Unauthenticated) || errs.Public(err) != "Your session has ended. Sign in again." {
		t.Fatalf("want the session ended, got %v", err)
	}
}

func TestSignInAndSession(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		u := f.user("sam.sample@example.com", auth.Screener, auth.Manager)
		token, got, err := f.s.SignIn(f.ctx, " SAM.Sample@example.com", goodPassword, "198.51.100.4")
		if err != nil || got.ID != u.ID || len(got.Roles) != 2 || len(got.TeamIDs) != 1 || got.Organisation.ID != f.org.ID {
			t.Fatalf("sign in: %+v %v", got, err)
		}
		if len(token) != 43 {
			t.Fatalf("token %q", token)
		}
		var stored, csrf string
		if err := d.Read().QueryRowContext(f.ctx, "SELECT token_hash, csrf_token FROM sessions").Scan(&stored, &csrf); err != nil {
			t.Fatal(err)
		}
		if stored == token || len(stored) != 64 || len(csrf) < 40 {
			t.Fatalf("stored %q csrf %q", stored, csrf)
		}
		var actor, addr, rec string
		if err := d.Read().QueryRowContext(f.ctx, "SELECT actor_id, address, record_type FROM audit_events WHERE action = 'sign-in'").
			Scan(&actor, &addr, &rec); err != nil || actor != u.ID || addr != "198.51.100.4" || rec != "user" {
			t.Fatalf("sign-in event: %s %s %s %v", actor, addr, rec, err)
		}
		su, sess, err := f.s.Session(f.ctx, token)
		if err != nil || su.ID != u.ID || sess.CSRFToken != csrf || !sess.CreatedAt.Equal(f.clock.Now()) {
			t.Fatalf("session: %+v %+v %v", su, sess, err)
		}
		if _, _, err := f.s.Session(f.ctx, token+"x"); !errs.Is(err, errs.Unauthenticated) {
			t.Fatalf("a wrong token: %v", err)
		}
		if _, _, err := f.s.Session(f.ctx, ""); !errs.Is(err, errs.Unauthenticated) {
			t.Fatalf("no token: %v", err)
		}

		// last_seen_at moves at most once a minute.
		lastSeen := func() time.Time {
			var at time.Time
			if err := d.Read().QueryRowContext(f.ctx, "SELECT last_seen_at FROM sessions").Scan(db.ScanTime(&at)); err != nil {
				t.Fatal(err)
			}
			return at
		}
		start := f.clock.Now()
		f.clock.Add(30 * time.Second)
		if _, _, err := f.s.Session(f.ctx, token); err != nil || !lastSeen().Equal(start) {
			t.Fatalf("after 30 s: %v, last seen %v", err, lastSeen())
		}
		f.clock.Add(31 * time.Second)
		if _, _, err := f.s.Session(f.ctx, token); err != nil || !lastSeen().Equal(f.clock.Now()) {
			t.Fatalf("after 61 s: %v, last seen %v", err, lastSeen())
		}

		// Idle: 29 minutes is fine, 31 is not.
		f.clock.Add(29 * time.Minute)
		if _, _, err := f.s.Session(f.ctx, token); err != nil {
			t.Fatalf("after 29 idle minutes: %v", err)
		}
		f.clock.Add(31 * time.Minute)
		sessionEnded(t, f, token)
		var n int
		if err := d.Read().QueryRowContext(f.ctx, "SELECT COUNT(*) FROM sessions").Scan(&n); err != nil || n != 0 {
			t.Fatalf("an ended session is deleted: %d %v", n, err)
		}

		// Absolute: a session in use every 20 minutes still ends at 12 hours.
		token = mustSignIn(t, f, u.Email)
		for elapsed := 20 * time.Minute; elapsed <= 12*time.Hour; elapsed += 20 * time.Minute {
			f.clock.Add(20 * time.Minute)
			if _, _, err := f.s.Session(f.ctx, token); err != nil {
				t.Fatalf("active session after %v: %v", elapsed, err)
			}
		}
		f.clock.Add(time.Minute)
		sessionEnded(t, f, token)

		// Sign out ends one session; sign out everywhere ends them all.
		one, two := mustSignIn(t, f, u.Email), mustSignIn(t, f, u.Email)
		if err := f.s.SignOut(f.ctx, one); err != nil {
			t.Fatal(err)
		}
		sessionEnded(t, f, one)
		if _, _, err := f.s.Session(f.ctx, two); err != nil {
			t.Fatalf("the other session: %v", err)
		}
		if err := f.s.SignOutEverywhere(f.ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		sessionEnded(t, f, two)
		if err := f.s.SignOutEverywhere(f.ctx, db.NewID()); !errs.Is(err, errs.NotFound) {
			t.Fatalf("sign out a missing user: %v", err)
		}
	})
}

func TestDeleteExpiredSessions(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		u := f.user("kit.sample@example.com")
		old := mustSignIn(t, f, u.Email)
		f.clock.Add(20 * time.Minute)
		fresh := mustSignIn(t, f, u.Email)
		f.clock.Add(15 * time.Minute)
		n, err := f.s.DeleteExpiredSessions(f.ctx)
		if err != nil || n != 1 {
			t.Fatalf("deleted %d, %v", n, err)
		}
		sessionEnded(t, f, old)
		if _, _, err := f.s.Session(f.ctx, fresh); err != nil {
			t.Fatalf("the fresh session: %v", err)
		}
	})
}

func TestNoEnumeration(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.user("lee.sample@example.com")
		inactive := f.user("former@example.com")
		if _, err := f.s.UpdateUser(f.ctx, inactive.ID, auth.UserInput{Email: inactive.Email, Name: inactive.Name,
			OrganisationID: f.org.ID, Roles: inactive.Roles, Active: false}); err != nil {
			t.Fatal(err)
		}
		_, _, wrong := f.s.SignIn(f.ctx, "lee.sample@example.com", wrongPassword, "203.0.113.9")
		_, _, unknown := f.s.SignIn(f.ctx, "nobody@example.com", wrongPassword, "203.0.113.9")
		_, _, gone := f.s.SignIn(f.ctx, "former@example.com", goodPassword, "203.0.113.9")
		for _, err := range []error{wrong, unknown, gone} {
			if !errs.Is(err, errs.Unauthenticated) || err.Error() != wrong.Error() ||
				errs.Public(err) != "Enter a correct email address and password" {
				t.Fatalf("sign-in errors differ: %v / %v / %v", wrong, unknown, gone)
			}
		}
	})
}

func TestDeactivationEndsAccess(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		u := f.user("jo.sample@example.com")
		token := mustSignIn(t, f, u.Email)
		plain, _, err := f.s.CreateToken(auth.WithUser(f.ctx, u), u.ID, "Nightly report")
		if err != nil {
			t.Fatal(err)
		}
		in := auth.UserInput{Email: u.Email, Name: u.Name, OrganisationID: f.org.ID, Roles: u.Roles, TeamIDs: u.TeamIDs}
		got, err := f.s.UpdateUser(f.ctx, u.ID, in)
		if err != nil || got.Active {
			t.Fatalf("deactivate: %+v %v", got, err)
		}
		sessionEnded(t, f, token)
		if _, err := f.s.UserByToken(f.ctx, plain); !errs.Is(err, errs.Unauthenticated) {
			t.Fatalf("token of an inactive user: %v", err)
		}
		toks, err := f.s.ListTokens(f.ctx, u.ID)
		if err != nil || len(toks) != 1 || !toks[0].Revoked() {
			t.Fatalf("tokens: %+v %v", toks, err)
		}
		if _, _, err := f.s.SignIn(f.ctx, u.Email, goodPassword, "192.0.2.1"); !errs.Is(err, errs.Unauthenticated) {
			t.Fatalf("inactive sign-in: %v", err)
		}
		var detail string
		if err := d.Read().QueryRowContext(f.ctx, "SELECT detail FROM audit_events WHERE record_type = 'user' AND action = 'update'").
			Scan(&detail); err != nil || detail != "changed active; 1 session ended; 1 API token revoked" {
			t.Fatalf("detail %q %v", detail, err)
		}
		// Reactivating does not bring the token back.
		in.Active = true
		if _, err := f.s.UpdateUser(f.ctx, u.ID, in); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.UserByToken(f.ctx, plain); !errs.Is(err, errs.Unauthenticated) {
			t.Fatalf("token after reactivation: %v", err)
		}
		mustSignIn(t, f, u.Email)
	})
}

// holdWriter stands for a long write elsewhere (a large import): on SQLite
// it holds the one writer, on PostgreSQL the rows of every session and API
// token, until release is called.
func holdWriter(t *testing.T, d *db.DB) (release func()) {
	t.Helper()
	held, done, stop := make(chan error, 1), make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		_ = d.Tx(context.Background(), func(tx *sql.Tx) error {
			for _, q := range []string{"UPDATE sessions SET last_seen_at = last_seen_at", "UPDATE api_tokens SET last_used_at = last_used_at"} {
				if _, err := tx.ExecContext(context.Background(), q); err != nil {
					held <- err
					return err
				}
			}
			held <- nil
			<-stop
			return nil
		})
	}()
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	release = func() { once.Do(func() { close(stop); <-done }) }
	t.Cleanup(release)
	return release
}

// TestTouchNeverFailsARequest: noting a session's or API token's last use
// is housekeeping. While another write holds the database past the
// moment a request can wait, the request is served without it, the skip is
// logged once (without the token or who it was), the next request notes
// the use, and a session whose use was never noted still ends when idle.
func TestTouchNeverFailsARequest(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		u := f.user("sam.sample@example.com", auth.Screener)
		var logs bytes.Buffer
		f.s.Log = slog.New(slog.NewJSONHandler(&logs, nil))
		signedIn := f.clock.Now()
		busy := mustSignIn(t, f, "sam.sample@example.com")
		idle := mustSignIn(t, f, "sam.sample@example.com")
		plain, tok, err := f.s.CreateToken(auth.WithUser(f.ctx, u), u.ID, "Partner system")
		if err != nil {
			t.Fatal(err)
		}
		lastSeen := func(token string) time.Time {
			t.Helper()
			var at time.Time
			if err := d.Read().QueryRowContext(f.ctx, "SELECT last_seen_at FROM sessions WHERE token_hash = $1", auth.HashToken(token)).
				Scan(db.ScanTime(&at)); err != nil {
				t.Fatal(err)
			}
			return at
		}
		lastUsed := func() time.Time {
			t.Helper()
			var at time.Time
			if err := d.Read().QueryRowContext(f.ctx, "SELECT last_used_at FROM api_tokens WHERE id = $1", tok.ID).
				Scan(db.ScanTime(&at)); err != nil {
				t.Fatal(err)
			}
			return at
		}

		f.clock.Add(20 * time.Minute)
		release := holdWriter(t, d)
		for _, token := range []string{busy, idle} {
			if got, _, err := f.s.Session(f.ctx, token); err != nil || got.ID != u.ID {
				t.Fatalf("a busy database failed a signed-in request: %v", err)
			}
		}
		if got, err := f.s.UserByToken(f.ctx, plain); err != nil || got.ID != u.ID {
			t.Fatalf("a busy database failed an API request: %v", err)
		}
		// (Read while the write is still held: a note PostgreSQL had
		// already been asked to cancel may yet land once it is released.)
		if !lastSeen(busy).Equal(signedIn) || !lastUsed().IsZero() {
			t.Fatalf("noted while the database was busy: %s %s", lastSeen(busy), lastUsed())
		}
		release()
		lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
		if len(lines) != 1 || !strings.Contains(lines[0], "skipped") {
			t.Fatalf("want one line saying the notes were skipped, got %q", logs.String())
		}
		for _, secret := range []string{busy, idle, plain, auth.HashToken(busy), auth.HashToken(plain), u.ID, u.Email, tok.ID} {
			if strings.Contains(logs.String(), secret) {
				t.Fatalf("the log names the session, token or user: %s", logs.String())
			}
		}

		// The next request notes the use.
		if _, _, err := f.s.Session(f.ctx, busy); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.UserByToken(f.ctx, plain); err != nil {
			t.Fatal(err)
		}
		if !lastSeen(busy).Equal(f.clock.Now()) || !lastUsed().Equal(f.clock.Now()) {
			t.Fatalf("not noted once the database was free: %s %s", lastSeen(busy), lastUsed())
		}
		// The idle session's skipped note did not keep it alive: 31
		// minutes after its last noted use, it has ended; the other has not.
		f.clock.Add(11 * time.Minute)
		sessionEnded(t, f, idle)
		if _, _, err := f.s.Session(f.ctx, busy); err != nil {
			t.Fatalf("the session in use ended: %v", err)
		}
	})
}
