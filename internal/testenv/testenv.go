// Package testenv is the feature packages' shared test environment: a fresh
// database of the platform's, people's, the calendar's and tasks' tables,
// their services on one test clock, and helpers to make an invented
// partnership's organisations, teams, staff and young people. A feature's
// tests embed an Env and add their own service:
//
//	e := testenv.New(t, d, time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC))
//	north := e.Org("Northfield City Council", auth.LocalAuthority)
//	lead := e.User(north, "Lena Dorrit", nil, auth.Lead)
//
// Every name made here is invented. Only tests import this package.
package testenv

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/idem"
	"mace/internal/platform/testclock"
	"mace/internal/task"
)

// Password is every test user's password.
const Password = "synthetic-passphrase-for-tests-7"

// Migrations are the tables every Env needs, followed by the feature's own.
func Migrations(feature ...[]db.Migration) []db.Migration {
	return slices.Concat(append([][]db.Migration{auth.Migrations, audit.Migrations, access.Migrations, idem.Migrations,
		people.Migrations, calendar.Migrations, task.Migrations}, feature...)...)
}

// Env is the services every feature test needs, over one database and
// one clock.
type Env struct {
	T          testing.TB
	DB         *db.DB
	Clock      *testclock.Clock
	Audit      *audit.Log
	Auth       *auth.Service
	People     *people.Service
	Tasks      *task.Service
	Calendar   *calendar.Service
	Timescales calendar.Timescales
}

// New makes the services on d (made with Migrations) at the instant now.
func New(t testing.TB, d *db.DB, now time.Time) *Env {
	t.Helper()
	c := testclock.New(now)
	a := audit.New(c.Now)
	au := auth.NewService(d, a, c.Now)
	return &Env{T: t, DB: d, Clock: c, Audit: a, Auth: au,
		People:     &people.Service{DB: d, Audit: a, Orgs: au, Now: c.Now},
		Tasks:      &task.Service{DB: d, Audit: a, Directory: au, Now: c.Now},
		Calendar:   &calendar.Service{DB: d, Audit: a, Now: c.Now},
		Timescales: calendar.DefaultTimescales()}
}

// As is a context signed in as u.
func As(u *auth.User) context.Context { return auth.WithUser(context.Background(), u) }

// Org makes an organisation.
func (e *Env) Org(name string, typ auth.OrgType) auth.Organisation {
	e.T.Helper()
	o, err := e.Auth.CreateOrganisation(context.Background(), name, typ)
	if err != nil {
		e.T.Fatal(err)
	}
	return o
}

// Team makes a team of org.
func (e *Env) Team(org auth.Organisation, name, area string) auth.Team {
	e.T.Helper()
	tm, err := e.Auth.CreateTeam(context.Background(), org.ID, name, area)
	if err != nil {
		e.T.Fatal(err)
	}
	return tm
}

// User makes an active user of org, in teams, with roles; the email is the
// name in lower case with dots, at example.org.
func (e *Env) User(org auth.Organisation, name string, teams []string, roles ...auth.Role) *auth.User {
	e.T.Helper()
	ctx := context.Background()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.org"
	u, err := e.Auth.CreateUser(ctx, auth.UserInput{Email: email, Name: name, OrganisationID: org.ID,
		Password: Password, Roles: roles, TeamIDs: teams, Active: true})
	if err != nil {
		e.T.Fatal(err)
	}
	if u, err = e.Auth.GetUser(ctx, u.ID); err != nil {
		e.T.Fatal(err)
	}
	return u
}

// Person makes a person record owned by owner, as by (whose organisation
// is then involved with it). dob may be empty for an adult of unknown age.
func (e *Env) Person(by *auth.User, owner auth.Organisation, kind, given, family, dob string) *people.Person {
	e.T.Helper()
	p, err := e.People.Create(As(by), people.Input{Kind: kind, GivenName: given, FamilyName: family,
		DateOfBirth: dob, Gender: "not-known", OwnerOrgID: owner.ID}, "")
	if err != nil {
		e.T.Fatalf("creating a person: %v %v", err, errs.Fields(err))
	}
	return p
}

// Count runs a query that counts.
func (e *Env) Count(query string, args ...any) int {
	e.T.Helper()
	var n int
	if err := e.DB.Read().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		e.T.Fatal(err)
	}
	return n
}

// Events is the audit trail of records, oldest first, each event as the
// columns asked for (actor_id, actor_name, action, person_id, detail...)
// joined by spaces, leaving out empty ones. where is the condition on
// audit_events, with its args.
func (e *Env) Events(columns []string, where string, args ...any) [][]string {
	e.T.Helper()
	rows, err := e.DB.Read().QueryContext(context.Background(), "SELECT "+strings.Join(columns, ", ")+
		" FROM audit_events WHERE "+where+" ORDER BY seq", args...)
	if err != nil {
		e.T.Fatal(err)
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		vals := make([]string, len(columns))
		ptrs := make([]any, len(columns))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			e.T.Fatal(err)
		}
		out = append(out, vals)
	}
	if err := rows.Err(); err != nil {
		e.T.Fatal(err)
	}
	return out
}

// Join joins the non-empty parts with spaces.
func Join(parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, " ")
}

// Verify checks the audit trail's hash chain.
func (e *Env) Verify() {
	e.T.Helper()
	if r, err := audit.Verify(context.Background(), e.DB); err != nil || !r.OK {
		e.T.Fatalf("audit trail: %v %v", r, err)
	}
}

// WantKind fails t unless err is of kind k.
func WantKind(t testing.TB, err error, k errs.Kind) {
	t.Helper()
	if !errs.Is(err, k) {
		t.Fatalf("got error %v (kind %v), want kind %v", err, errs.KindOf(err), k)
	}
}

// WantField fails t unless err is invalid with message msg on field.
func WantField(t testing.TB, err error, field, msg string) {
	t.Helper()
	WantKind(t, err, errs.Invalid)
	for _, f := range errs.Fields(err) {
		if f.Field == field {
			if f.Message != msg {
				t.Errorf("%s: message %q, want %q", field, f.Message, msg)
			}
			return
		}
	}
	t.Errorf("no problem with %s in %v", field, errs.Fields(err))
}

// TasksOf is the tasks of a kind, oldest first, as stored.
func (e *Env) TasksOf(kind string) []task.Task {
	e.T.Helper()
	rows, err := e.DB.Read().QueryContext(context.Background(), `SELECT id, title, record_id, due_at, state,
		COALESCE(owner_team_id, ''), COALESCE(owner_user_id, ''), COALESCE(dedupe_key, '')
		FROM tasks WHERE kind = $1 ORDER BY created_at, id`, kind)
	if err != nil {
		e.T.Fatal(err)
	}
	defer rows.Close()
	var out []task.Task
	for rows.Next() {
		var t task.Task
		if err := rows.Scan(&t.ID, &t.Title, &t.RecordID, db.ScanTime(&t.DueAt), &t.State, &t.OwnerTeamID,
			&t.OwnerUserID, &t.DedupeKey); err != nil {
			e.T.Fatal(err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		e.T.Fatal(err)
	}
	return out
}
