package missingimport_test

import (
	"testing"
	"time"

	"mace/internal/missingimport"
	"mace/internal/platform/db"
	"mace/internal/testenv"
)

var migrations = testenv.MissingMigrations(missingimport.Migrations)

// env is the missing partnership (testenv.Missing) with the names these
// tests use.
type env struct {
	*testenv.Missing
	t *testing.T
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	m := testenv.NewMissing(t, d)
	return &env{Missing: m, t: t}
}

var (
	as     = testenv.As
	london = testenv.London
)

func ptr(t time.Time) *time.Time { return &t }
