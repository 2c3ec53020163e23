package auth_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
)

func TestTokens(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		s := f.s
		u := f.user("pat.sample@example.com")
		ctx := auth.WithUser(f.ctx, u) // people make their own tokens
		_, _, err := s.CreateToken(ctx, u.ID, "  ")
		fieldErr(t, err, "name", "Enter a name for the token")
		if _, _, err := s.CreateToken(context.Background(), db.NewID(), "Reports"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("token for a missing user: %v", err)
		}
		plain, tok, err := s.CreateToken(ctx, u.ID, " Reports ")
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`^mace_[a-z2-7]{52}$`).MatchString(plain) || tok.Name != "Reports" || tok.UserID != u.ID {
			t.Fatalf("token %q %+v", plain, tok)
		}
		var n int
		if err := d.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM api_tokens WHERE token_hash = $1 OR name = $1", plain).
			Scan(&n); err != nil || n != 0 {
			t.Fatalf("plaintext stored: %d %v", n, err)
		}
		got, err := s.UserByToken(ctx, plain)
		if err != nil || got.ID != u.ID || len(got.Roles) != 1 {
			t.Fatalf("user by token: %+v %v", got, err)
		}
		// last_used_at moves at most once a minute.
		first := f.clock.Now()
		f.clock.Add(20 * time.Second)
		if _, err := s.UserByToken(ctx, plain); err != nil {
			t.Fatal(err)
		}
		toks, err := s.ListTokens(ctx, u.ID)
		if err != nil || len(toks) != 1 || !toks[0].LastUsedAt.Equal(first) || toks[0].Revoked() {
			t.Fatalf("list: %+v %v", toks, err)
		}
		f.clock.Add(time.Minute)
		if _, err := s.UserByToken(ctx, plain); err != nil {
			t.Fatal(err)
		}
		if toks, _ = s.ListTokens(ctx, u.ID); !toks[0].LastUsedAt.Equal(f.clock.Now()) {
			t.Fatalf("last used %v", toks[0].LastUsedAt)
		}
		for _, bad := range []string{"", "mace_", plain + "a", plain[5:], "MACE_" + plain[5:]} {
			if _, err := s.UserByToken(ctx, bad); !errs.Is(err, errs.Unauthenticated) || errs.Public(err) != "The API token is not valid" {
				t.Fatalf("%q: %v", bad, err)
			}
		}
		second, _, err := s.CreateToken(ctx, u.ID, "Second")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeToken(ctx, tok.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeToken(ctx, tok.ID); err != nil {
			t.Fatalf("revoking twice: %v", err)
		}
		if err := s.RevokeToken(ctx, db.NewID()); !errs.Is(err, errs.NotFound) {
			t.Fatalf("revoking a missing token: %v", err)
		}
		if _, err := s.UserByToken(ctx, plain); errs.Public(err) != "The API token is not valid" {
			t.Fatalf("revoked token: %v", err)
		}
		if _, err := s.UserByToken(ctx, second); err != nil {
			t.Fatalf("the other token: %v", err)
		}
		toks, err = s.ListTokens(ctx, u.ID)
		if err != nil || len(toks) != 2 || toks[0].Name != "Second" || !toks[1].Revoked() {
			t.Fatalf("list: %+v %v", toks, err)
		}
		if err := d.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM audit_events WHERE record_type = 'api-token'").
			Scan(&n); err != nil || n != 3 {
			t.Fatalf("token events: %d %v", n, err)
		}
	})
}
