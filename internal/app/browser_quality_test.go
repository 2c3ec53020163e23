package app

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestBrowserQuality: the standards, the sample, the audit form and its
// error state (answers kept), and the summary, each with no accessibility
// violation.
func TestBrowserQuality(t *testing.T) {
	b := newBrowserTest(t)
	ids, month := seedHeldInterviews(t, b.e, 2, "Northfield Return Service")
	tab := b.tab(t, "manager@northfield.example")

	tab.open(t, "/return-interview-audits/standards", http.StatusOK)
	tab.check(t)
	tab.fill(t, "code", "no good")
	tab.submit(t, `form[action="/return-interview-audits/standards"] button`, http.StatusUnprocessableEntity)
	tab.checkErrorPage(t, http.StatusUnprocessableEntity)
	if got := tab.text(t, ".govuk-error-summary"); !strings.Contains(got, "2 to 20 letters") {
		t.Errorf("the error summary says %q", got)
	}

	tab.open(t, "/return-interview-audits/sample?"+url.Values{"month": {month}, "service": {"Northfield Return Service"}}.Encode(), http.StatusOK)
	tab.check(t)

	tab.open(t, "/return-interview-audits/interviews/"+ids[0], http.StatusOK)
	tab.check(t)
	tab.fill(t, "comment-OWN-WORDS", "Quotes <i>her</i> words")
	tab.submit(t, `main form button[type="submit"]`, http.StatusUnprocessableEntity)
	tab.checkErrorPage(t, http.StatusUnprocessableEntity)
	if got := eval[string](t, tab, `document.getElementById('comment-OWN-WORDS').value`); got != "Quotes <i>her</i> words" {
		t.Errorf("the comment typed was not kept: %q", got)
	}
	if got := eval[bool](t, tab, `document.getElementById('score-SHARED').checked`); !got {
		t.Error("the suggested score for sharing with the police is not chosen")
	}

	tab.open(t, "/return-interview-audits/summary?month="+month, http.StatusOK)
	tab.check(t)
	if got := tab.text(t, "main table"); !strings.Contains(got, "Northfield Return Service") {
		t.Fatalf("the summary does not list the service:\n%s", got)
	}
}
