package consultation_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"mace/internal/consultation"
	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/idem"
	"mace/internal/platform/testclock"
)

var migrations = slices.Concat(auth.Migrations, audit.Migrations, access.Migrations, people.Migrations, idem.Migrations,
	consultation.Migrations)

// env is a consultation service on a fresh database with two local
// authorities, a police force, a school and their staff. Every name in it is
// invented.
type env struct {
	t                                  *testing.T
	d                                  *db.DB
	clock                              *testclock.Clock
	auth                               *auth.Service
	people                             *people.Service
	svc                                *consultation.Service
	north, south, police, school       auth.Organisation
	screener, practitioner, lead       *auth.User // Northfield
	manager, dpo, analyst, referrer    *auth.User // Northfield
	southScreener, officer, schoolUser *auth.User
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	c := testclock.New(time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC))
	a := audit.New(c.Now)
	au := auth.NewService(d, a, c.Now)
	ps := &people.Service{DB: d, Audit: a, Orgs: au, Now: c.Now}
	e := &env{t: t, d: d, clock: c, auth: au, people: ps,
		svc: &consultation.Service{DB: d, Audit: a, Orgs: au, People: ps, Now: c.Now}}
	e.north = e.org("Northfield City Council", auth.LocalAuthority)
	e.south = e.org("Southby Borough Council", auth.LocalAuthority)
	e.police = e.org("Westmarch Police", auth.PoliceForce)
	e.school = e.org("Larkspur Academy", auth.Education)
	e.screener = e.user(e.north, "Robin Hale", auth.Screener)
	e.practitioner = e.user(e.north, "Priya Marsh", auth.Practitioner)
	e.lead = e.user(e.north, "Lena Dorrit", auth.Lead)
	e.manager = e.user(e.north, "Marcus Vell", auth.Manager)
	e.dpo = e.user(e.north, "Dana Prowse", auth.DPO)
	e.analyst = e.user(e.north, "Ana Lytton", auth.Analyst)
	e.referrer = e.user(e.north, "Rhys Penn", auth.Referrer)
	e.southScreener = e.user(e.south, "Sol Brenner", auth.Screener)
	e.officer = e.user(e.police, "Owen Carrick", auth.Police)
	e.schoolUser = e.user(e.school, "Tess Arnott", auth.Referrer)
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

func as(u *auth.User) context.Context { return auth.WithUser(context.Background(), u) }

// input is a valid consultation from the school about a child.
func (e *env) input() consultation.Input {
	return consultation.Input{
		OccurredAt: e.clock.Now().Add(-time.Hour), Method: consultation.Phone,
		ProfessionalName: "Tess Arnott", ProfessionalRole: "Designated safeguarding lead",
		ProfessionalContact: "01632 960 111", OrganisationID: e.school.ID,
		ChildName: "Kit Farrow", ChildAge: 14, ConcernTypes: []string{"cce", "county-lines"},
		Question:      "A pupil has new trainers and a second phone. Should I refer?",
		Advice:        "Refer to the front door today; record what you have seen.",
		ReferralState: consultation.AdvisedToRefer,
	}
}

func (e *env) create(u *auth.User, in consultation.Input) *consultation.Consultation {
	e.t.Helper()
	c, err := e.svc.Create(as(u), in, "")
	if err != nil {
		e.t.Fatalf("creating: %v %v", err, errs.Fields(err))
	}
	return c
}

func (e *env) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.Read().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// events is the audit trail of a consultation, oldest first, as
// "actor action person detail".
func (e *env) events(id string) []string {
	e.t.Helper()
	rows, err := e.d.Read().QueryContext(context.Background(), `SELECT actor_id, action, person_id, detail
		FROM audit_events WHERE record_type = 'consultation' AND record_id = $1 ORDER BY seq`, id)
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

func wantKind(t *testing.T, err error, k errs.Kind) {
	t.Helper()
	if !errs.Is(err, k) {
		t.Fatalf("got error %v (kind %v), want kind %v", err, errs.KindOf(err), k)
	}
}
