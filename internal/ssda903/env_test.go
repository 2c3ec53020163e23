package ssda903_test

import (
	"testing"
	"time"

	"mace/internal/people"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/ssda903"
	"mace/internal/testenv"
)

var migrations = testenv.MissingMigrations()

// env is the missing partnership (testenv.Missing) with the names these
// tests use.
type env struct {
	*testenv.Missing
	t       *testing.T
	returns *ssda903.Service
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	m := testenv.NewMissing(t, d)
	e := &env{Missing: m, t: t}
	e.returns = &ssda903.Service{DB: d, Audit: m.Audit, Directory: m.Auth, Missing: m.Svc, Now: m.Clock.Now}
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
