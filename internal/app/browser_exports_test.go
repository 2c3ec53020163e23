package app

import (
	"database/sql"
	"strings"
	"testing"
)

// TestBrowserExports opens the SSDA903 Missing return as an analyst: the
// clean report, a year that is not a number, and a report with a problem,
// each with axe-core.
func TestBrowserExports(t *testing.T) {
	b := newBrowserTest(t)
	child := seed903(t, b.e.svc)
	tab := b.tab(t, "analyst@northfield.example")

	tab.open(t, "/exports/ssda903-missing?year=2025", 200)
	tab.check(t)
	if !strings.Contains(tab.text(t, "main"), "No problems found") {
		t.Fatal("the clean report does not say so")
	}
	tab.fill(t, "year", "next year")
	tab.submit(t, "main form button[type=submit]", 422)
	tab.checkErrorPage(t, 422)
	if !strings.Contains(tab.text(t, ".govuk-error-summary"), "as 4 digits") {
		t.Fatal("no error for a year that is not a number")
	}
	if err := b.e.db.Tx(t.Context(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE people SET date_of_birth = '2025-06-01' WHERE id = $1`, child)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	tab.open(t, "/exports/ssda903-missing?year=2025", 200)
	tab.check(t)
	if !strings.Contains(tab.text(t, "main table"), "before the date of birth") {
		t.Fatal("the problem is not in the report")
	}
}
