package app

// Browser tests: the whole service, with the demo data, driven in a real
// headless Chromium through the DevTools protocol. On every kind of page
// they run axe-core (testdata/axe.min.js, vendored by
// scripts/vendor-frontend.sh) and require no WCAG 2.2 AA or best-practice
// violation, and they require no script error, console error or
// Content-Security-Policy violation.
//
// They need Debian's chromium package (or MACE_CHROMIUM naming a Chromium or
// Chrome binary). Without one they are skipped, unless MACE_TEST_BROWSER=1,
// as CI sets it, when they fail. MACE_BROWSER_SCREENSHOT names a file to
// which a screenshot of a person's record is also written, to look at.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"mace/internal/demo"
	"mace/internal/people"
)

// browserTimeout bounds each browser test, start-up included: long enough
// for a loaded machine, short enough to stop a test that hangs.
const browserTimeout = 8 * time.Minute

// axeRun runs axe-core on the page for WCAG 2.0, 2.1 and 2.2 A and AA and
// best practice, and returns the violations in a form that reads well in a
// failure message.
const axeRun = `axe.run(document, {
	runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
	resultTypes: ['violations']
}).then(r => r.violations.map(v => ({
	id: v.id,
	impact: v.impact || '',
	help: v.help,
	helpUrl: v.helpUrl,
	nodes: v.nodes.map(n => ({
		target: [].concat(n.target).flat(Infinity).join(' '),
		summary: n.failureSummary || ''
	}))
})))`

type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  string `json:"target"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// chromiumPath finds a Chromium or Chrome binary: MACE_CHROMIUM when set,
// else /usr/bin/chromium, else chromium, chromium-browser or google-chrome on
// PATH. It returns "" when there is none.
func chromiumPath() string {
	if p := os.Getenv("MACE_CHROMIUM"); p != "" {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
		return ""
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	return ""
}

// needChromium returns the browser to use. When there is none it skips the
// test, or fails it when MACE_TEST_BROWSER=1 (CI sets it, so that the
// browser tests cannot quietly stop running there).
func needChromium(t *testing.T) string {
	t.Helper()
	if path := chromiumPath(); path != "" {
		return path
	}
	why := "no chromium, chromium-browser or google-chrome found"
	if p := os.Getenv("MACE_CHROMIUM"); p != "" {
		why = fmt.Sprintf("MACE_CHROMIUM=%q is not an executable", p)
	}
	if os.Getenv("MACE_TEST_BROWSER") == "1" {
		t.Fatalf("MACE_TEST_BROWSER=1 and %s: browser tests need Chromium: install Debian's chromium package or set MACE_CHROMIUM", why)
	}
	t.Skipf("browser tests need Chromium: install Debian's chromium package or set MACE_CHROMIUM (%s)", why)
	return ""
}

// console gathers what a tab reports that a working page never does: an
// uncaught exception, a console error, or an error of the browser log (a
// Content-Security-Policy violation, a resource that failed to load).
type console struct {
	mu       sync.Mutex
	problems []string
}

func (c *console) listen(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg = "uncaught exception: " + d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		if d.URL != "" {
			msg += fmt.Sprintf(" (%s:%d)", d.URL, d.LineNumber+1)
		}
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		var parts []string
		for _, a := range ev.Args {
			if s := strings.Trim(string(a.Value), `"`); s != "" {
				parts = append(parts, s)
			} else {
				parts = append(parts, a.Description)
			}
		}
		msg = "console." + string(ev.Type) + ": " + strings.Join(parts, " ")
	case *log.EventEntryAdded:
		e := ev.Entry
		if e.Level != log.EntryLevelError {
			return
		}
		msg = fmt.Sprintf("browser log (%s): %s", e.Source, e.Text)
		if e.URL != "" {
			msg += " [" + e.URL + "]"
		}
	default:
		return
	}
	c.mu.Lock()
	c.problems = append(c.problems, msg)
	c.mu.Unlock()
}

