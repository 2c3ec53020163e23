package task_test

import (
	"context"
	"testing"
	"time"

	"mace/internal/people"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/task"
	"mace/internal/testenv"
)

var migrations = testenv.Migrations()

// env is a task service on a fresh database with two local authorities, a
// police force, teams and staff. Every name in it is invented.
type env struct {
	*testenv.Env
	t                         *testing.T
	svc                       *task.Service
	north, south, police      auth.Organisation
	teamA, teamB              auth.Team
	worker, colleague, other  *auth.User // Northfield practitioners: team A, team A, team B
	manager, lead, analyst    *auth.User // Northfield: manager of team A, lead and analyst in no team
	southManager, officer     *auth.User
	screenerB, managerNoTeams *auth.User
	child                     string // a Northfield child's record, which tasks are about
}

func newEnv(t *testing.T, d *db.DB, now time.Time) *env {
	t.Helper()
	te := testenv.New(t, d, now)
	e := &env{Env: te, t: t, svc: te.Tasks}
	e.north = e.Org("Northfield City Council", auth.LocalAuthority)
	e.south = e.Org("Southby Borough Council", auth.LocalAuthority)
	e.police = e.Org("Westmarch Police", auth.PoliceForce)
	e.teamA = e.Team(e.north, "Exploitation team east", "East")
	e.teamB = e.Team(e.north, "Exploitation team west", "West")
	e.worker = e.User(e.north, "Priya Marsh", []string{e.teamA.ID}, auth.Practitioner)
	e.colleague = e.User(e.north, "Colm Ardent", []string{e.teamA.ID}, auth.Practitioner)
	e.other = e.User(e.north, "Odile Fenner", []string{e.teamB.ID}, auth.Practitioner)
	e.screenerB = e.User(e.north, "Sami Brook", []string{e.teamB.ID}, auth.Screener)
	e.manager = e.User(e.north, "Marcus Vell", []string{e.teamA.ID}, auth.Manager)
	e.managerNoTeams = e.User(e.north, "Maya Thorn", nil, auth.Manager)
	e.lead = e.User(e.north, "Lena Dorrit", nil, auth.Lead)
	e.analyst = e.User(e.north, "Ana Lytton", nil, auth.Analyst)
	e.southManager = e.User(e.south, "Sol Brenner", nil, auth.Manager)
	e.officer = e.User(e.police, "Owen Carrick", nil, auth.Police)
	e.child = e.Person(e.lead, e.north, people.Child, "Kit", "Sorrel", "2012-05-06").ID
	return e
}

var (
	as        = testenv.As
	wantKind  = testenv.WantKind
	wantField = testenv.WantField
)

// newTask is a valid task for the worker, due in a day.
func (e *env) newTask(title string) task.NewTask {
	return task.NewTask{Kind: "referral-decision", Title: title, RecordType: "referral", RecordID: db.NewID(),
		PersonID: e.child, Owner: task.Owner{UserID: e.worker.ID}, OrganisationID: e.north.ID,
		DueAt: e.Clock.Now().Add(24 * time.Hour)}
}

func (e *env) create(in task.NewTask) task.Task {
	e.t.Helper()
	t, created, err := e.svc.Create(as(e.lead), in)
	if err != nil || !created {
		e.t.Fatalf("creating %q: created %v, %v %v", in.Title, created, err, errs.Fields(err))
	}
	return t
}

// events is the audit trail of a task, oldest first, as "actor action detail".
func (e *env) events(id string) []string {
	e.t.Helper()
	rows, err := e.DB.Read().QueryContext(context.Background(), `SELECT actor_id, action, detail, person_id
		FROM audit_events WHERE record_type = 'task' AND record_id = $1 ORDER BY seq`, id)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var actor, action, detail, person string
		if err := rows.Scan(&actor, &action, &detail, &person); err != nil {
			e.t.Fatal(err)
		}
		out = append(out, actor+" "+action+" "+detail)
	}
	return out
}

func titles(ts []task.Task) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Title)
	}
	return out
}
