package consultation_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"mace/internal/consultation"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/testenv"
)

var migrations = testenv.Migrations(consultation.Migrations)

// env is a consultation service on a fresh database with two local
// authorities, a police force, a school and their staff. Every name in it is
// invented.
type env struct {
	*testenv.Env
	t                                  *testing.T
	svc                                *consultation.Service
	north, south, police, school       auth.Organisation
	screener, practitioner, lead       *auth.User // Northfield
	manager, dpo, analyst, referrer    *auth.User // Northfield
	southScreener, officer, schoolUser *auth.User
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	te := testenv.New(t, d, time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC))
	e := &env{Env: te, t: t,
		svc: &consultation.Service{DB: d, Audit: te.Audit, Orgs: te.Auth, People: te.People, Now: te.Clock.Now}}
	e.north = e.Org("Northfield City Council", auth.LocalAuthority)
	e.south = e.Org("Southby Borough Council", auth.LocalAuthority)
	e.police = e.Org("Westmarch Police", auth.PoliceForce)
	e.school = e.Org("Larkspur Academy", auth.Education)
	e.screener = e.User(e.north, "Robin Hale", nil, auth.Screener)
	e.practitioner = e.User(e.north, "Priya Marsh", nil, auth.Practitioner)
	e.lead = e.User(e.north, "Lena Dorrit", nil, auth.Lead)
	e.manager = e.User(e.north, "Marcus Vell", nil, auth.Manager)
	e.dpo = e.User(e.north, "Dana Prowse", nil, auth.DPO)
	e.analyst = e.User(e.north, "Ana Lytton", nil, auth.Analyst)
	e.referrer = e.User(e.north, "Rhys Penn", nil, auth.Referrer)
	e.southScreener = e.User(e.south, "Sol Brenner", nil, auth.Screener)
	e.officer = e.User(e.police, "Owen Carrick", nil, auth.Police)
	e.schoolUser = e.User(e.school, "Tess Arnott", nil, auth.Referrer)
	return e
}

var (
	as        = testenv.As
	wantKind  = testenv.WantKind
	wantField = testenv.WantField
)

// input is a valid consultation from the school about a child.
func (e *env) input() consultation.Input {
	return consultation.Input{
		OccurredAt: e.Clock.Now().Add(-time.Hour), Method: consultation.Phone,
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

// events is the audit trail of a consultation, oldest first, as
// "actor action person detail".
func (e *env) events(id string) []string {
	e.t.Helper()
	rows, err := e.DB.Read().QueryContext(context.Background(), `SELECT actor_id, action, person_id, detail
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
