package philomena_test

import (
	"context"
	"testing"
	"time"

	"mace/internal/people"
	"mace/internal/philomena"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/testenv"
)

var migrations = testenv.Migrations(philomena.Migrations)

// env is a profile service on a fresh database with two local authorities,
// a police force and their staff, and one child of Northfield's. Every name
// in it is invented.
type env struct {
	*testenv.Env
	t                                *testing.T
	svc                              *philomena.Service
	north, south, police             auth.Organisation
	screener, practitioner, manager  *auth.User // Northfield
	coordinator, analyst             *auth.User // Northfield
	southManager, officer, otherCops *auth.User
	child                            *people.Person
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	te := testenv.New(t, d, time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC))
	e := &env{Env: te, t: t,
		svc: &philomena.Service{DB: d, Audit: te.Audit, People: te.People, Now: te.Clock.Now}}
	e.north = e.Org("Northfield City Council", auth.LocalAuthority)
	e.south = e.Org("Southby Borough Council", auth.LocalAuthority)
	e.police = e.Org("Westmarch Police", auth.PoliceForce)
	other := e.Org("Eastmoor Police", auth.PoliceForce)
	e.screener = e.User(e.north, "Robin Hale", nil, auth.Screener)
	e.practitioner = e.User(e.north, "Priya Marsh", nil, auth.Practitioner)
	e.manager = e.User(e.north, "Marcus Vell", nil, auth.Manager)
	e.coordinator = e.User(e.north, "Cora Mendel", nil, auth.MissingCoordinator)
	e.analyst = e.User(e.north, "Ana Lytton", nil, auth.Analyst)
	e.southManager = e.User(e.south, "Sol Brenner", nil, auth.Manager)
	e.officer = e.User(e.police, "Owen Carrick", nil, auth.Police)
	e.otherCops = e.User(other, "Ezra Quill", nil, auth.Police)
	e.child = e.person(people.Child, "Kit", "Farrow")
	if err := te.People.Grant(as(e.manager), e.child.ID, e.police.ID, "Joint work on missing episodes"); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) person(kind, given, family string) *people.Person {
	e.t.Helper()
	in := people.Input{Kind: kind, GivenName: given, FamilyName: family, Gender: "not-known", OwnerOrgID: e.north.ID,
		DateOfBirth: "2012-03-27"}
	if kind == people.Adult {
		in.DateOfBirth = "1990-01-02"
	}
	p, err := e.People.Create(as(e.practitioner), in, "")
	if err != nil {
		e.t.Fatalf("creating a person: %v %v", err, errs.Fields(err))
	}
	return p
}

var (
	as        = testenv.As
	wantKind  = testenv.WantKind
	wantField = testenv.WantField
)

// input is a valid profile of an invented child.
func input() philomena.Input {
	return philomena.Input{
		LookedAfter: true, Height: "5ft 2in (157cm)", Build: "Slim", Hair: "Dark brown, short", Eyes: "Brown",
		Marks: "Small scar above the left eyebrow", Clothing: "Black puffer jacket, grey tracksuit",
		Associates: []philomena.Associate{{Name: "Jordan Vale", Relationship: "Friend", Phone: "07700 900 123",
			Address: "Flat 2, 10 Example Row"}},
		Locations: []philomena.Location{{Place: "Bus station, Northfield", Why: "Seen with older males there"}},
		Phones:    []string{"+44 7700 900 982"},
		Transport: "Buses; trains to Eastmoor", Conditions: "Asthma", Medication: "Salbutamol inhaler",
		Allergies: "Penicillin", Languages: "English, Polish", Placement: "Harbour House children's home: 01632 960 200",
	}
}

func (e *env) save(u *auth.User, in philomena.Input) *philomena.Profile {
	e.t.Helper()
	p, err := e.svc.Save(as(u), e.child.ID, in)
	if err != nil {
		e.t.Fatalf("saving: %v %v", err, errs.Fields(err))
	}
	return p
}

// events is the audit trail of profiles, oldest first, as
// "actor-name action detail".
func (e *env) events() []string {
	e.t.Helper()
	rows, err := e.DB.Read().QueryContext(context.Background(), `SELECT actor_name, action, person_id, detail
		FROM audit_events WHERE record_type = $1 ORDER BY seq`, philomena.RecordType)
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
		if person != e.child.ID {
			e.t.Errorf("an event of %s names person %q, not the child", actor, person)
		}
		out = append(out, actor+" "+action+" "+detail)
	}
	return out
}
