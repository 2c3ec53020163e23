package auth_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/platform/testclock"
)

var migrations = append(slices.Clone(auth.Migrations), audit.Migrations...)

// auditTrail adapts the audit log to the service.
func auditTrail(l *audit.Log) auth.Auditor {
	return auth.AuditFunc(func(ctx context.Context, tx *sql.Tx, e auth.AuditEvent) error {
		return l.Record(ctx, tx, audit.Event{Action: e.Action, RecordType: e.RecordType, RecordID: e.RecordID,
			Detail: e.Detail, Address: e.Address})
	})
}

// Synthetic passwords used by the tests; none may reach the audit trail.
const (
	goodPassword  = "correct-horse-battery-7"
	otherPassword = "another-long-passphrase-2"
	wrongPassword = "not-the-right-one-at-all"
)

type fixture struct {
	t     *testing.T
	d     *db.DB
	s     *auth.Service
	clock *testclock.Clock
	ctx   context.Context // acting as an administrator
	org   auth.Organisation
	team  auth.Team
}

// newFixture makes a service on d with an organisation and team, and checks
// when the test ends that the audit trail verifies and holds no password.
func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	c := testclock.New(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	s := auth.NewService(d, auditTrail(audit.New(c.Now)), c.Now)
	admin := &auth.User{ID: "admin-1", Name: "Test Administrator", Roles: []auth.Role{auth.Administrator}}
	f := &fixture{t: t, d: d, s: s, clock: c, ctx: auth.WithUser(context.Background(), admin)}
	var err error
	if f.org, err = s.CreateOrganisation(f.ctx, "Testshire County Council", auth.LocalAuthority); err != nil {
		t.Fatal(err)
	}
	if f.team, err = s.CreateTeam(f.ctx, f.org.ID, "Exploitation Team A", "North"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		r, err := audit.Verify(ctx, d)
		if err != nil || !r.OK {
			t.Errorf("audit trail: %v %v", r, err)
		}
		rows, err := d.Read().QueryContext(ctx, "SELECT detail FROM audit_events")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var detail string
			if err := rows.Scan(&detail); err != nil {
				t.Fatal(err)
			}
			for _, pw := range []string{goodPassword, otherPassword, wrongPassword, "argon2"} {
				if strings.Contains(detail, pw) {
					t.Errorf("audit detail %q holds a password or hash", detail)
				}
			}
		}
	})
	return f
}

// user makes an active user with the good password.
func (f *fixture) user(email string, roles ...auth.Role) *auth.User {
	f.t.Helper()
	if len(roles) == 0 {
		roles = []auth.Role{auth.Practitioner}
	}
	u, err := f.s.CreateUser(f.ctx, auth.UserInput{Email: email, Name: "Person " + email[:strings.IndexByte(email, '@')],
		OrganisationID: f.org.ID, Password: goodPassword, Roles: roles, TeamIDs: []string{f.team.ID}, Active: true})
	if err != nil {
		f.t.Fatal(err)
	}
	return u
}

func fieldErr(t *testing.T, err error, field, message string) {
	t.Helper()
	if !errs.Is(err, errs.Invalid) {
		t.Fatalf("want a validation error on %s, got %v", field, err)
	}
	for _, fe := range errs.Fields(err) {
		if fe.Field == field {
			if fe.Message != message {
				t.Fatalf("%s: got %q, want %q", field, fe.Message, message)
			}
			return
		}
	}
	t.Fatalf("no error on %s in %+v", field, errs.Fields(err))
}

