package meeting_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"mace/internal/meeting"
	"mace/internal/people"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/testenv"
)

var migrations = testenv.Migrations(meeting.Migrations)

// env is a meeting service on a fresh database with two local
// authorities, a police force, a health trust, a school and their staff.
// Every name in it is invented.
type env struct {
	*testenv.Env
	t                                 *testing.T
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
	te := testenv.New(t, d, time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC))
	e := &env{Env: te, t: t,
		svc: &meeting.Service{DB: d, Audit: te.Audit, Directory: te.Auth, Tasks: te.Tasks,
			Calendar: te.Calendar, Timescales: te.Timescales, Now: te.Clock.Now}}
	e.north = e.Org("Northfield City Council", auth.LocalAuthority)
	e.south = e.Org("Southby Borough Council", auth.LocalAuthority)
	e.police = e.Org("Westmarch Police", auth.PoliceForce)
	e.health = e.Org("Northfield Health Trust", auth.Health)
	e.sch = e.Org("Larkspur Academy", auth.Education)
	e.frontDoor = e.Team(e.north, "Front door", "")
	e.lead = e.User(e.north, "Lena Dorrit", nil, auth.Lead)
	e.practitioner = e.User(e.north, "Priya Marsh", []string{e.frontDoor.ID}, auth.Practitioner)
	e.manager = e.User(e.north, "Marcus Vell", nil, auth.Manager)
	e.analyst = e.User(e.north, "Ana Lytton", nil, auth.Analyst)
	e.referrer = e.User(e.north, "Rhys Penn", nil, auth.Referrer)
	e.southLead = e.User(e.south, "Sol Brenner", nil, auth.Lead)
	e.officer = e.User(e.police, "Owen Carrick", nil, auth.Police)
	e.officer2 = e.User(e.police, "Olive Strand", nil, auth.Police)
	e.nurse = e.User(e.health, "Nell Ambrose", nil, auth.Practitioner)
	e.teacher = e.User(e.sch, "Tess Arnott", nil, auth.Practitioner)
	e.child = e.person(people.Child, "Jordan", "Ashby", "2011-03-14")
	e.adult = e.person(people.Adult, "Dale", "Crane", "1990-06-01")
	return e
}

func (e *env) person(kind, given, family, dob string) *people.Person {
	return e.Person(e.practitioner, e.north, kind, given, family, dob)
}

var (
	as        = testenv.As
	wantKind  = testenv.WantKind
	wantField = testenv.WantField
)

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

// events is the audit trail of a meeting, oldest first, as
// "action person detail" with the person shown as "child" when it is the
// env's child.
func (e *env) events(id string) []string {
	e.t.Helper()
	rows, err := e.DB.Read().QueryContext(context.Background(), `SELECT action, person_id, detail
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
