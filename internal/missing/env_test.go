package missing_test

import (
	"context"
	"testing"
	"time"

	"mace/internal/people"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/task"
	"mace/internal/testenv"
)

var migrations = testenv.MissingMigrations()

// env is the missing partnership (testenv.Missing) with the names these
// tests use.
type env struct {
	*testenv.Missing
	t *testing.T
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	m := testenv.NewMissing(t, d)
	e := &env{Missing: m, t: t}
	return e
}

// person makes a Northfield child record as u (whose organisation is then
// involved with it).
func (e *env) person(u *auth.User, given, family, dob string) *people.Person {
	return e.Person(u, e.North, people.Child, given, family, dob)
}

var (
	as       = testenv.As
	wantKind = testenv.WantKind
	london   = testenv.London
)

func ptr(t time.Time) *time.Time { return &t }

// tasks are the tasks of a kind, oldest first.
func (e *env) tasksOf(kind string) []task.Task {
	e.t.Helper()
	rows, err := e.DB.Read().QueryContext(context.Background(), `SELECT id, title, record_id, due_at, state,
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
