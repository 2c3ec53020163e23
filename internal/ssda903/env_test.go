package ssda903_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"mace/internal/missing"
	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/idem"
	"mace/internal/platform/testclock"
	"mace/internal/ssda903"
	"mace/internal/task"
)

var migrations = slices.Concat(auth.Migrations, audit.Migrations, access.Migrations, people.Migrations, idem.Migrations,

	calendar.Migrations, task.Migrations, missing.Migrations)

// env is the missing service and this package's on a fresh database with two local authorities,
// two police forces and their staff. Every name in it is invented.
type env struct {
	t                         *testing.T
	d                         *db.DB
	clock                     *testclock.Clock
	auth                      *auth.Service
	people                    *people.Service
	tasks                     *task.Service
	svc                       *missing.Service
	returns                   *ssda903.Service
	north, south, police, far auth.Organisation
	missingTeam, frontDoor    auth.Team
	coordinator, screener     *auth.User // Northfield
	practitioner, referrer    *auth.User // Northfield
	southCoordinator          *auth.User
	officer, farOfficer       *auth.User
	child                     *people.Person // Northfield's, known to the police
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	c := testclock.New(time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC))
	a := audit.New(c.Now)
	au := auth.NewService(d, a, c.Now)
	ps := &people.Service{DB: d, Audit: a, Orgs: au, Now: c.Now}
	ts := &task.Service{DB: d, Audit: a, Directory: au, Now: c.Now}
	e := &env{t: t, d: d, clock: c, auth: au, people: ps, tasks: ts,
		svc: &missing.Service{DB: d, Audit: a, Directory: au, Tasks: ts,
			Calendar: &calendar.Service{DB: d, Audit: a, Now: c.Now}, Timescales: calendar.DefaultTimescales(), Now: c.Now}}
	e.returns = &ssda903.Service{DB: d, Audit: a, Directory: au, Missing: e.svc, Now: c.Now}
	ctx := context.Background()
	e.north = e.org("Northfield City Council", auth.LocalAuthority)
	e.south = e.org("Southby Borough Council", auth.LocalAuthority)
	e.police = e.org("Westmarch Police", auth.PoliceForce)
	e.far = e.org("Eastmoor Constabulary", auth.PoliceForce)
	var err error
	if e.missingTeam, err = au.CreateTeam(ctx, e.north.ID, "Missing and return interviews", ""); err != nil {
		t.Fatal(err)
	}
	if e.frontDoor, err = au.CreateTeam(ctx, e.north.ID, "Front door", ""); err != nil {
		t.Fatal(err)
	}
	e.coordinator = e.user(e.north, "Morgan Reece", []string{e.missingTeam.ID}, auth.MissingCoordinator)
	e.screener = e.user(e.north, "Robin Hale", []string{e.frontDoor.ID}, auth.Screener)
	e.practitioner = e.user(e.north, "Priya Marsh", nil, auth.Practitioner)
	e.referrer = e.user(e.north, "Rhys Penn", nil, auth.Referrer)
	e.southCoordinator = e.user(e.south, "Sol Brenner", nil, auth.MissingCoordinator)
	e.officer = e.user(e.police, "Owen Carrick", nil, auth.Police)
	e.farOfficer = e.user(e.far, "Fern Oakes", nil, auth.Police)
	e.child = e.person(e.officer, "Jordan", "Ashby", "2011-03-14")
	return e
}

func (e *env) org(name string, typ auth.OrgType) auth.Organisation {
	e.t.Helper()
	o, err := e.auth.CreateOrganisation(context.Background(), name, typ)
	if err != nil {
		e.t.Fatal(err)
	}
	return o
}

func (e *env) user(org auth.Organisation, name string, teams []string, roles ...auth.Role) *auth.User {
	e.t.Helper()
	ctx := context.Background()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.org"
	u, err := e.auth.CreateUser(ctx, auth.UserInput{Email: email, Name: name, OrganisationID: org.ID,
		Password: "synthetic-passphrase-for-tests-7", Roles: roles, TeamIDs: teams, Active: true})
	if err != nil {
		e.t.Fatal(err)
	}
	if u, err = e.auth.GetUser(ctx, u.ID); err != nil {
		e.t.Fatal(err)
	}
	return u
}

// person makes a Northfield child record as u (whose organisation is then
// involved with it).
func (e *env) person(u *auth.User, given, family, dob string) *people.Person {
	e.t.Helper()
	p, err := e.people.Create(as(u), people.Input{Kind: people.Child, GivenName: given, FamilyName: family,
		DateOfBirth: dob, Gender: "not-known", OwnerOrgID: e.north.ID}, "")
	if err != nil {
		e.t.Fatalf("creating a person: %v %v", err, errs.Fields(err))
	}
	return p
}

func as(u *auth.User) context.Context { return auth.WithUser(context.Background(), u) }

// london is a time on the clock in Europe/London.
func london(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, civil.London)
}

func ptr(t time.Time) *time.Time { return &t }

// input is a valid open episode of the child, starting at start.
func (e *env) input(start time.Time) missing.Input {
	return missing.Input{PersonID: e.child.ID, Type: missing.Missing, StartAt: start,
		ReportedBy: "Foster carer", RiskGrading: missing.MediumRisk, LookedAfter: true}
}

func (e *env) create(u *auth.User, in missing.Input) *missing.Episode {
	e.t.Helper()
	ep, err := e.svc.CreateEpisode(as(u), in, "")
	if err != nil {
		e.t.Fatalf("creating: %v %v", err, errs.Fields(err))
	}
	return ep
}

func (e *env) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.Read().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// events is the audit trail of a record, oldest first, as
// "actor action person detail".
func (e *env) events(recordType, id string) []string {
	e.t.Helper()
	rows, err := e.d.Read().QueryContext(context.Background(), `SELECT actor_id, action, person_id, detail
		FROM audit_events WHERE record_type = $1 AND record_id = $2 ORDER BY seq`, recordType, id)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var actor, action, person, detail string
		if err := rows.Scan(&actor, &action, &person, &detail); err != nil {
			e.t.Fatal(err)
		}
		var parts []string
		for _, p := range []string{actor, action, person, detail} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		out = append(out, strings.Join(parts, " "))
	}
	return out
}

func (e *env) verify() {
	e.t.Helper()
	if r, err := audit.Verify(context.Background(), e.d); err != nil || !r.OK {
		e.t.Fatalf("audit trail: %v %v", r, err)
	}
}
