package app

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

var pdfPageRE = regexp.MustCompile(`/Type\s*/Page[^s]`)

// TestBrowserPhilomena: the profile, the edit form with errors (answers
// kept), the photograph upload, and the print view, which prints on one
// sheet of A4; each with no accessibility violation.
func TestBrowserPhilomena(t *testing.T) {
	b := newBrowserTest(t)
	with, without := seedPhilomena(t, b.e)
	tab := b.tab(t, "missing-coordinator@northfield.example")

	base := "/people/" + with[0] + "/philomena"
	tab.open(t, base, http.StatusOK)
	tab.check(t)
	if !eval[bool](t, tab, `(i => i && i.complete && i.naturalWidth === 300)(document.querySelector('img.mace-philomena-photo'))`) {
		t.Error("the photograph did not load")
	}
	tab.open(t, base+"/edit", http.StatusOK)
	tab.check(t)

	// A new profile, with problems: the summary links to the fields and
	// the answers stay.
	other := "/people/" + without + "/philomena"
	tab.open(t, other, http.StatusOK)
	tab.check(t)
	tab.open(t, other+"/edit", http.StatusOK)
	tab.fill(t, "height", "5ft 1in")
	tab.fill(t, "associates-0-relationship", "Cousin <script>window.pwned=1</script>")
	tab.fill(t, "phones", "not a phone")
	tab.submit(t, `button[value="add-associate"]`, http.StatusOK)
	tab.check(t)
	if got := eval[string](t, tab, `document.getElementById('associates-0-relationship').value`); got != "Cousin <script>window.pwned=1</script>" {
		t.Errorf("the relationship typed was lost by adding a row: %q", got)
	}
	tab.fill(t, "risky_locations-0-place", "Canal towpath by the lock")
	tab.submit(t, `main form button[type="submit"]:not([name])`, http.StatusUnprocessableEntity)
	tab.checkErrorPage(t, http.StatusUnprocessableEntity)
	summary := tab.text(t, ".govuk-error-summary")
	for _, want := range []string{"Confirm that the young person is looked after", "Enter the name of associate 1", `"not a phone" is not a phone number`} {
		if !strings.Contains(summary, want) {
			t.Errorf("the error summary lacks %q:\n%s", want, summary)
		}
	}
	if got := eval[string](t, tab, `document.getElementById('height').value`); got != "5ft 1in" {
		t.Errorf("the height typed was lost: %q", got)
	}
	eval[bool](t, tab, `(document.getElementById('looked_after').checked = true, true)`)
	tab.fill(t, "associates-0-name", "Rory Lane")
	eval[bool](t, tab, `(document.getElementById('phones').value = '07700 900 444', true)`)
	tab.submit(t, `main form button[type="submit"]:not([name])`, http.StatusOK)
	if p := tab.path(t); p != other {
		t.Fatalf("after saving, at %s", p)
	}
	tab.check(t)
	if eval[bool](t, tab, `window.pwned === 1`) {
		t.Error("a script typed into the form ran")
	}

	// The photograph: the form, a refusal, then a good one.
	tab.open(t, other+"/photo", http.StatusOK)
	tab.check(t)
	dir := t.TempDir()
	bad, good := filepath.Join(dir, "notes.png"), filepath.Join(dir, "photo.png")
	if err := os.WriteFile(bad, []byte("these are notes, not a photograph"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(good, silhouettePNG(t), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tab.ctx, chromedp.SetUploadFiles(`#photo`, []string{bad})); err != nil {
		t.Fatal(err)
	}
	tab.submit(t, `main form button[type="submit"]`, http.StatusUnprocessableEntity)
	tab.checkErrorPage(t, http.StatusUnprocessableEntity)
	if got := tab.text(t, ".govuk-error-summary"); !strings.Contains(got, "must be a JPG or PNG") {
		t.Errorf("the error summary says %q", got)
	}
	if err := chromedp.Do(tab.ctx, chromedp.SetUploadFiles(`#photo`, []string{good})); err != nil {
		t.Fatal(err)
	}
	tab.submit(t, `main form button[type="submit"]`, http.StatusOK)
	tab.check(t)
	if !eval[bool](t, tab, `(i => i && i.complete && i.naturalWidth === 90)(document.querySelector('img.mace-philomena-photo'))`) {
		t.Error("the uploaded photograph is not shown")
	}

	// The print view, as the police see it: one sheet of A4.
	police := b.tab(t, "officer@police.example")
	police.open(t, base+"/print", http.StatusOK)
	police.check(t)
	pdf, err := chromedp.Run(police.ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4),
		func(p *page.PrintToPDFParams) { prefer := true; p.PreferCSSPageSize = &prefer }))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(pdfPageRE.FindAll(pdf, -1)); n != 1 {
		t.Errorf("the print view prints on %d pages, want 1", n)
	}
	// The page count is read right: the edit form prints on several.
	tab.open(t, base+"/edit", http.StatusOK)
	if pdf, err = chromedp.Run(tab.ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4))); err != nil {
		t.Fatal(err)
	}
	if n := len(pdfPageRE.FindAll(pdf, -1)); n < 2 {
		t.Errorf("the edit form prints on %d pages: the page count is not being read", n)
	}
}