func TestOrganisations(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		s, ctx := f.s, f.ctx
		_, err := s.CreateOrganisation(ctx, "  testshire county COUNCIL ", auth.LocalAuthority)
		fieldErr(t, err, "name", "An organisation called testshire county COUNCIL already exists")
		_, err = s.CreateOrganisation(ctx, " ", "nonsense")
		fieldErr(t, err, "name", "Enter the organisation's name")
		fieldErr(t, err, "type", "Select the type of organisation")
		police, err := s.CreateOrganisation(ctx, "Examplefield Constabulary", auth.PoliceForce)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.GetOrganisation(ctx, police.ID)
		if err != nil || got != police {
			t.Fatalf("get: %+v %v, want %+v", got, err, police)
		}
		if _, err := s.GetOrganisation(ctx, db.NewID()); !errs.Is(err, errs.NotFound) {
			t.Fatalf("missing organisation: %v", err)
		}
		_, err = s.UpdateOrganisation(ctx, police.ID, "Testshire County Council", auth.PoliceForce)
		fieldErr(t, err, "name", "An organisation called Testshire County Council already exists")
		upd, err := s.UpdateOrganisation(ctx, police.ID, "Alphaton Police", auth.PoliceForce)
		if err != nil || upd.Name != "Alphaton Police" {
			t.Fatalf("update: %+v %v", upd, err)
		}
		if _, err := s.UpdateOrganisation(ctx, db.NewID(), "Anything", auth.Health); !errs.Is(err, errs.NotFound) {
			t.Fatalf("update missing: %v", err)
		}
		list, err := s.ListOrganisations(ctx)
		if err != nil || len(list) != 2 || list[0].Name != "Alphaton Police" || list[1].ID != f.org.ID {
			t.Fatalf("list: %+v %v", list, err)
		}
		var detail string
		if err := d.Read().QueryRowContext(ctx, "SELECT detail FROM audit_events WHERE record_type = 'organisation' AND action = 'update'").
			Scan(&detail); err != nil || detail != "changed name" {
			t.Fatalf("update detail %q %v", detail, err)
		}
	})
}

func TestTeams(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		s, ctx := f.s, f.ctx
		other, err := s.CreateOrganisation(ctx, "Alphaton Health Trust", auth.Health)
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.CreateTeam(ctx, f.org.ID, "exploitation team a", "")
		fieldErr(t, err, "name", "A team called exploitation team a already exists in this organisation")
		_, err = s.CreateTeam(ctx, "", "", "")
		fieldErr(t, err, "organisation_id", "Select an organisation")
		fieldErr(t, err, "name", "Enter the team's name")
		same, err := s.CreateTeam(ctx, other.ID, "Exploitation Team A", "")
		if err != nil {
			t.Fatalf("same name in another organisation: %v", err)
		}
		b, err := s.CreateTeam(ctx, f.org.ID, "Adolescent Team B", " South ")
		if err != nil || b.Locality != "South" {
			t.Fatalf("%+v %v", b, err)
		}
		all, err := s.ListTeams(ctx, "")
		if err != nil || len(all) != 3 || all[0].ID != same.ID || all[1].ID != b.ID || all[2].ID != f.team.ID {
			t.Fatalf("all teams: %+v %v", all, err)
		}
		mine, err := s.ListTeams(ctx, f.org.ID)
		if err != nil || len(mine) != 2 {
			t.Fatalf("org teams: %+v %v", mine, err)
		}
		_, err = s.UpdateTeam(ctx, b.ID, "Exploitation Team A", "")
		fieldErr(t, err, "name", "A team called Exploitation Team A already exists in this organisation")
		upd, err := s.UpdateTeam(ctx, b.ID, "Adolescent Team B", "East")
		if err != nil || upd.Locality != "East" || upd.OrganisationID != f.org.ID {
			t.Fatalf("update: %+v %v", upd, err)
		}
		if got, err := s.GetTeam(ctx, b.ID); err != nil || got != upd {
			t.Fatalf("get: %+v %v", got, err)
		}
		if _, err := s.GetTeam(ctx, db.NewID()); !errs.Is(err, errs.NotFound) {
			t.Fatalf("missing team: %v", err)
		}
	})
}

