package missingimport_test

import (
	"os"
	"testing"

	"mace/internal/platform/auth"
)

// TestMain lowers the cost of password hashing: every test environment
// creates a dozen users.
func TestMain(m *testing.M) {
	auth.Argon = auth.ArgonParams{Memory: 1024, Time: 1, Threads: 1}
	os.Exit(m.Run())
}
