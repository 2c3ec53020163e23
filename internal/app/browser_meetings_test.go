package app

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"mace/internal/demo"
	"mace/internal/platform/auth"
)

// TestBrowserMeetings: the daily agenda and recording the meeting from it,
// the strategy discussion form and its error state, a meeting's record
// with its attendance, sharing, decision and action forms (and their error
// states), arranging a child's assessment from an item (a date too late
// refused), the associations form and list, the form to change the
// meeting's details (with an error), the printable minutes and the absence
// report, each with no accessibility violation.
func TestBrowserMeetings(t *testing.T) {
	b := newBrowserTest(t)
	if err := demo.SeedMissing(context.Background(), b.e.svc.Auth, b.e.svc.People, b.e.svc.Missing, b.e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	orgs := meetingOrgs(t, b.e)
	officer := b.e.user("officer@police.example")
	lead := b.e.user("lead@northfield.example")
	tab := b.tab(t, "lead@northfield.example")
	openAll := func() { eval[bool](t, tab, `(document.querySelectorAll('details').forEach(d => d.open = true), true)`) }
	set := func(id, value string) {
		t.Helper()
		eval[bool](t, tab, fmt.Sprintf(`(document.getElementById(%q).value = %q, true)`, id, value))
	}

	tab.open(t, "/meetings", http.StatusOK)
	tab.check(t)

	// The daily agenda, and the meeting recorded from it.
	tab.open(t, "/meetings/daily", http.StatusOK)
	tab.check(t)
	if got := tab.text(t, "main"); !strings.Contains(got, "Since the daily meeting on") {
		t.Errorf("the daily agenda does not say the period it covers:\n%s", got)
	}
	items := eval[int](t, tab, `document.querySelectorAll('input[name="items"]').length`)
	t.Logf("the daily agenda offers %d items", items)
	tab.submit(t, `form[action="/meetings/daily"] button[type="submit"]`, http.StatusOK)
	if p := tab.path(t); !strings.HasPrefix(p, "/meetings/") || strings.HasPrefix(p, "/meetings/daily") {
		t.Fatalf("after recording the daily meeting, at %s", p)
	}
	openAll()
	tab.check(t)
	if got := eval[int](t, tab, `document.querySelectorAll('.mace-meeting-item').length`); got != items {
		t.Errorf("the daily meeting has %d items, the agenda offered %d", got, items)
	}

	// The strategy discussion form: refused without a date or reason, the
	// time typed kept.
	tab.open(t, "/meetings/new?kind=strategy", http.StatusOK)
	tab.check(t)
	tab.fill(t, "time", "10:15")
	tab.submit(t, `main form button[type="submit"]`, http.StatusUnprocessableEntity)
	tab.checkErrorPage(t, http.StatusUnprocessableEntity)
	if got := tab.text(t, ".govuk-error-summary"); !strings.Contains(got, "Enter the date of the meeting") || !strings.Contains(got, "Enter the reasonable cause") {
		t.Errorf("the error summary says %q", got)
	}
	if got := eval[string](t, tab, `document.getElementById('time').value`); got != "10:15" {
		t.Errorf("the time typed was not kept: %q", got)
	}
	day := b.e.today()
	tab.fill(t, "date", fmt.Sprint(day.Day))
	tab.fill(t, "date-month", fmt.Sprint(int(day.Month)))
	tab.fill(t, "date-year", fmt.Sprint(day.Year))
	tab.fill(t, "reason", "Found far from home in a car with an adult of concern.")
	tab.submit(t, `main form button[type="submit"]`, http.StatusOK)
	record := tab.path(t)
	if !strings.HasPrefix(record, "/meetings/") {
		t.Fatalf("after arranging, at %s", record)
	}
	openAll()
	tab.check(t)

	// Attendance without health.
	set("attendees.0.user_id", lead.ID)
	set("attendees.1.user_id", officer.ID)
	set("attendees.2.name", "Wren Halloway")
	set("attendees.2.organisation_id", orgs[auth.Education])
	set("attendees.2.status", "apologies")
	tab.submit(t, `form[action$="/attendance"] button[type="submit"]`, http.StatusOK)
	openAll()
	tab.check(t)
	if got := tab.text(t, ".govuk-warning-text"); !strings.Contains(got, "No one from health was present") {
		t.Errorf("the record does not say health is missing: %q", got)
	}

	// An item, what the police shared (not to go beyond the meeting), the
	// decision.
	eval[bool](t, tab, `(document.querySelector('input[name="subject_kind"][value="theme"]').checked = true, true)`)
	tab.fill(t, "subject", "Knife carrying near the college")
	tab.fill(t, "reasons", "Two incidents this week")
	tab.submit(t, `form[action$="/items"] button[type="submit"]:not([name="action"])`, http.StatusOK)
	openAll()
	// An item about a child, found by searching.
	overdue, err := b.e.svc.Missing.OverdueInterviews(b.e.asUser("missing-coordinator@northfield.example"))
	if err != nil || len(overdue) == 0 {
		t.Fatalf("the demo has no overdue interview: %v", err)
	}
	names := strings.Fields(overdue[0].PersonName)
	eval[bool](t, tab, `(document.querySelector('input[name="subject_kind"][value="child"]').checked = true, true)`)
	tab.fill(t, "person_search", names[len(names)-1])
	tab.submit(t, `form[action$="/items"] button[name="action"]`, http.StatusOK)
	tab.check(t)
	if got := tab.text(t, `form[action$="/items"]`); !strings.Contains(got, overdue[0].PersonName) {
		t.Fatalf("the search did not find %s:\n%s", overdue[0].PersonName, got)
	}
	eval[bool](t, tab, fmt.Sprintf(`(document.querySelector('input[name="person_id"][value=%q]').checked = true, true)`, overdue[0].PersonID))
	tab.submit(t, `form[action$="/items"] button[type="submit"]:not([name="action"])`, http.StatusOK)
	openAll()
	if got := tab.text(t, "#agenda ~ section:last-of-type h3"); !strings.Contains(got, overdue[0].PersonName) {
		t.Errorf("the new item is about %q", got)
	}
	item := eval[string](t, tab, `document.querySelector('.mace-meeting-item').id.replace('item-', '')`)
	set("shared_org-"+item, orgs[auth.PoliceForce])
	tab.fill(t, "shared_text-"+item, "An operation is planned.")
	eval[bool](t, tab, fmt.Sprintf(`(document.getElementById(%q).checked = true, true)`, "not_beyond-"+item))
	tab.submit(t, `form[action$="/shared"] button[type="submit"]`, http.StatusOK)
	openAll()
	// The decision without an outcome is refused.
	tab.submit(t, `form[action$="/decision"] button[type="submit"]`, http.StatusUnprocessableEntity)
	tab.checkErrorPage(t, http.StatusUnprocessableEntity)
	eval[bool](t, tab, fmt.Sprintf(`(document.getElementById(%q).checked = true, true)`, "outcome-"+item+"-1"))
	tab.submit(t, `form[action$="/decision"] button[type="submit"]`, http.StatusOK)
	openAll()
	tab.check(t)
	if got := tab.text(t, "#item-"+item); !strings.Contains(got, "Not to go beyond the meeting") || !strings.Contains(got, "Section 47 enquiry, joint with police") {
		t.Errorf("the item does not show what was shared and decided:\n%s", got)
	}

	// The actions form: refused without an owner, then saved.
	tab.fill(t, "action_text", "Visit the college with the school officer")
	tab.submit(t, `form[action$="/actions"] button[type="submit"]`, http.StatusUnprocessableEntity)
	tab.checkErrorPage(t, http.StatusUnprocessableEntity)
	if got := eval[string](t, tab, `document.getElementById('action_text').value`); got != "Visit the college with the school officer" {
		t.Errorf("the action typed was not kept: %q", got)
	}
	set("action_owner", "user:"+officer.ID)
	due := day.AddDays(7)
	tab.fill(t, "action_due", fmt.Sprint(due.Day))
	tab.fill(t, "action_due-month", fmt.Sprint(int(due.Month)))
	tab.fill(t, "action_due-year", fmt.Sprint(due.Year))
	tab.submit(t, `form[action$="/actions"] button[type="submit"]`, http.StatusOK)
	openAll()
	tab.check(t)
	if got := tab.text(t, "#actions + table"); !strings.Contains(got, "Visit the college") {
		t.Errorf("the actions table:\n%s", got)
	}

	// Arranging the child's initial exploitation assessment from the item:
	// a date after the latest allowed is refused, then it is arranged and
	// the item shows it.
	childItem := eval[string](t, tab, `document.querySelector('#agenda ~ section:last-of-type').id.replace('item-', '')`)
	m, err := b.e.svc.Meetings.Get(b.e.asUser("lead@northfield.example"), strings.TrimPrefix(record, "/meetings/"))
	if err != nil {
		t.Fatal(err)
	}
	latest, err := b.e.svc.Meetings.LatestAssessmentDate(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	tab.open(t, record+"/items/"+childItem+"/assessment", http.StatusOK)
	tab.check(t)
	if got := tab.text(t, "#date-hint"); !strings.Contains(got, "No later than "+latest.Time(time.UTC).Weekday().String()) {
		t.Errorf("the date's hint says %q", got)
	}
	tooLate := latest.AddDays(1)
	tab.fill(t, "date", fmt.Sprint(tooLate.Day))
	tab.fill(t, "date-month", fmt.Sprint(int(tooLate.Month)))
	tab.fill(t, "date-year", fmt.Sprint(tooLate.Year))
	tab.fill(t, "time", "10:00")
	tab.fill(t, "place", "Larkspur Academy, room 2")
	set("social_worker_id", b.e.user("practitioner@northfield.example").ID)
	set("invitees.0.user_id", officer.ID)
	set("invitees.1.name", "Wynn Harrow")
	set("invitees.1.email", "wynn.harrow@youthjustice.example")
	tab.submit(t, `main form button[type="submit"]`, http.StatusUnprocessableEntity)
	tab.checkErrorPage(t, http.StatusUnprocessableEntity)
	if got := tab.text(t, ".govuk-error-summary"); !strings.Contains(got, "Choose a date on or before") {
		t.Errorf("the error summary says %q", got)
	}
	set("date", fmt.Sprint(latest.Day))
	set("date-month", fmt.Sprint(int(latest.Month)))
	set("date-year", fmt.Sprint(latest.Year))
	tab.submit(t, `main form button[type="submit"]`, http.StatusOK)
	openAll()
	tab.check(t)
	if got := tab.text(t, "#item-"+childItem); !strings.Contains(got, "Wynn Harrow") || !strings.Contains(got, "Change the assessment") {
		t.Errorf("the item does not show the arrangement:\n%s", got)
	}

	// Associations: refused without what the child is linked to, then
	// recorded and listed.
	set("link_person", overdue[0].PersonID)
	tab.fill(t, "link_note", "Seen there most evenings")
	tab.submit(t, `form[action$="/links"] button[type="submit"]:not([name="action"])`, http.StatusUnprocessableEntity)
	tab.checkErrorPage(t, http.StatusUnprocessableEntity)
	eval[bool](t, tab, `(document.querySelector('input[name="link_kind"][value="place"]').checked = true, true)`)
	tab.fill(t, "link_other_text", "The arches car park")
	set("link_relation", "frequents")
	tab.submit(t, `form[action$="/links"] button[type="submit"]:not([name="action"])`, http.StatusOK)
	openAll()
	tab.check(t)
	if got := tab.text(t, "#associations + table"); !strings.Contains(got, "The arches car park") || !strings.Contains(got, "Goes to") {
		t.Errorf("the associations:\n%s", got)
	}

	// Changing the meeting's details: a time that does not exist is
	// refused, then the discussion is marked held.
	tab.open(t, record+"/edit", http.StatusOK)
	tab.check(t)
	set("time", "25:70")
	tab.submit(t, `main form button[type="submit"]`, http.StatusUnprocessableEntity)
	tab.checkErrorPage(t, http.StatusUnprocessableEntity)
	if got := eval[string](t, tab, `document.getElementById('time').value`); got != "25:70" {
		t.Errorf("the time typed was not kept: %q", got)
	}
	set("time", "10:30")
	eval[bool](t, tab, `(document.querySelector('input[name="state"][value="held"]').checked = true, true)`)
	tab.submit(t, `main form button[type="submit"]`, http.StatusOK)
	openAll()
	tab.check(t)
	if got := tab.text(t, "main .govuk-summary-list"); !strings.Contains(got, "Held") || !strings.Contains(got, "10:30") {
		t.Errorf("the record after the change:\n%s", got)
	}

	// The printable minutes and the download form's error state.
	tab.open(t, record+"/minutes", http.StatusOK)
	tab.check(t)
	if got := tab.text(t, "main"); !strings.Contains(got, "An operation is planned.") || !strings.Contains(got, "Visit the college") {
		t.Errorf("the minutes:\n%s", got)
	}
	tab.submit(t, `main form button[type="submit"]`, http.StatusUnprocessableEntity)
	tab.checkErrorPage(t, http.StatusUnprocessableEntity)

	// The absence report.
	tab.open(t, "/meetings/absences", http.StatusOK)
	tab.check(t)
	if got := tab.text(t, "main"); !strings.Contains(got, "Health") {
		t.Errorf("the absence report:\n%s", got)
	}
}
