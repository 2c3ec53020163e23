package ssda903_test

import (
	"testing"
	"time"

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

var (
	as       = testenv.As
	wantKind = testenv.WantKind
	london   = testenv.London
)

func ptr(t time.Time) *time.Time { return &t }
