package philomena_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"mace/internal/people"
	"mace/internal/philomena"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/idem"
	"mace/internal/platform/testclock"
)

var migrations = slices.Concat(auth.Migrations, audit.Migrations, access.Migrations, idem.Migrations, people.Migrations, philomena.Migrations)

// env is a profile service on a fresh database with two local authorities,
// a police force and their staff, and one child of Northfield's. Every name
// in it is invented.
type env struct {
	t                                *testing.T
	d                                *db.DB
	clock                            *testclock.Clock
	auth                             *auth.Service
	people                           *people.Service
	svc                              *philomena.Service
	north, south, police             auth.Organisation
	screener, practitioner, manager  *auth.User // Northfield
	coordinator, analyst             *auth.User // Northfield
	southManager, officer, otherCops *auth.User
	child                            *people.Person
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	c := testclock.New(time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC))
	a := audit.New(c.Now)
	au := auth.NewService(d, a, c.Now)
	ps := &people.Service{DB: d, Audit: a, Orgs: au, Now: c.Now}
	e := &env{t: t, d: d, clock: c, auth: au, people: ps,
		svc: &philomena.Service{DB: d, Audit: a, People: ps, Now: c.Now}}
	e.north = e.org("Northfield City Council", auth.LocalAuthority)
	e.south = e.org("Southby Borough Council", auth.LocalAuthority)
	e.police = e.org("Westmarch Police", auth.PoliceForce)
	other := e.org("Eastmoor Police", auth.PoliceForce)
	e.screener = e.user(e.north, "Robin Hale", auth.Screener)
	e.practitioner = e.user(e.north, "Priya Marsh", auth.Practitioner)
	e.manager = e.user(e.north, "Marcus Vell", auth.Manager)
	e.coordinator = e.user(e.north, "Cora Mendel", auth.MissingCoordinator)
	e.analyst = e.user(e.north, "Ana Lytton", auth.Analyst)
	e.southManager = e.user(e.south, "Sol Brenner", auth.Manager)
	e.officer = e.user(e.police, "Owen Carrick", auth.Police)
	e.otherCops = e.user(other, "Ezra Quill", auth.Police)
	e.child = e.person(people.Child, "Kit", "Farrow")
	if err := ps.Grant(as(e.manager), e.child.ID, e.police.ID, "Joint work on missing episodes"); err != nil {
		t.Fatal(err)
	}
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

func (e *env) user(org auth.Organisation, name string, roles ...auth.Role) *auth.User {
	e.t.Helper()
	ctx := context.Background()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.org"
	u, err := e.auth.CreateUser(ctx, auth.UserInput{Email: email, Name: name, OrganisationID: org.ID,
		Password: "synthetic-passphrase-for-tests-7", Roles: roles, Active: true})
	if err != nil {
		e.t.Fatal(err)
	}
	if u, err = e.auth.GetUser(ctx, u.ID); err != nil {
		e.t.Fatal(err)
	}
	return u
}

func (e *env) person(kind, given, family string) *people.Person {
	e.t.Helper()
	in := people.Input{Kind: kind, GivenName: given, FamilyName: family, Gender: "not-known", OwnerOrgID: e.north.ID,
		DateOfBirth: "2012-03-27"}
	if kind == people.Adult {
		in.DateOfBirth = "1990-01-02"
	}
	p, err := e.people.Create(as(e.practitioner), in, "")
	if err != nil {
		e.t.Fatalf("creating a person: %v %v", err, errs.Fields(err))
	}
	return p
}

func as(u *auth.User) context.Context { return auth.WithUser(context.Background(), u) }

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
	rows, err := e.d.Read().QueryContext(context.Background(), `SELECT actor_name, action, person_id, detail
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