// take returns what was gathered since the last take, and forgets it.
func (c *console) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.problems
	c.problems = nil
	return p
}

// tab is one browser tab in a browser context of its own (its own cookies),
// for one user.
type tab struct {
	ctx     context.Context
	base    string
	axe     string
	console *console
}

func newTab(t *testing.T, browser context.Context, base, axe string) *tab {
	t.Helper()
	c := &console{}
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext(), chromedp.WithListener(c.listen))
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a browser tab: %v", err)
	}
	return &tab{ctx: ctx, base: base, axe: axe, console: c}
}

// open loads path and checks the status of the page.
func (b *tab) open(t *testing.T, path string, wantStatus int) {
	t.Helper()
	b.console.take()
	res, err := chromedp.Run(b.ctx, chromedp.NavigateResponse(b.base+path))
	if err != nil {
		t.Fatalf("opening %s: %v", path, err)
	}
	b.checkStatus(t, "opening "+path, res.Status, wantStatus)
}

// submit clicks the button sel, which submits a form, waits for the page
// that answers, and checks its status (after any redirect).
func (b *tab) submit(t *testing.T, sel string, wantStatus int) {
	t.Helper()
	b.console.take()
	res, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("clicking %s: %v", sel, err)
	}
	b.checkStatus(t, "clicking "+sel, res.Status, wantStatus)
}

