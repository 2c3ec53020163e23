package meeting_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"mace/internal/meeting"
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

var migrations = slices.Concat(auth.Migrations, audit.Migrations, access.Migrations, people.Migrations, idem.Migrations,
	calendar.Migrations, task.Migrations, meeting.Migrations)

// env is a meeting service on a fresh database with two local
// authorities, a police force, a health trust, a school and their staff.
// Every name in it is invented.
type env struct {
	t                                 *testing.T
	d                                 *db.DB
	clock                             *testclock.Clock
	auth                              *auth.Service
	people                            *people.Service
	tasks                             *task.Service
	svc                               *meeting.Service
	north, south, police, health, sch auth.Organisation
	frontDoor                         auth.Team
	lead, practitioner, manager       *auth.User // Northfield
	analyst, referrer                 *auth.User // Northfield
	southLead, officer, officer2      *auth.User
	nurse, teacher                    *auth.User
	child, adult                      *people.Person // Northfield's
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	// Tuesday 24 November 2026, 09:30 in London (GMT).
	c := testclock.New(time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC))
	a := audit.New(c.Now)
	au := auth.NewService(d, a, c.Now)
	ps := &people.Service{DB: d, Audit: a, Orgs: au, Now: c.Now}
	ts := &task.Service{DB: d, Audit: a, Directory: au, Now: c.Now}
	e := &env{t: t, d: d, clock: c, auth: au, people: ps, tasks: ts,
		svc: &meeting.Service{DB: d, Audit: a, Directory: au, Tasks: ts,
			Calendar: &calendar.Service{DB: d, Audit: a, Now: c.Now}, Timescales: calendar.DefaultTimescales(), Now: c.Now}}
	var err error
	e.north = e.org("Northfield City Council", auth.LocalAuthority)
	e.south = e.org("Southby Borough Council", auth.LocalAuthority)
	e.police = e.org("Westmarch Police", auth.PoliceForce)
	e.health = e.org("Northfield Health Trust", auth.Health)
	e.sch = e.org("Larkspur Academy", auth.Education)
	if e.frontDoor, err = au.CreateTeam(context.Background(), e.north.ID, "Front door", ""); err != nil {
		t.Fatal(err)
	}
	e.lead = e.user(e.north, "Lena Dorrit", nil, auth.Lead)
	e.practitioner = e.user(e.north, "Priya Marsh", []string{e.frontDoor.ID}, auth.Practitioner)
	e.manager = e.user(e.north, "Marcus Vell", nil, auth.Manager)
	e.analyst = e.user(e.north, "Ana Lytton", nil, auth.Analyst)
	e.referrer = e.user(e.north, "Rhys Penn", nil, auth.Referrer)
	e.southLead = e.user(e.south, "Sol Brenner", nil, auth.Lead)
	e.officer = e.user(e.police, "Owen Carrick", nil, auth.Police)
	e.officer2 = e.user(e.police, "Olive Strand", nil, auth.Police)
	e.nurse = e.user(e.health, "Nell Ambrose", nil, auth.Practitioner)
	e.teacher = e.user(e.sch, "Tess Arnott", nil, auth.Practitioner)
	e.child = e.person(people.Child, "Jordan", "Ashby", "2011-03-14")
	e.adult = e.person(people.Adult, "Dale", "Crane", "1990-06-01")
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

func (e *env) person(kind, given, family, dob string) *people.Person {
	e.t.Helper()
	p, err := e.people.Create(as(e.practitioner), people.Input{Kind: kind, GivenName: given, FamilyName: family,
		DateOfBirth: dob, Gender: "not-known", OwnerOrgID: e.north.ID}, "")
	if err != nil {
		e.t.Fatalf("creating a person: %v %v", err, errs.Fields(err))
	}
	return p
}

func as(u *auth.User) context.Context { return auth.WithUser(context.Background(), u) }

// strategy is a valid strategy discussion on Wednesday 25 November 2026.
func (e *env) strategy() meeting.Input {
	return meeting.Input{Kind: meeting.Strategy, Date: "2026-11-25", Time: "10:00", ChairID: e.lead.ID,
		Reason: "Found in a car with an adult of concern, far from home, with cash and two phones."}
}

func (e *env) create(u *auth.User, in meeting.Input) *meeting.Meeting {
	e.t.Helper()
	m, err := e.svc.Create(as(u), in, "")
	if err != nil {
		e.t.Fatalf("creating: %v %v", err, errs.Fields(err))
	}
	return m
}

// attend records attendance: the lead, the officer and (when health) the
// nurse present, the teacher sending apologies.
func (e *env) attend(m *meeting.Meeting, health bool) {
	e.t.Helper()
	as_ := []meeting.AttendeeInput{
		{UserID: e.lead.ID, Status: meeting.Present},
		{UserID: e.officer.ID, Status: meeting.Present},
		{UserID: e.teacher.ID, Status: meeting.Apologies},
	}
	if health {
		as_ = append(as_, meeting.AttendeeInput{UserID: e.nurse.ID, Status: meeting.Present})
	} else {
		as_ = append(as_, meeting.AttendeeInput{Name: "Hana Greave", OrganisationID: e.health.ID, Status: meeting.Absent})
	}
	if _, err := e.svc.SetAttendance(as(e.lead), m.ID, meeting.AttendanceInput{Attendees: as_}); err != nil {
		e.t.Fatalf("attendance: %v %v", err, errs.Fields(err))
	}
}

func (e *env) get(u *auth.User, id string) *meeting.Meeting {
	e.t.Helper()
	m, err := e.svc.Get(as(u), id)
	if err != nil {
		e.t.Fatalf("reading: %v", err)
	}
	return m
}

func (e *env) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.Read().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// events is the audit trail of a meeting, oldest first, as
// "action person detail" with the person shown as "child" when it is the
// env's child.
func (e *env) events(id string) []string {
	e.t.Helper()
	rows, err := e.d.Read().QueryContext(context.Background(), `SELECT action, person_id, detail
		FROM audit_events WHERE record_type = 'meeting' AND record_id = $1 ORDER BY seq`, id)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var action, person, detail string
		if err := rows.Scan(&action, &person, &detail); err != nil {
			e.t.Fatal(err)
		}
		if person == e.child.ID {
			person = "child"
		}
		var parts []string
		for _, p := range []string{action, person, detail} {
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

func wantKind(t *testing.T, err error, k errs.Kind) {
	t.Helper()
	if !errs.Is(err, k) {
		t.Fatalf("got error %v (kind %v), want kind %v", err, errs.KindOf(err), k)
	}
}

// wantField checks that err is invalid with message msg on field.
func wantField(t *testing.T, err error, field, msg string) {
	t.Helper()
	wantKind(t, err, errs.Invalid)
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
