package missingimport_test

import (
	"context"
	"testing"
	"time"

	"mace/internal/missing"
	"mace/internal/missingimport"
	"mace/internal/people"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/testclock"
	"mace/internal/task"
	"mace/internal/testenv"
)

var migrations = testenv.MissingMigrations(missingimport.Migrations)

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
	return &env{Missing: m, t: t, d: d, clock: m.Clock, auth: m.Auth, people: m.People, tasks: m.Tasks, svc: m.Svc,
		north: m.North, south: m.South, police: m.Police, far: m.Far, missingTeam: m.MissingTeam, frontDoor: m.FrontDoor,
		coordinator: m.Coordinator, screener: m.Screener, practitioner: m.Practitioner, referrer: m.Referrer,
		southCoordinator: m.SouthCoordinator, officer: m.Officer, farOfficer: m.FarOfficer, child: m.Child}
}

// person makes a Northfield child record as u (whose organisation is then
// involved with it).
func (e *env) person(u *auth.User, given, family, dob string) *people.Person {
	return e.Person(u, e.north, people.Child, given, family, dob)
}

var (
	as     = testenv.As
	london = testenv.London
)

func ptr(t time.Time) *time.Time { return &t }

// tasks are the tasks of a kind, oldest first.
func (e *env) tasksOf(kind string) []task.Task {
	e.t.Helper()
	rows, err := e.d.Read().QueryContext(context.Background(), `SELECT id, title, record_id, due_at, state,
		COALESCE(owner_team_id, ''), COALESCE(owner_user_id, ''), COALESCE(dedupe_key, '')
		FROM tasks WHERE kind = $1 ORDER BY created_at, id`, kind)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out []task.Task
	for rows.Next() {
		var t task.Task
		if err := rows.Scan(&t.ID, &t.Title, &t.RecordID, db.ScanTime(&t.DueAt), &t.State, &t.OwnerTeamID,
			&t.OwnerUserID, &t.DedupeKey); err != nil {
			e.t.Fatal(err)
		}
		out = append(out, t)
	}
	return out
}
