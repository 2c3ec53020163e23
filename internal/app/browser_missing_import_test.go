package app

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestBrowserMissingImport drives the import of a police file in Chromium:
// the upload form (empty, then with an error), the preview with good rows,
// rows with problems and a row for review, the result of the import, the
// review list and a row to review, each checked with axe-core.
func TestBrowserMissingImport(t *testing.T) {
	b := newBrowserTest(t)
	file, _ := importFile(t, b.e)
	tab := b.tab(t, "missing-coordinator@northfield.example")

	tab.open(t, "/missing/imports/new", http.StatusOK)
	tab.check(t)
	tab.submit(t, "main form button[type=submit]", http.StatusUnprocessableEntity)
	tab.checkErrorPage(t, http.StatusUnprocessableEntity)
	if !strings.Contains(tab.text(t, ".govuk-error-summary"), "Select a CSV file") {
		t.Fatal("no error for a missing file")
	}
	// Choose the file as a user would, through the file input.
	content, _ := json.Marshal(file)
	eval[bool](t, tab, `(() => { const dt = new DataTransfer();
		dt.items.add(new File([`+string(content)+`], 'police.csv', {type: 'text/csv'}));
		document.getElementById('file').files = dt.files; return true })()`)
	tab.submit(t, "main form button[type=submit]", http.StatusOK)
	if p := tab.path(t); !strings.HasPrefix(p, "/missing/imports/") {
		t.Fatalf("after the upload: %s", p)
	}
	tab.check(t)
	main := tab.text(t, "main")
	for _, want := range []string{"Rows that cannot be imported", "date_of_birth: \"31/02/2011\" is not a date", "Rows for review",
		"More than one record may be this young person", "Ottoline Brackenridge", "New episode"} {
		if !strings.Contains(main, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	tab.submit(t, "main form button.govuk-button:not(.govuk-button--secondary)", http.StatusOK)
	if !strings.Contains(tab.text(t, ".govuk-panel"), "1 new, 0 ended, 1 for review") {
		t.Fatalf("after importing: %s", tab.text(t, "main"))
	}
	tab.check(t)

	tab.open(t, "/missing/imports/reviews", http.StatusOK)
	tab.check(t)
	tab.open(t, tab.href(t, `main a[href*="/reviews/"]`), http.StatusOK)
	tab.check(t)
	tab.submit(t, "main form button[type=submit]", http.StatusUnprocessableEntity)
	tab.checkErrorPage(t, http.StatusUnprocessableEntity)
	eval[bool](t, tab, `(document.querySelector('input[name=person_id][value=new]').click(), true)`)
	tab.submit(t, "main form button[type=submit]", http.StatusOK)
	if !strings.Contains(tab.text(t, "main"), "There are no rows to review") {
		t.Fatalf("after choosing: %s", tab.text(t, "main"))
	}
	tab.check(t)
}
