package app

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"mace/internal/demo"
)

// TestBrowserMissing: missing now, an episode, the report form, the return
// interview form and its error state (answers kept), the overdue list and a
// young person's missing history, each with no accessibility violation.
func TestBrowserMissing(t *testing.T) {
	b := newBrowserTest(t)
	if err := demo.SeedMissing(context.Background(), b.e.svc.Auth, b.e.svc.People, b.e.svc.Missing, b.e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	overdue, err := b.e.svc.Missing.OverdueInterviews(b.e.asUser("missing-coordinator@northfield.example"))
	if err != nil || len(overdue) == 0 {
		t.Fatalf("the demo has no overdue interview: %v", err)
	}
	ep := overdue[0]
	tab := b.tab(t, "missing-coordinator@northfield.example")

	tab.open(t, "/missing", http.StatusOK)
	tab.check(t)
	if got := tab.text(t, "main table"); !strings.Contains(got, "High") {
		t.Errorf("missing now does not show the grading:\n%s", got)
	}
	tab.open(t, "/missing/overdue", http.StatusOK)
	tab.check(t)
	if got := tab.text(t, "main table"); !strings.Contains(got, ep.PersonName) {
		t.Errorf("the overdue list does not name %s:\n%s", ep.PersonName, got)
	}
	tab.open(t, "/missing/episodes/"+ep.EpisodeID, http.StatusOK)
	tab.check(t)
	tab.open(t, "/missing/episodes/"+ep.EpisodeID+"/edit", http.StatusOK)
	tab.check(t)
	tab.open(t, "/people/"+ep.PersonID+"/missing/new", http.StatusOK)
	tab.check(t)

	// The interview form: an offer without who made it is refused, and what
	// was typed stays.
	tab.open(t, "/missing/episodes/"+ep.EpisodeID+"/return-interview", http.StatusOK)
	tab.check(t)
	eval[bool](t, tab, `(document.getElementById('offered_by').value = '', true)`)
	tab.fill(t, "push_factors", "Rows about <b>curfew</b>")
	tab.submit(t, `main form button[type="submit"]`, http.StatusUnprocessableEntity)
	tab.checkErrorPage(t, http.StatusUnprocessableEntity)
	if got := tab.text(t, ".govuk-error-summary"); !strings.Contains(got, "Enter the name of the worker who offered the interview") ||
		!strings.Contains(got, "Enter the service that offered the interview") {
		t.Errorf("the error summary says %q", got)
	}
	if got := eval[string](t, tab, `document.getElementById('push_factors').value`); got != "Rows about <b>curfew</b>" {
		t.Errorf("the push factors typed were not kept: %q", got)
	}
	tab.fill(t, "offered_by", "Aisha Rahman")
	tab.fill(t, "offered_service", "Missing from Home Team")
	eval[bool](t, tab, `(document.getElementById('outcome-2').checked = true, true)`)
	tab.submit(t, `main form button[type="submit"]`, http.StatusOK)
	if p := tab.path(t); p != "/missing/episodes/"+ep.EpisodeID {
		t.Fatalf("after saving the interview, at %s", p)
	}
	tab.check(t)
	if got := tab.text(t, "main"); !strings.Contains(got, "Rows about <b>curfew</b>") || !strings.Contains(got, "Offered: Y; accepted: N") {
		t.Errorf("the episode page does not show the interview as typed:\n%s", got)
	}

	tab.open(t, "/people/"+ep.PersonID+"/missing", http.StatusOK)
	tab.check(t)
	if got := tab.text(t, "main"); !strings.Contains(got, "Last return interview") || !strings.Contains(got, "Declined") {
		t.Errorf("the history does not show the last interview:\n%s", got)
	}
	// The person page links to the history.
	tab.open(t, "/people/"+ep.PersonID, http.StatusOK)
	if h := tab.href(t, `main a[href$="/missing"]`); h != "/people/"+ep.PersonID+"/missing" {
		t.Errorf("the person page links to %s", h)
	}
}
