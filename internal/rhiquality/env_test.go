package rhiquality_test

import (
	"testing"
	"time"

	"mace/internal/missing"
	"mace/internal/people"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/testclock"
	"mace/internal/rhiquality"
	"mace/internal/task"
	"mace/internal/testenv"
)

var migrations = testenv.MissingMigrations(rhiquality.Migrations)

// env is the missing partnership (testenv.Missing) with the names these
// tests use.
type env struct {
	*testenv.Missing
	t                         *testing.T
	d                         *db.DB
	clock                     *testclock.Clock
	auth                      *auth.Service
	people                    *people.Service
	tasks                     *task.Service
	svc                       *missing.Service
	quality                   *rhiquality.Service
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
	m := testenv.NewMissing(t, d)
	e := &env{Missing: m, t: t, d: d, clock: m.Clock, auth: m.Auth, people: m.People, tasks: m.Tasks, svc: m.Svc,
		north: m.North, south: m.South, police: m.Police, far: m.Far, missingTeam: m.MissingTeam, frontDoor: m.FrontDoor,
		coordinator: m.Coordinator, screener: m.Screener, practitioner: m.Practitioner, referrer: m.Referrer,
		southCoordinator: m.SouthCoordinator, officer: m.Officer, farOfficer: m.FarOfficer, child: m.Child}
	e.quality = &rhiquality.Service{DB: d, Audit: m.Audit, Missing: m.Svc, Now: m.Clock.Now}
	return e
}

// person makes a Northfield child record as u (whose organisation is then
// involved with it).
func (e *env) person(u *auth.User, given, family, dob string) *people.Person {
	return e.Person(u, e.north, people.Child, given, family, dob)
}

var (
	as       = testenv.As
	wantKind = testenv.WantKind
	london   = testenv.London
)

func ptr(t time.Time) *time.Time { return &t }
