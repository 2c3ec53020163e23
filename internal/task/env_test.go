package task_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/testclock"
	"mace/internal/task"
)

var migrations = slices.Concat(auth.Migrations, audit.Migrations, access.Migrations, task.Migrations)

// env is a task service on a fresh database with two local authorities, a
// police force, teams and staff. Every name in it is invented.
type env struct {
	t                         *testing.T
	d                         *db.DB
	clock                     *testclock.Clock
	auth                      *auth.Service
	svc                       *task.Service
	north, south, police      auth.Organisation
	teamA, teamB              auth.Team
	worker, colleague, other  *auth.User // Northfield practitioners: team A, team A, team B
	manager, lead, analyst    *auth.User // Northfield: manager of team A, lead and analyst in no team
	southManager, officer     *auth.User
	screenerB, managerNoTeams *auth.User
}

func newEnv(t *testing.T, d *db.DB, now time.Time) *env {
	t.Helper()
	c := testclock.New(now)
	a := audit.New(c.Now)
	au := auth.NewService(d, a, c.Now)
	e := &env{t: t, d: d, clock: c, auth: au, svc: &task.Service{DB: d, Audit: a, Directory: au, Now: c.Now}}
	ctx := context.Background()
	e.north = e.org("Northfield City Council", auth.LocalAuthority)
	e.south = e.org("Southby Borough Council", auth.LocalAuthority)
	e.police = e.org("Westmarch Police", auth.PoliceForce)
	var err error
	if e.teamA, err = au.CreateTeam(ctx, e.north.ID, "Exploitation team east", "East"); err != nil {
		t.Fatal(err)
	}
	if e.teamB, err = au.CreateTeam(ctx, e.north.ID, "Exploitation team west", "West"); err != nil {
		t.Fatal(err)
	}
	e.worker = e.user(e.north, "Priya Marsh", []string{e.teamA.ID}, auth.Practitioner)
	e.colleague = e.user(e.north, "Colm Ardent", []string{e.teamA.ID}, auth.Practitioner)
	e.other = e.user(e.north, "Odile Fenner", []string{e.teamB.ID}, auth.Practitioner)
	e.screenerB = e.user(e.north, "Sami Brook", []string{e.teamB.ID}, auth.Screener)
	e.manager = e.user(e.north, "Marcus Vell", []string{e.teamA.ID}, auth.Manager)
	e.managerNoTeams = e.user(e.north, "Maya Thorn", nil, auth.Manager)
	e.lead = e.user(e.north, "Lena Dorrit", nil, auth.Lead)
	e.analyst = e.user(e.north, "Ana Lytton", nil, auth.Analyst)
	e.southManager = e.user(e.south, "Sol Brenner", nil, auth.Manager)
	e.officer = e.user(e.police, "Owen Carrick", nil, auth.Police)
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

func (e *env) user(org auth.Organisation, name string, teams []string, roles ...auth.Role) *auth.User {
	e.t.Helper()
	ctx := context.Background()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.org"
	u, err := e.auth.CreateUser(ctx, auth.UserInput{Email: email, Name: name, OrganisationID: org.ID,
		Password: "synthetic-passphrase-for-tests-7", Roles: roles, TeamIDs: teams, Active: true})
	if err != nil {
		e.t.Fatal(err)
	}
	if u, err = e.auth.GetUser(ctx, u.ID); err != nil {
		e.t.Fatal(err)
	}
	return u
}

func as(u *auth.User) context.Context { return auth.WithUser(context.Background(), u) }

// newTask is a valid task for the worker, due in a day.
func (e *env) newTask(title string) task.NewTask {
	return task.NewTask{Kind: "referral-decision", Title: title, RecordType: "referral", RecordID: db.NewID(),
		PersonID: db.NewID(), Owner: task.Owner{UserID: e.worker.ID}, OrganisationID: e.north.ID,
		DueAt: e.clock.Now().Add(24 * time.Hour)}
}

func (e *env) create(in task.NewTask) task.Task {
	e.t.Helper()
	t, created, err := e.svc.Create(as(e.lead), in)
	if err != nil || !created {
		e.t.Fatalf("creating %q: created %v, %v %v", in.Title, created, err, errs.Fields(err))
	}
	return t
}

func (e *env) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.Read().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// events is the audit trail of a task, oldest first, as "actor action detail".
func (e *env) events(id string) []string {
	e.t.Helper()
	rows, err := e.d.Read().QueryContext(context.Background(), `SELECT actor_id, action, detail, person_id
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

func titles(ts []task.Task) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Title)
	}
	return out
}
