package app

import (
	"strings"
	"testing"
)

// TestBrowserMerges walks a lead through merging two records of one young
// person and undoing it, running axe-core on the choose, confirm, merged
// and tombstone pages.
func TestBrowserMerges(t *testing.T) {
	b := newBrowserTest(t)
	keep, dup, _ := twinRecords(t, b.e)
	tab := b.tab(t, "lead@northfield.example")

	tab.open(t, "/people/"+keep.ID+"/merge", 200)
	tab.check(t)
	// Continuing without a choice shows the error summary.
	tab.submit(t, "main form button[type=submit]", 422)
	tab.checkErrorPage(t, 422)
	if !strings.Contains(tab.text(t, ".govuk-error-summary"), "Select the duplicate record") {
		t.Fatal("no error for a missing choice")
	}
	eval[bool](t, tab, `(document.querySelector('input[name=duplicate_id][value="`+dup.ID+`"]').click(), true)`)
	tab.submit(t, "main form button[type=submit]", 200)
	if p := tab.path(t); !strings.HasPrefix(p, "/people/"+keep.ID+"/merge/confirm") {
		t.Fatalf("confirm page at %s", p)
	}
	tab.check(t)
	tab.fill(t, "reason", "School confirmed they are the same pupil")
	tab.submit(t, "main form button.govuk-button--warning", 200)
	if tab.path(t) != "/people/"+keep.ID || !strings.Contains(tab.text(t, ".govuk-notification-banner"), "Records merged") {
		t.Fatalf("after merging: %s", tab.path(t))
	}
	tab.check(t)
	tab.open(t, "/people/"+dup.ID, 200)
	tab.check(t)
	if !strings.Contains(tab.text(t, "main"), "was merged into") {
		t.Fatal("the tombstone does not say where the record went")
	}
	tab.open(t, "/people/"+keep.ID, 200)
	tab.submit(t, "form[action$='/undo'] button", 200)
	if !strings.Contains(tab.text(t, ".govuk-notification-banner"), "Merge undone") {
		t.Fatal("no confirmation of the undo")
	}
	tab.check(t)
}
