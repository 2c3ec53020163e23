package referral_test

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/idem"
	"mace/internal/platform/testclock"
	"mace/internal/referral"
	"mace/internal/task"
)

var migrations = slices.Concat(auth.Migrations, audit.Migrations, access.Migrations, people.Migrations,
	idem.Migrations, calendar.Migrations, task.Migrations, referral.Migrations)

// env is a front door on a fresh database: Northfield, with a front door
// team, a screener and two managers; Southby, with no staff yet; and a
// school whose teacher refers. Every name in it is invented.
type env struct {
	t                    *testing.T
	d                    *db.DB
	clock                *testclock.Clock
	auth                 *auth.Service
	dir                  *directory
	notices              *notices
	svc                  *referral.Service
	north, south, school auth.Organisation
	frontDoor            auth.Team
	screener, teacher    *auth.User
	manager, manager2    *auth.User
}

// directory is the staff directory, with a lookup of staff that can be made
// to fail as a database would.
type directory struct {
	*auth.Service
	mu       sync.Mutex
	usersErr error
}

func (d *directory) ListUsers(ctx context.Context, orgID string) ([]*auth.User, error) {
	d.mu.Lock()
	err := d.usersErr
	d.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return d.Service.ListUsers(ctx, orgID)
}

func (d *directory) failUsers(err error) {
	d.mu.Lock()
	d.usersErr = err
	d.mu.Unlock()
}

// notices keeps what the referrer would be told.
type notices struct {
	mu   sync.Mutex
	sent []referral.Notice
}

func (n *notices) NotifyTx(ctx context.Context, tx *sql.Tx, m referral.Notice) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.sent = append(n.sent, m)
	return nil
}

func (n *notices) count() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return len(n.sent)
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	c := testclock.New(time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC))
	a := audit.New(c.Now)
	au := auth.NewService(d, a, c.Now)
	dir := &directory{Service: au}
	ps := &people.Service{DB: d, Audit: a, Orgs: au, Now: c.Now}
	e := &env{t: t, d: d, clock: c, auth: au, dir: dir, notices: &notices{}}
	e.svc = &referral.Service{DB: d, Audit: a, Directory: dir, People: ps,
		Tasks:    &task.Service{DB: d, Audit: a, Directory: au, Now: c.Now},
		Calendar: &calendar.Service{DB: d, Audit: a, Now: c.Now}, Notify: e.notices,
		Settings: referral.DefaultSettings(), Timescales: calendar.DefaultTimescales(), Now: c.Now}
	ctx := context.Background()
	e.north = e.org("Northfield City Council", auth.LocalAuthority)
	e.south = e.org("Southby Borough Council", auth.LocalAuthority)
	e.school = e.org("Larkspur Academy", auth.Education)
	var err error
	if e.frontDoor, err = au.CreateTeam(ctx, e.north.ID, "Front Door (MASH)", "Northfield"); err != nil {
		t.Fatal(err)
	}
	e.screener = e.user(e.north, "Robin Hale", []string{e.frontDoor.ID}, auth.Screener)
	e.manager = e.user(e.north, "Marcus Vell", []string{e.frontDoor.ID}, auth.Manager)
	e.manager2 = e.user(e.north, "Maya Thorn", nil, auth.Manager)
	e.teacher = e.user(e.school, "Tess Arnott", nil, auth.Referrer)
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

// input is a good referral to the authority about an invented child.
func input(authorityID string) referral.Input {
	return referral.Input{
		AuthorityID: authorityID,
		Referrer:    referral.Referrer{Name: "Tess Arnott", Role: "Designated Safeguarding Lead", Email: "tess@school.example"},
		Child: referral.Child{GivenNames: "Kit", FamilyName: "Farrow", DateOfBirth: "2011-02-03", Gender: "female",
			Phones: []string{"07700 900123"}},
		Concerns: []string{"cce"}, Narrative: "Seen getting into cars with older men after school.",
		ChildKnows: "yes", ChildAgrees: "no", FamilyKnows: "not-known", FamilyAgrees: "not-known",
	}
}

func (e *env) submit(u *auth.User, in referral.Input) *referral.Referral {
	e.t.Helper()
	r, err := e.svc.Submit(as(u), in, "")
	if err != nil {
		e.t.Fatalf("submitting: %v %v", err, errs.Fields(err))
	}
	return r
}

func (e *env) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.Read().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
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
