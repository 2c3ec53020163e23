package app

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"mace/internal/people"
)

// TestBrowserTasks drives My work in Chromium: overdue, due today and later
// tasks, the empty page, the task page and its form with an error, each
// checked with axe-core.
func TestBrowserTasks(t *testing.T) {
	b := newBrowserTest(t)
	e := b.e
	// The tasks are about a real record the practitioner can open.
	list, err := e.svc.People.List(e.asUser("practitioner@northfield.example"), people.ListQuery{PerPage: 50})
	if err != nil {
		t.Fatal(err)
	}
	var person string
	for _, p := range list.People {
		if !p.ContentHidden && p.OwnerOrgID == e.user("practitioner@northfield.example").Organisation.ID {
			person = p.ID
			break
		}
	}
	if person == "" {
		t.Fatal("the demo data gives the practitioner no record of their own authority")
	}
	newTaskFixture(t, e, wednesday, person)

	worker := b.tab(t, "practitioner@northfield.example")
	t.Run("my-work", func(t *testing.T) {
		worker.open(t, "/", http.StatusOK)
		worker.open(t, worker.href(t, `main a[href="/my-work"]`), http.StatusOK)
		headings := eval[[]string](t, worker, `[...document.querySelectorAll('main h2')].map(h => h.innerText)`)
		if strings.Join(headings, "|") != "Overdue (1)|Due today (1)|Due later (1)" {
			t.Errorf("the groups are %q", headings)
		}
		for sel, want := range map[string]string{
			"#overdue + table tbody":   "Overdue by 2 working days",
			"#due-today + table tbody": "Today at 5pm",
			"#due-later + table tbody": "Tuesday 1 December at 10am",
		} {
			if got := worker.text(t, sel); !strings.Contains(got, want) {
				t.Errorf("%s says %q, want %q", sel, got, want)
			}
		}
		nav := eval[string](t, worker, `document.querySelector('.govuk-service-navigation__item--active a').textContent.replace(/\s+/g, ' ').trim()`)
		if nav != "My work 1 overdue" {
			t.Errorf("the navigation says %q, want My work 1 overdue", nav)
		}
		if h := worker.href(t, `#overdue + table a[href^="/people/"]`); h != "/people/"+person {
			t.Errorf("the record link is %s", h)
		}
		worker.check(t)
	})
	t.Run("mark-as-done", func(t *testing.T) {
		worker.open(t, "/my-work", http.StatusOK)
		worker.submit(t, `#overdue + table form[action$="/complete"] button`, http.StatusOK)
		if banner := worker.text(t, ".govuk-notification-banner"); !strings.Contains(banner, "Task marked as done") {
			t.Errorf("the banner says %q", banner)
		}
		if worker.text(t, "#overdue") != "" {
			t.Error("the overdue group is still shown")
		}
		worker.check(t)
	})
	t.Run("task-page-with-errors", func(t *testing.T) {
		worker.open(t, "/my-work", http.StatusOK)
		worker.open(t, worker.href(t, `#due-today + table a[href^="/tasks/"]`), http.StatusOK)
		worker.check(t)
		worker.submit(t, `main form[action$="/cancel"] button`, http.StatusUnprocessableEntity)
		if summary := worker.text(t, ".govuk-error-summary"); !strings.Contains(summary, "Enter why the task is no longer needed") {
			t.Errorf("the error summary says %q", summary)
		}
		if !eval[bool](t, worker, `!!document.activeElement.closest('.govuk-error-summary')`) {
			t.Error("the error summary does not have the focus")
		}
		worker.checkErrorPage(t, http.StatusUnprocessableEntity)
		worker.fill(t, "reason", "Held at the daily meeting instead")
		worker.submit(t, `main form[action$="/cancel"] button`, http.StatusOK)
		if got := worker.path(t); got != "/my-work" {
			t.Errorf("after cancelling: at %s", got)
		}
		worker.check(t)
	})
	t.Run("manager-team-view", func(t *testing.T) {
		manager := b.tab(t, "manager@northfield.example")
		manager.open(t, "/my-work", http.StatusOK)
		if err := chromedp.Do(manager.ctx, chromedp.SetValue(chromedp.CSS(`#team`), "all")); err != nil {
			t.Fatal(err)
		}
		manager.submit(t, `main form[method="get"] button`, http.StatusOK)
		if got := manager.path(t); !strings.HasPrefix(got, "/my-work?team=all") {
			t.Errorf("at %s", got)
		}
		if body := manager.text(t, "main"); !strings.Contains(body, "Joint visit with the police") {
			t.Errorf("the team's work lacks the member's task:\n%s", body)
		}
		manager.check(t)
	})
	t.Run("empty", func(t *testing.T) {
		referrer := b.tab(t, "referrer@hollinsby-academy.example")
		referrer.open(t, "/my-work", http.StatusOK)
		if h := referrer.text(t, "main h2"); h != "There are no tasks to show" {
			t.Errorf("the empty page's heading is %q", h)
		}
		referrer.check(t)
	})
}
