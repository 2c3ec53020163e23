package referral_test

import (
	"context"
	"database/sql"
	"sync"
	"testing"
	"time"

	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/referral"
	"mace/internal/testenv"
)

var migrations = testenv.Migrations(referral.Migrations)

// env is a front door on a fresh database: Northfield, with a front door
// team, a screener and two managers; Southby, with no staff yet; and a
// school whose teacher refers. Every name in it is invented.
type env struct {
	*testenv.Env
	t                    *testing.T
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
	te := testenv.New(t, d, time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC))
	dir := &directory{Service: te.Auth}
	e := &env{Env: te, t: t, dir: dir, notices: &notices{}}
	e.svc = &referral.Service{DB: d, Audit: te.Audit, Directory: dir, People: te.People, Tasks: te.Tasks,
		Calendar: te.Calendar, Notify: e.notices, Settings: referral.DefaultSettings(), Timescales: te.Timescales, Now: te.Clock.Now}
	e.north = e.Org("Northfield City Council", auth.LocalAuthority)
	e.south = e.Org("Southby Borough Council", auth.LocalAuthority)
	e.school = e.Org("Larkspur Academy", auth.Education)
	e.frontDoor = e.Team(e.north, "Front Door (MASH)", "Northfield")
	e.screener = e.User(e.north, "Robin Hale", []string{e.frontDoor.ID}, auth.Screener)
	e.manager = e.User(e.north, "Marcus Vell", []string{e.frontDoor.ID}, auth.Manager)
	e.manager2 = e.User(e.north, "Maya Thorn", nil, auth.Manager)
	e.teacher = e.User(e.school, "Tess Arnott", nil, auth.Referrer)
	return e
}

var (
	as        = testenv.As
	wantKind  = testenv.WantKind
	wantField = testenv.WantField
)

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
