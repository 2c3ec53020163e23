package app

import (
	"net/http"
	"strings"
	"testing"
)

// TestBrowserConsultations: the log, the form, the form with errors (answers
// kept), and a consultation page, each with no accessibility violation.
func TestBrowserConsultations(t *testing.T) {
	b := newBrowserTest(t)
	seedConsultations(t, b.e)
	tab := b.tab(t, "screener@northfield.example")

	tab.open(t, "/consultations", http.StatusOK)
	tab.check(t)
	if got := tab.text(t, "main table"); !strings.Contains(got, "Andrew Bennett") {
		t.Fatalf("the log does not list the demo consultations:\n%s", got)
	}
	tab.open(t, "/consultations?from-day=31&from-month=2&from-year=2026", http.StatusOK)
	tab.check(t)

	tab.open(t, "/consultations/new", http.StatusOK)
	tab.check(t)
	tab.fill(t, "professional_name", "Ines <i>Harrow</i>")
	tab.fill(t, "question", "Is <script>window.pwned=1</script> a worry?")
	tab.submit(t, `main form button[type="submit"]:not([name])`, http.StatusUnprocessableEntity)
	tab.checkErrorPage(t, http.StatusUnprocessableEntity)
	if got := eval[string](t, tab, `document.getElementById('professional_name').value`); got != "Ines <i>Harrow</i>" {
		t.Errorf("the name typed was not kept: %q", got)
	}
	if got := tab.text(t, ".govuk-error-summary"); !strings.Contains(got, "Enter the advice given") {
		t.Errorf("the error summary says %q", got)
	}

	// Search for a person record: the answers stay.
	tab.fill(t, "person_search", "a")
	tab.submit(t, `button[value="find-person"]`, http.StatusOK)
	tab.check(t)
	if got := eval[string](t, tab, `document.getElementById('professional_name').value`); got != "Ines <i>Harrow</i>" {
		t.Errorf("the name typed was lost by the person search: %q", got)
	}

	tab.fill(t, "other_organisation", "Harrow Family Centre")
	eval[bool](t, tab, `(document.getElementById('organisation_id').value = 'other', true)`)
	eval[bool](t, tab, `(document.getElementById('method').checked = true, true)`)
	tab.fill(t, "advice", "Refer today.")
	tab.submit(t, `main form button[type="submit"]:not([name])`, http.StatusOK)
	if p := tab.path(t); !strings.HasPrefix(p, "/consultations/") {
		t.Fatalf("after saving, at %s", p)
	}
	tab.check(t)
	if eval[bool](t, tab, `window.pwned === 1`) {
		t.Error("a script typed into the form ran")
	}
	if got := tab.text(t, "main"); !strings.Contains(got, "Ines <i>Harrow</i>") || !strings.Contains(got, "<script>window.pwned=1</script>") {
		t.Errorf("text is not shown as typed:\n%s", got)
	}
	tab.open(t, tab.path(t)+"/edit", http.StatusOK)
	tab.check(t)
}
