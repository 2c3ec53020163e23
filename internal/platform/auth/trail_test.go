package auth_test

import (
	"testing"

	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
)

// TestAccessChangesOnTheTrail: a user's roles, organisation and teams are
// recorded with their old and new values (finding: the trail said only
// that fields changed).
func TestAccessChangesOnTheTrail(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		s, ctx := f.s, f.ctx
		other, err := s.CreateOrganisation(ctx, "Gammaville Academy", auth.Education)
		if err != nil {
			t.Fatal(err)
		}
		u := f.user("noor.sample@example.com", auth.Lead)
		details := func() []string {
			rows, err := d.Read().QueryContext(ctx, "SELECT detail FROM audit_events WHERE record_type = 'user' AND record_id = $1 ORDER BY seq", u.ID)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				var s string
				rows.Scan(&s)
				out = append(out, s)
			}
			return out
		}
		in := auth.UserInput{Email: u.Email, Name: u.Name, OrganisationID: f.org.ID,
			Roles: []auth.Role{auth.Lead, auth.Manager}, TeamIDs: u.TeamIDs, Active: true}
		if _, err := s.UpdateUser(ctx, u.ID, in); err != nil {
			t.Fatal(err)
		}
		in.OrganisationID, in.TeamIDs = other.ID, nil
		if _, err := s.UpdateUser(ctx, u.ID, in); err != nil {
			t.Fatal(err)
		}
		want := []string{
			"created with roles: lead; organisation: Testshire County Council; teams: Exploitation Team A",
			"changed roles; roles: lead → lead, manager",
			"changed organisation_id, team_ids; organisation: Testshire County Council → Gammaville Academy; teams: Exploitation Team A → none",
		}
		got := details()
		if len(got) != len(want) {
			t.Fatalf("trail %q", got)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("event %d: %q, want %q", i, got[i], want[i])
			}
		}
		// Nobody makes a token for someone else.
		if _, _, err := s.CreateToken(auth.WithUser(ctx, &auth.User{ID: "someone-else"}), u.ID, "x"); !errs.Is(err, errs.Forbidden) {
			t.Errorf("token for another: %v", err)
		}
	})
}
