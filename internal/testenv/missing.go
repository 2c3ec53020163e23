package testenv

import (
	"testing"
	"time"

	"mace/internal/missing"
	"mace/internal/people"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// Missing is the partnership the tests of missing episodes, the police
// import, return interview quality and the SSDA903 return share: Northfield
// (with its missing team and front door) and Southby, two police forces,
// their staff, one Northfield child known to the police, and the missing
// service, at 09:30 on Tuesday 24 November 2026.
type Missing struct {
	*Env
	Svc                                 *missing.Service
	North, South, Police, Far           auth.Organisation
	MissingTeam, FrontDoor              auth.Team
	Coordinator, Screener, Practitioner *auth.User // Northfield
	Referrer, SouthCoordinator          *auth.User
	Officer, FarOfficer                 *auth.User
	Child                               *people.Person
}

// MissingMigrations are the missing service's tables with every Env's,
// then the feature's own.
func MissingMigrations(feature ...[]db.Migration) []db.Migration {
	return Migrations(append([][]db.Migration{missing.Migrations}, feature...)...)
}

// NewMissing makes the missing partnership on d (made with MissingMigrations).
func NewMissing(t testing.TB, d *db.DB) *Missing {
	t.Helper()
	e := &Missing{Env: New(t, d, time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC))}
	e.Svc = &missing.Service{DB: d, Audit: e.Audit, Directory: e.Auth, Tasks: e.Tasks, Calendar: e.Calendar,
		Timescales: e.Timescales, Now: e.Clock.Now}
	e.North = e.Org("Northfield City Council", auth.LocalAuthority)
	e.South = e.Org("Southby Borough Council", auth.LocalAuthority)
	e.Police = e.Org("Westmarch Police", auth.PoliceForce)
	e.Far = e.Org("Eastmoor Constabulary", auth.PoliceForce)
	e.MissingTeam = e.Team(e.North, "Missing and return interviews", "")
	e.FrontDoor = e.Team(e.North, "Front door", "")
	e.Coordinator = e.User(e.North, "Morgan Reece", []string{e.MissingTeam.ID}, auth.MissingCoordinator)
	e.Screener = e.User(e.North, "Robin Hale", []string{e.FrontDoor.ID}, auth.Screener)
	e.Practitioner = e.User(e.North, "Priya Marsh", nil, auth.Practitioner)
	e.Referrer = e.User(e.North, "Rhys Penn", nil, auth.Referrer)
	e.SouthCoordinator = e.User(e.South, "Sol Brenner", nil, auth.MissingCoordinator)
	e.Officer = e.User(e.Police, "Owen Carrick", nil, auth.Police)
	e.FarOfficer = e.User(e.Far, "Fern Oakes", nil, auth.Police)
	e.Child = e.Person(e.Officer, e.North, people.Child, "Jordan", "Ashby", "2011-03-14")
	return e
}

// Input is a valid open episode of the child, starting at start.
func (e *Missing) Input(start time.Time) missing.Input {
	return missing.Input{PersonID: e.Child.ID, Type: missing.Missing, StartAt: start,
		ReportedBy: "Foster carer", RiskGrading: missing.MediumRisk, LookedAfter: true}
}

// Create records an episode as u.
func (e *Missing) Create(u *auth.User, in missing.Input) *missing.Episode {
	e.T.Helper()
	ep, err := e.Svc.CreateEpisode(As(u), in, "")
	if err != nil {
		e.T.Fatalf("creating: %v %v", err, errs.Fields(err))
	}
	return ep
}

// Trail is the audit trail of a record, oldest first, as "actor action
// person detail".
func (e *Env) Trail(recordType, id string) []string {
	e.T.Helper()
	var out []string
	for _, ev := range e.Events([]string{"actor_id", "action", "person_id", "detail"}, "record_type = $1 AND record_id = $2", recordType, id) {
		out = append(out, Join(ev...))
	}
	return out
}

// London is a time on the clock in Europe/London.
func London(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, civil.London)
}

// NorthChild makes a Northfield child record as u (whose organisation is
// then involved with it).
func (e *Missing) NorthChild(u *auth.User, given, family, dob string) *people.Person {
	return e.Person(u, e.North, people.Child, given, family, dob)
}