func (b *tab) checkStatus(t *testing.T, what string, got int64, want int) {
	t.Helper()
	if int(got) != want {
		body, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ''`))
		t.Fatalf("%s: status %d, want %d; the page says:\n%s", what, got, want, body)
	}
}

// fill types s into the field with the id.
func (b *tab) fill(t *testing.T, id, s string) {
	t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.SendKeys(chromedp.ID(id), s)); err != nil {
		t.Fatalf("typing into #%s: %v", id, err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, b *tab, expr string) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// path is the path of the page now shown.
func (b *tab) path(t *testing.T) string {
	t.Helper()
	return eval[string](t, b, `location.pathname + location.search`)
}

// text is the visible text of the first element matching the CSS selector,
// or "" when there is none.
func (b *tab) text(t *testing.T, sel string) string {
	t.Helper()
	return eval[string](t, b, fmt.Sprintf(`(e => e ? e.innerText : '')(document.querySelector(%q))`, sel))
}

// href is the href of the first link matching the CSS selector.
func (b *tab) href(t *testing.T, sel string) string {
	t.Helper()
	h := eval[string](t, b, fmt.Sprintf(`(e => e ? e.getAttribute('href') : '')(document.querySelector(%q))`, sel))
	if h == "" {
		t.Fatalf("%s: no link %s", b.path(t), sel)
	}
	return h
}

// check runs axe-core on the page and fails on any violation, and on any
// script, console or Content-Security-Policy error since the page was asked
// for. It also checks that the page's own scripts ran.
func (b *tab) check(t *testing.T) {
	t.Helper()
	at := b.path(t)
	// js-enabled.js marks the body; GOV.UK Frontend (app.js) then marks
	// each component it starts. Both come from /assets under the CSP.
	scripts := eval[[]bool](t, b, `[
		document.body.classList.contains('govuk-frontend-supported'),
		[...document.querySelectorAll('[data-module^="govuk-"]')].every(e => e.hasAttribute('data-' + e.dataset.module + '-init'))
	]`)
	if !scripts[0] {
		t.Errorf("%s: js-enabled.js did not run (the body has no govuk-frontend-supported class)", at)
	}
	if !scripts[1] {
		t.Errorf("%s: GOV.UK Frontend did not start every component: app.js failed", at)
	}
	// Evaluate runs through DevTools, so the page's CSP does not stop it.
	if err := chromedp.Do(b.ctx, chromedp.Evaluate[chromedp.Void](b.axe)); err != nil {
		t.Fatalf("%s: loading axe-core: %v", at, err)
	}
	violations, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: running axe-core: %v", at, err)
	}
	if len(violations) > 0 {
		var sb strings.Builder
		fmt.Fprintf(&sb, "%s: %d accessibility violation(s):", at, len(violations))
		for _, v := range violations {
			fmt.Fprintf(&sb, "\n  %s (%s): %s\n    %s", v.ID, v.Impact, v.Help, v.HelpURL)
			for _, n := range v.Nodes {
				fmt.Fprintf(&sb, "\n    - %s", n.Target)
				if n.Summary != "" {
					fmt.Fprintf(&sb, "\n      %s", strings.ReplaceAll(n.Summary, "\n", "\n      "))
				}
			}
		}
		t.Error(sb.String())
	}
	b.checkConsole(t, at, 0)
}

// checkConsole fails on anything the console gathered. A page served with
// an error status logs its own load as failed: allowStatus names that
// status, which open or submit has checked already.
func (b *tab) checkConsole(t *testing.T, at string, allowStatus int) {
	t.Helper()
	for _, p := range b.console.take() {
		if allowStatus != 0 && strings.HasPrefix(p, "browser log (network): Failed to load resource: the server responded with a status of "+fmt.Sprint(allowStatus)) &&
			strings.HasSuffix(p, "["+b.base+at+"]") {
			continue
		}
		t.Errorf("%s: %s", at, p)
	}
}

// checkErrorPage is check for a page served with an error status.
func (b *tab) checkErrorPage(t *testing.T, status int) {
	t.Helper()
	// Keep the expected failed load of the page itself from failing check;
	// anything else the console gathered still fails.
	at := b.path(t)
	b.checkConsole(t, at, status)
	b.check(t)
}

// signIn signs in through the sign-in form, as a person would.
func (b *tab) signIn(t *testing.T, email string) {
	t.Helper()
	b.open(t, "/sign-in", http.StatusOK)
	b.fill(t, "email", email)
	b.fill(t, "password", demo.Password)
	b.submit(t, `main form button[type="submit"]`, http.StatusOK)
	if got := b.path(t); got != "/" {
		t.Fatalf("signing in as %s: at %s, want /", email, got)
	}
	b.checkConsole(t, "/", 0)
}

// hasRoute reports whether the service has a route for method and pattern.
func (e *testEnv) hasRoute(method, pattern string) bool {
	return slices.ContainsFunc(e.srv.routes(), func(r route) bool { return r.Method == method && r.Pattern == pattern })
}

func TestBrowserAccessibility(t *testing.T) {
	chrome := needChromium(t)
	axeSource, err := os.ReadFile("testdata/axe.min.js")
	if err != nil {
		t.Fatalf("reading axe-core: %v", err)
	}
	start := time.Now() // timing
	e := sqliteEnv(t)
	ready := time.Since(start) // timing

	// The people the pages are about, read as the screener sees them.
	screenerCtx := e.asUser("screener@northfield.example")
	list, err := e.svc.People.List(screenerCtx, people.ListQuery{PerPage: 200})
	if err != nil {
		t.Fatal(err)
	}
	// Two records of the screener's (and the manager's) organisation: one
	// to view, search for, change and audit, one for the manager to restrict.
	org := e.user("screener@northfield.example").Organisation.ID
	var own []people.Summary
	for _, p := range list.People {
		if !p.ContentHidden && p.OwnerOrgID == org && p.GivenName != "" && p.FamilyName != "" {
			own = append(own, p)
		}
	}
	if len(own) < 2 {
		t.Fatalf("the demo data gives the screener %d records of Northfield's; want at least 2", len(own))
	}
	person, other := own[0], own[1]

	browser, axe := startBrowser(t, chrome, string(axeSource))
	t.Logf("service and demo data ready in %s", ready.Round(time.Millisecond))
	base := e.ts.URL

	// Signed out.
	anon := newTab(t, browser, base, axe)
	t.Run("sign-in", func(t *testing.T) {
		anon.open(t, "/sign-in", http.StatusOK)
		anon.check(t)
	})
	t.Run("sign-in-with-errors", func(t *testing.T) {
		anon.open(t, "/sign-in", http.StatusOK)
		anon.submit(t, `main form button[type="submit"]`, http.StatusUnprocessableEntity)
		summary := anon.text(t, ".govuk-error-summary")
		for _, want := range []string{"Enter your email address", "Enter your password"} {
			if !strings.Contains(summary, want) {
				t.Errorf("the error summary does not say %q; it says:\n%s", want, summary)
			}
		}
		// GOV.UK Frontend moves the focus to the error summary.
		if !eval[bool](t, anon, `!!document.activeElement.closest('.govuk-error-summary')`) {
			t.Error("the error summary does not have the focus")
		}
		anon.checkErrorPage(t, http.StatusUnprocessableEntity)
	})

	// A screener, for the people pages.
	screener := newTab(t, browser, base, axe)
	screener.signIn(t, "screener@northfield.example")
	t.Run("home", func(t *testing.T) {
		screener.open(t, "/", http.StatusOK)
		screener.check(t)
	})
	t.Run("people-list", func(t *testing.T) {
		screener.open(t, "/people", http.StatusOK)
		if n := eval[int](t, screener, `document.querySelectorAll('main tbody tr').length`); n == 0 {
			t.Error("the people list shows no one")
		}
		screener.check(t)
	})
	t.Run("people-search-results", func(t *testing.T) {
		screener.open(t, "/people", http.StatusOK)
		q := person.GivenName + " " + person.FamilyName
		screener.fill(t, "q", q)
		screener.submit(t, `form[role="search"] button[type="submit"]`, http.StatusOK)
		if got := screener.path(t); got != "/people?q="+url.QueryEscape(q) {
			t.Errorf("searching: at %s", got)
		}
		if results := screener.text(t, "main tbody"); !strings.Contains(results, person.FamilyName+", "+person.GivenName) {
			t.Errorf("searching for %q does not find them; the results are:\n%s", q, results)
		}
		screener.check(t)
	})
	t.Run("people-search-no-results", func(t *testing.T) {
		screener.open(t, "/people?q=Zzyzxqv", http.StatusOK)
		if h := screener.text(t, "main h2"); h != "No one matches" {
			t.Errorf("a search that matches no one shows %q, want No one matches", h)
		}
		screener.check(t)
	})
	t.Run("people-search-too-long", func(t *testing.T) {
		q := "a b c d e f g h i j k"
		screener.open(t, "/people?q="+url.QueryEscape(q), http.StatusUnprocessableEntity)
		if s := screener.text(t, ".govuk-error-summary"); !strings.Contains(s, "Enter 10 words or fewer to search for") {
			t.Errorf("the error summary says %q", s)
		}
		if got := eval[string](t, screener, `document.getElementById('q').value`); got != q {
			t.Errorf("the search box holds %q, want what was typed, %q", got, q)
		}
		screener.checkErrorPage(t, http.StatusUnprocessableEntity)
	})
	t.Run("person-record", func(t *testing.T) {
		screener.open(t, "/people/"+person.ID, http.StatusOK)
		if h := screener.text(t, "main h1"); !strings.Contains(h, person.FamilyName) {
			t.Errorf("the record's heading is %q", h)
		}
		screener.check(t)
		shot, err := chromedp.Run(screener.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("taking a screenshot: %v", err)
		}
		if err := os.WriteFile(t.TempDir()+"/person.png", shot, 0o644); err != nil {
			t.Fatal(err)
		}
		if f := os.Getenv("MACE_BROWSER_SCREENSHOT"); f != "" {
			if err := os.WriteFile(f, shot, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("screenshot of a person's record written to %s", f)
		}
	})
	t.Run("person-edit-form", func(t *testing.T) {
		screener.open(t, "/people/"+person.ID+"/edit", http.StatusOK)
		if got := eval[string](t, screener, `document.getElementById('family_name').value`); got != person.FamilyName {
			t.Errorf("the edit form's family name is %q, want %q", got, person.FamilyName)
		}
		screener.check(t)
	})
	t.Run("add-person-form", func(t *testing.T) {
		screener.open(t, "/people/new", http.StatusOK)
		screener.check(t)
	})
	t.Run("person-form-with-errors", func(t *testing.T) {
		screener.open(t, "/people/new", http.StatusOK)
		year := fmt.Sprint(e.clock.Now().Year() + 1)
		// Everything but the given name, with a date of birth next year.
		typed := [][2]string{
			{"family_name", "Testington"},
			{"known_as", "Tess"},
			{"date_of_birth", "14"},
			{"date_of_birth-month", "6"},
			{"date_of_birth-year", year},
			{"phones", "07700 900123"},
			{"addresses-0-line", "1 Mill Lane"},
			{"addresses-0-postcode", "NF1 2AB"},
		}
		for _, f := range typed {
			screener.fill(t, f[0], f[1])
		}
		screener.submit(t, `main form button[type="submit"]`, http.StatusUnprocessableEntity)
		summary := screener.text(t, ".govuk-error-summary")
		for _, want := range []string{"Enter a given name", "Date of birth must be today or in the past"} {
			if !strings.Contains(summary, want) {
				t.Errorf("the error summary does not say %q; it says:\n%s", want, summary)
			}
		}
		for _, field := range []string{"given_name", "date_of_birth"} {
			if eval[string](t, screener, fmt.Sprintf(`(e => e ? e.getAttribute('href') : '')(document.querySelector('.govuk-error-summary a[href="#%s"]'))`, field)) == "" {
				t.Errorf("the error summary does not link to #%s", field)
			}
		}
		for _, f := range typed {
			id, want := f[0], f[1]
			if got := eval[string](t, screener, fmt.Sprintf(`document.getElementById(%q).value`, id)); got != want {
				t.Errorf("after the errors, #%s holds %q, want what was typed, %q", id, got, want)
			}
		}
		if !eval[bool](t, screener, `!!document.activeElement.closest('.govuk-error-summary')`) {
			t.Error("the error summary does not have the focus")
		}
		screener.checkErrorPage(t, http.StatusUnprocessableEntity)
	})
	t.Run("page-not-found", func(t *testing.T) {
		screener.open(t, "/people/no-such-person", http.StatusNotFound)
		if h := screener.text(t, "main h1"); h != "Page not found" {
			t.Errorf("the heading is %q, want Page not found", h)
		}
		screener.checkErrorPage(t, http.StatusNotFound)
	})

	// A manager, who may see the audit trail.
	manager := newTab(t, browser, base, axe)
	manager.signIn(t, "manager@northfield.example")
	t.Run("who-has-seen-this-record", func(t *testing.T) {
		manager.open(t, "/people/"+person.ID+"/audit", http.StatusOK)
		if n := eval[int](t, manager, `document.querySelectorAll('main tbody tr').length`); n == 0 {
			t.Error("the page lists no view or change of the record")
		}
		manager.check(t)
	})
	t.Run("restricted-record", func(t *testing.T) {
		if !e.hasRoute("GET", "/people/{id}/access") {
			t.Log("no /people/{id}/access route yet: restricted records are not checked")
			return
		}
		// The manager restricts the record to the people named (the
		// manager alone); the screener is not named.
		manager.open(t, "/people/"+other.ID+"/access", http.StatusOK)
		manager.check(t)
		if err := chromedp.Do(manager.ctx, chromedp.Click(chromedp.CSS(`input[name="restricted"][value="yes"]`))); err != nil {
			t.Fatalf("choosing to restrict the record: %v", err)
		}
		manager.submit(t, `main form[action$="/access/restrict"] button[type="submit"]`, http.StatusOK)
		if banner := manager.text(t, ".govuk-notification-banner"); !strings.Contains(banner, "Restriction saved") {
			t.Errorf("restricting a record shows no success banner; the banner says %q", banner)
		}
		manager.check(t)

		screener.open(t, "/people/"+other.ID, http.StatusOK)
		if h := screener.text(t, "main h1"); h != "Restricted record" {
			t.Errorf("a user not named on a restricted record sees the heading %q, want Restricted record", h)
		}
		if body := screener.text(t, "main"); strings.Contains(body, other.FamilyName) {
			t.Errorf("a user not named on a restricted record sees the family name %q", other.FamilyName)
		}
		screener.check(t)
	})

	// A referrer, who may not see people's records.
	referrer := newTab(t, browser, base, axe)
	referrer.signIn(t, "referrer@health.example")
	t.Run("forbidden", func(t *testing.T) {
		referrer.open(t, "/people", http.StatusForbidden)
		if h := referrer.text(t, "main h1"); h != "You do not have access to this page" {
			t.Errorf("the heading is %q", h)
		}
		referrer.checkErrorPage(t, http.StatusForbidden)
	})

	// An administrator, for the administration pages.
	admin := newTab(t, browser, base, axe)
	admin.signIn(t, "administrator@northfield.example")
	var orgPath, userPath string
	t.Run("admin", func(t *testing.T) {
		admin.open(t, "/admin", http.StatusOK)
		admin.check(t)
	})
	t.Run("admin-organisations", func(t *testing.T) {
		admin.open(t, "/admin/organisations", http.StatusOK)
		orgPath = admin.href(t, `main tbody a[href^="/admin/organisations/"]`)
		admin.check(t)
	})
	t.Run("admin-organisation", func(t *testing.T) {
		if orgPath == "" {
			t.Skip("no organisation found")
		}
		admin.open(t, orgPath, http.StatusOK)
		admin.check(t)
	})
	t.Run("admin-new-organisation-form", func(t *testing.T) {
		admin.open(t, "/admin/organisations/new", http.StatusOK)
		admin.check(t)
	})
	t.Run("admin-new-organisation-form-with-errors", func(t *testing.T) {
		admin.open(t, "/admin/organisations/new", http.StatusOK)
		admin.submit(t, `main form button[type="submit"]`, http.StatusUnprocessableEntity)
		if admin.text(t, ".govuk-error-summary") == "" {
			t.Error("no error summary")
		}
		admin.checkErrorPage(t, http.StatusUnprocessableEntity)
	})
	t.Run("admin-edit-organisation-form", func(t *testing.T) {
		if orgPath == "" {
			t.Skip("no organisation found")
		}
		admin.open(t, orgPath+"/edit", http.StatusOK)
		admin.check(t)
	})
	t.Run("admin-organisation-saved", func(t *testing.T) {
		if orgPath == "" {
			t.Skip("no organisation found")
		}
		admin.open(t, orgPath+"/edit", http.StatusOK)
		admin.submit(t, `main form button[type="submit"]`, http.StatusOK)
		if got := admin.path(t); got != orgPath {
			t.Errorf("saving an organisation: at %s, want %s", got, orgPath)
		}
		if banner := admin.text(t, ".govuk-notification-banner"); !strings.Contains(banner, "Changes saved") {
			t.Errorf("saving an organisation shows no success banner; the banner says %q", banner)
		}
		admin.check(t)
	})
	t.Run("admin-new-team-form", func(t *testing.T) {
		if orgPath == "" {
			t.Skip("no organisation found")
		}
		admin.open(t, orgPath+"/teams/new", http.StatusOK)
		admin.check(t)
	})
	t.Run("admin-edit-team-form", func(t *testing.T) {
		if orgPath == "" {
			t.Skip("no organisation found")
		}
		admin.open(t, orgPath, http.StatusOK)
		team := admin.href(t, `main a[href^="/admin/teams/"][href$="/edit"]`)
		admin.open(t, team, http.StatusOK)
		admin.check(t)
	})
	t.Run("admin-users", func(t *testing.T) {
		admin.open(t, "/admin/users", http.StatusOK)
		userPath = admin.href(t, `main tbody a[href^="/admin/users/"]`)
		admin.check(t)
	})
	t.Run("admin-user", func(t *testing.T) {
		if userPath == "" {
			t.Skip("no user found")
		}
		admin.open(t, userPath, http.StatusOK)
		admin.check(t)
	})
	t.Run("own-api-tokens", func(t *testing.T) {
		admin.open(t, "/account/tokens", http.StatusOK)
		admin.check(t)
	})
	t.Run("own-api-token-created", func(t *testing.T) {
		admin.open(t, "/account/tokens", http.StatusOK)
		admin.fill(t, "name", "Case system link")
		admin.submit(t, `main form[action="/account/tokens"] button[type="submit"]`, http.StatusOK)
		if h := admin.text(t, "main h1"); h != "API token created" {
			t.Errorf("creating a token: the heading is %q", h)
		}
		admin.check(t)
	})
	t.Run("admin-new-user-form", func(t *testing.T) {
		admin.open(t, "/admin/users/new", http.StatusOK)
		admin.check(t)
	})
	t.Run("admin-edit-user-form", func(t *testing.T) {
		if userPath == "" {
			t.Skip("no user found")
		}
		admin.open(t, userPath+"/edit", http.StatusOK)
		admin.check(t)
	})
	t.Run("admin-user-form-with-errors", func(t *testing.T) {
		admin.open(t, "/admin/users/new", http.StatusOK)
		admin.submit(t, `main form button[type="submit"]`, http.StatusUnprocessableEntity)
		if admin.text(t, ".govuk-error-summary") == "" {
			t.Error("no error summary")
		}
		admin.checkErrorPage(t, http.StatusUnprocessableEntity)
	})

	t.Run("admin-calendar", func(t *testing.T) {
		admin.open(t, "/admin", http.StatusOK)
		admin.open(t, admin.href(t, `main a[href="/admin/calendar"]`)+"?year=2027", http.StatusOK)
		if h := admin.text(t, "main h1"); h != "Bank holidays in 2027" {
			t.Errorf("the heading is %q", h)
		}
		if n := eval[int](t, admin, `document.querySelectorAll('main table:first-of-type tbody tr').length`); n != 8 {
			t.Errorf("2027 has 8 bank holidays; the page lists %d", n)
		}
		admin.check(t)
	})
	t.Run("admin-calendar-with-errors", func(t *testing.T) {
		admin.open(t, "/admin/calendar?year=2027", http.StatusOK)
		// A Saturday, and no name.
		typed := [][2]string{{"date", "5"}, {"date-month", "6"}, {"date-year", "2027"}}
		for _, f := range typed {
			admin.fill(t, f[0], f[1])
		}
		admin.submit(t, `main form[action="/admin/calendar/holidays"] button[type="submit"]`, http.StatusUnprocessableEntity)
		summary := admin.text(t, ".govuk-error-summary")
		for _, want := range []string{"5 June 2027 is a Saturday", "Enter the name of the bank holiday"} {
			if !strings.Contains(summary, want) {
				t.Errorf("the error summary does not say %q; it says:\n%s", want, summary)
			}
		}
		for _, f := range typed {
			if got := eval[string](t, admin, fmt.Sprintf(`document.getElementById(%q).value`, f[0])); got != f[1] {
				t.Errorf("after the errors, #%s holds %q, want what was typed, %q", f[0], got, f[1])
			}
		}
		if h := admin.text(t, "main h1"); h != "Bank holidays in 2027" {
			t.Errorf("after the errors, the heading is %q", h)
		}
		if !eval[bool](t, admin, `!!document.activeElement.closest('.govuk-error-summary')`) {
			t.Error("the error summary does not have the focus")
		}
		admin.checkErrorPage(t, http.StatusUnprocessableEntity)
	})
	t.Run("admin-calendar-changed", func(t *testing.T) {
		admin.open(t, "/admin/calendar?year=2027", http.StatusOK)
		for _, f := range [][2]string{{"date", "7"}, {"date-month", "6"}, {"date-year", "2027"}, {"name", "Example day"}} {
			admin.fill(t, f[0], f[1])
		}
		admin.submit(t, `main form[action="/admin/calendar/holidays"] button[type="submit"]`, http.StatusOK)
		if banner := admin.text(t, ".govuk-notification-banner"); !strings.Contains(banner, "Bank holiday added") {
			t.Errorf("adding a bank holiday shows no success banner; the banner says %q", banner)
		}
		admin.check(t)
		admin.submit(t, `main form[action="/admin/calendar/holidays/remove"]:has(input[name="date"][value="2027-08-30"]) button`, http.StatusOK)
		if banner := admin.text(t, ".govuk-notification-banner"); !strings.Contains(banner, "Bank holiday removed") {
			t.Errorf("removing a bank holiday shows no success banner; the banner says %q", banner)
		}
		if got := admin.path(t); got != "/admin/calendar?year=2027" {
			t.Errorf("after removing: at %s", got)
		}
		if tags := admin.text(t, "main table:first-of-type tbody"); !strings.Contains(tags, "Added") || !strings.Contains(tags, "Removed") {
			t.Errorf("the added and removed bank holidays are not marked:\n%s", tags)
		}
		admin.check(t)
	})

	// The console check itself: a Content-Security-Policy violation is
	// caught, so a page with one cannot pass.
	t.Run("csp-violations-are-caught", func(t *testing.T) {
		anon.open(t, "/sign-in", http.StatusOK)
		anon.console.take()
		if err := chromedp.Do(anon.ctx, chromedp.Evaluate[chromedp.Void](
			`document.body.appendChild(Object.assign(document.createElement('script'), {textContent: 'window.inlineRan = true'}))`)); err != nil {
			t.Fatal(err)
		}
		if eval[bool](t, anon, `window.inlineRan === true`) {
			t.Error("an inline script ran: the Content-Security-Policy does not forbid it")
		}
		deadline := time.Now().Add(5 * time.Second) // timing
		var got []string
		for len(got) == 0 && time.Now().Before(deadline) { // timing
			time.Sleep(20 * time.Millisecond)
			got = anon.console.take()
		}
		if !slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "Content Security Policy") }) {
			t.Errorf("a blocked inline script was not reported; the console gathered %q", got)
		}
	})

	if err := browser.Err(); errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("the browser tests took longer than %s", browserTimeout)
	}
	t.Logf("browser tests took %s", time.Since(start).Round(time.Millisecond)) // timing
}

// startBrowser starts one headless Chromium for a test; it stops when the
// test ends.
func startBrowser(t *testing.T, chrome, axe string) (context.Context, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	profile, err := os.MkdirTemp("", "mace-browser-")
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chrome),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests may run as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 1024),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter"),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
	)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		cancel()
		_ = os.RemoveAll(profile)
	})
	start := time.Now() // timing
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("starting %s: %v", chrome, err)
	}
	t.Logf("browser started in %s", time.Since(start).Round(time.Millisecond)) // timing
	return browser, axe
}

// browserTest is what a feature's browser test needs: the service with the
// demo data, and tabs of one browser. Each feature keeps its own
// TestBrowser... function in its own file and opens tabs with b.tab().
type browserTest struct {
	e       *testEnv
	browser context.Context
	axe     string
}

func newBrowserTest(t *testing.T) *browserTest {
	t.Helper()
	chrome := needChromium(t)
	axeSource, err := os.ReadFile("testdata/axe.min.js")
	if err != nil {
		t.Fatalf("reading axe-core: %v", err)
	}
	e := sqliteEnv(t)
	browser, axe := startBrowser(t, chrome, string(axeSource))
	return &browserTest{e: e, browser: browser, axe: axe}
}

// tab opens a new tab, signed in as email ("" for signed out).
func (b *browserTest) tab(t *testing.T, email string) *tab {
	t.Helper()
	tb := newTab(t, b.browser, b.e.ts.URL, b.axe)
	if email != "" {
		tb.signIn(t, email)
	}
	return tb
}
