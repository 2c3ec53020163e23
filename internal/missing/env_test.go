package missing_test

import (
	"testing"
	"time"

	"mace/internal/platform/db"
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

var (
	as       = testenv.As
	wantKind = testenv.WantKind
	london   = testenv.London
)

func ptr(t time.Time) *time.Time { return &t }