func TestUserValidation(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.user("taken@example.com")
		other, err := f.s.CreateOrganisation(f.ctx, "Betaford Youth Justice", auth.YouthJustice)
		if err != nil {
			t.Fatal(err)
		}
		otherTeam, err := f.s.CreateTeam(f.ctx, other.ID, "Youth Team", "")
		if err != nil {
			t.Fatal(err)
		}
		good := auth.UserInput{Email: "new@example.com", Name: "Casey Example", OrganisationID: f.org.ID,
			Password: goodPassword, Roles: []auth.Role{auth.Screener}, Active: true}
		for _, c := range []struct {
			name, field, message string
			edit                 func(in *auth.UserInput)
		}{
			{"no email", "email", "Enter an email address", func(in *auth.UserInput) { in.Email = " " }},
			{"bad email", "email", "Enter an email address in the correct format, like name@example.com", func(in *auth.UserInput) { in.Email = "casey.example" }},
			{"display name", "email", "Enter an email address in the correct format, like name@example.com", func(in *auth.UserInput) { in.Email = "Casey <c@example.com>" }},
			{"no domain dot", "email", "Enter an email address in the correct format, like name@example.com", func(in *auth.UserInput) { in.Email = "c@localhost" }},
			{"duplicate email", "email", "A user with this email address already exists", func(in *auth.UserInput) { in.Email = " TAKEN@Example.com " }},
			{"no name", "name", "Enter the user's name", func(in *auth.UserInput) { in.Name = "  " }},
			{"no organisation", "organisation_id", "Select an organisation", func(in *auth.UserInput) { in.OrganisationID = "" }},
			{"unknown organisation", "organisation_id", "Select an organisation", func(in *auth.UserInput) { in.OrganisationID = db.NewID() }},
			{"no password", "password", "Enter a password", func(in *auth.UserInput) { in.Password = "" }},
			{"short password", "password", "Enter a password that is at least 12 characters long", func(in *auth.UserInput) { in.Password = "short" }},
			{"repeated password", "password", "Enter a password that is not just one character repeated", func(in *auth.UserInput) { in.Password = strings.Repeat("a", 20) }},
			{"no roles", "roles", "Select at least one role", func(in *auth.UserInput) { in.Roles = nil }},
			{"unknown role", "roles", "Select roles from the list", func(in *auth.UserInput) { in.Roles = []auth.Role{auth.Screener, "superuser"} }},
			{"other organisation's team", "team_ids", "Select teams in the user's organisation", func(in *auth.UserInput) { in.TeamIDs = []string{f.team.ID, otherTeam.ID} }},
			{"unknown team", "team_ids", "Select teams in the user's organisation", func(in *auth.UserInput) { in.TeamIDs = []string{db.NewID()} }},
		} {
			t.Run(c.name, func(t *testing.T) {
				in := good
				c.edit(&in)
				_, err := f.s.CreateUser(f.ctx, in)
				fieldErr(t, err, c.field, c.message)
				if n := len(errs.Fields(err)); n != 1 {
					t.Fatalf("want one field error, got %+v", errs.Fields(err))
				}
			})
		}
		if _, err := f.s.CreateUser(f.ctx, good); err != nil {
			t.Fatalf("the good input: %v", err)
		}
	})
}

func TestUsers(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		s, ctx := f.s, f.ctx
		teamB, err := s.CreateTeam(ctx, f.org.ID, "Adolescent Team B", "")
		if err != nil {
			t.Fatal(err)
		}
		u, err := s.CreateUser(ctx, auth.UserInput{Email: " Robin.Sample@Example.COM ", Name: " Robin Sample ",
			OrganisationID: f.org.ID, Password: goodPassword, Active: true,
			Roles: []auth.Role{auth.Manager, auth.Screener, auth.Manager}, TeamIDs: []string{teamB.ID, f.team.ID, teamB.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if u.Email != "robin.sample@example.com" || u.Name != "Robin Sample" || !u.Active ||
			!slices.Equal(u.Roles, []auth.Role{auth.Screener, auth.Manager}) || len(u.TeamIDs) != 2 ||
			u.Organisation != f.org || u.CreatedAt != f.clock.Now() {
			t.Fatalf("created %+v", u)
		}
		got, err := s.GetUser(ctx, u.ID)
		if err != nil || fmt.Sprint(got) != fmt.Sprint(u) {
			t.Fatalf("get: %+v %v", got, err)
		}
		if got, err := s.UserByEmail(ctx, "ROBIN.sample@example.com "); err != nil || got.ID != u.ID {
			t.Fatalf("by email: %+v %v", got, err)
		}
		if _, err := s.GetUser(ctx, db.NewID()); !errs.Is(err, errs.NotFound) {
			t.Fatalf("missing user: %v", err)
		}
		f.user("zed@example.com")
		other, _ := s.CreateOrganisation(ctx, "Gammaville Academy", auth.Education)
		if _, err := s.CreateUser(ctx, auth.UserInput{Email: "abe@example.com", Name: "Abe Sample", OrganisationID: other.ID,
			Password: goodPassword, Roles: []auth.Role{auth.Referrer}, Active: true}); err != nil {
			t.Fatal(err)
		}
		all, err := s.ListUsers(ctx, "")
		if err != nil || len(all) != 3 || all[0].Name != "Abe Sample" || all[2].ID != u.ID || len(all[0].TeamIDs) != 0 ||
			!slices.Equal(all[2].Roles, u.Roles) || !slices.Equal(all[2].TeamIDs, u.TeamIDs) {
			t.Fatalf("all users: %+v %v", all, err)
		}
		mine, err := s.ListUsers(ctx, f.org.ID)
		if err != nil || len(mine) != 2 || mine[1].ID != u.ID || len(mine[0].Roles) != 1 {
			t.Fatalf("org users: %+v %v", mine, err)
		}

		// An update with no password keeps the old one.
		in := auth.UserInput{Email: u.Email, Name: "Robin Sample-Jones", OrganisationID: f.org.ID,
			Roles: []auth.Role{auth.Lead}, TeamIDs: []string{f.team.ID}, Active: true}
		upd, err := s.UpdateUser(ctx, u.ID, in)
		if err != nil || upd.Name != "Robin Sample-Jones" || !slices.Equal(upd.Roles, []auth.Role{auth.Lead}) || len(upd.TeamIDs) != 1 {
			t.Fatalf("update: %+v %v", upd, err)
		}
		if _, _, err := s.SignIn(ctx, u.Email, goodPassword, "192.0.2.1"); err != nil {
			t.Fatalf("old password after update: %v", err)
		}
		var detail string
		if err := d.Read().QueryRowContext(ctx, "SELECT detail FROM audit_events WHERE record_type = 'user' AND action = 'update'").
			Scan(&detail); err != nil || detail != "changed name, roles, team_ids; roles: screener, manager → lead; "+
			"teams: Adolescent Team B, Exploitation Team A → Exploitation Team A" {
			t.Fatalf("update detail %q %v", detail, err)
		}
		// A short new password is refused; a good one replaces the old.
		in.Password = "too-short"
		_, err = s.UpdateUser(ctx, u.ID, in)
		fieldErr(t, err, "password", "Enter a password that is at least 12 characters long")
		in.Password = otherPassword
		if _, err := s.UpdateUser(ctx, u.ID, in); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SignIn(ctx, u.Email, goodPassword, "192.0.2.1"); !errs.Is(err, errs.Unauthenticated) {
			t.Fatalf("old password after change: %v", err)
		}
		if _, _, err := s.SignIn(ctx, u.Email, otherPassword, "192.0.2.1"); err != nil {
			t.Fatalf("new password: %v", err)
		}
		// Moving organisation needs teams of the new organisation.
		in.Password, in.OrganisationID = "", other.ID
		_, err = s.UpdateUser(ctx, u.ID, in)
		fieldErr(t, err, "team_ids", "Select teams in the user's organisation")
		if _, err := s.UpdateUser(ctx, db.NewID(), in); !errs.Is(err, errs.NotFound) {
			t.Fatalf("update missing: %v", err)
		}
	})
}
