package app

import (
	"strings"
	"testing"
	"time"

	"mace/internal/meeting"
	"mace/internal/missing"
	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/referral"
	"mace/internal/task"
)

// A strategy discussion convened by a screening decision, once recorded as
// held, completes the referral's "hold a strategy discussion" task; one
// only arranged does not.
func TestStrategyDiscussionCompletesTheReferralsTask(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		id := testReferral(t, e, "referrer@hollinsby-academy.example")
		screener := e.asUser("screener@northfield.example")
		if _, err := e.svc.Referral.CreatePerson(screener, id); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Referral.Decide(screener, id, referral.DecisionInput{NeedLevel: 4, Outcome: referral.Strategy,
			RiskLevel: "high", Rationale: "Reasonable cause to suspect significant harm.", Feedback: "A strategy discussion will be held."}); err != nil {
			t.Fatal(err)
		}
		state := func() string {
			t.Helper()
			var s string
			if err := e.db.Read().QueryRowContext(t.Context(), "SELECT state FROM tasks WHERE kind = $1 AND dedupe_key = $2",
				referral.TaskNext, id+":"+referral.Strategy).Scan(&s); err != nil {
				t.Fatal(err)
			}
			return s
		}
		if s := state(); s != "open" {
			t.Fatalf("the strategy discussion task is %s before the discussion", s)
		}
		// The referral's page offers to arrange it to those who run
		// meetings, and the form it leads to carries the referral.
		page := e.signIn("lead@northfield.example")
		link := "/meetings/new?kind=strategy&amp;convened_by_type=referral&amp;convened_by_id=" + id
		if code, body := page.get("/referrals/" + id); code != 200 || !strings.Contains(body, link) {
			t.Errorf("the referral's page does not offer to arrange the discussion: %d", code)
		}
		if code, body := page.get("/meetings/new?kind=strategy&convened_by_type=referral&convened_by_id=" + id); code != 200 ||
			!strings.Contains(body, id) {
			t.Errorf("the arrange form does not carry the referral: %d", code)
		}
		lead := e.asUser("lead@northfield.example")
		chair := e.user("lead@northfield.example")
		soon := e.clock.Now().Add(2 * time.Hour).In(civil.London)
		in := meeting.Input{Kind: meeting.Strategy, Date: calendar.LondonDate(soon).String(), Time: soon.Format("15:04"),
			ChairID: chair.ID, State: meeting.Planned, Reason: "Found in a flat used to supply drugs.",
			ConvenedByType: "referral", ConvenedByID: id}
		m, err := e.svc.Meetings.Create(lead, in, "")
		if err != nil {
			t.Fatal(err)
		}
		if s := state(); s != "open" {
			t.Fatalf("the task is %s once the discussion is only arranged", s)
		}
		// Held an hour ago after all: recorded as held.
		past := e.clock.Now().Add(-time.Hour).In(civil.London)
		in = meeting.InputOf(m)
		in.Date, in.Time, in.State = calendar.LondonDate(past).String(), past.Format("15:04"), meeting.Held
		if _, err := e.svc.Meetings.Update(lead, m.ID, in); err != nil {
			t.Fatal(err)
		}
		if s := state(); s != "done" {
			t.Fatalf("the task is %s once the discussion was held", s)
		}
	})
}

// A repeat-missing task offers to arrange the strategy discussion, and the
// discussion, once recorded as held, completes it.
func TestStrategyDiscussionCompletesTheRepeatMissingTask(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		lead := e.user("lead@northfield.example")
		tk, _, err := e.svc.Tasks.Create(e.asUser("lead@northfield.example"), task.NewTask{Kind: missing.TaskStrategyDiscussion,
			Title: "Consider a strategy discussion: missing 3 times in 30 days", RecordType: "person", RecordID: db.NewID(),
			Owner: task.Owner{UserID: lead.ID}, OrganisationID: lead.Organisation.ID, DueAt: e.clock.Now().Add(24 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		page := e.signIn("lead@northfield.example")
		link := "/meetings/new?kind=strategy&amp;convened_by_type=task&amp;convened_by_id=" + tk.ID
		if code, body := page.get("/tasks/" + tk.ID); code != 200 || !strings.Contains(body, link) || !strings.Contains(body, "Arrange a strategy discussion") {
			t.Fatalf("the task's page does not offer to arrange the discussion: %d", code)
		}
		past := e.clock.Now().Add(-time.Hour).In(civil.London)
		// Another authority's discussion naming the task closes nothing.
		other := e.user("manager@riverside.example")
		if _, err := e.svc.Meetings.Create(e.asUser("manager@riverside.example"), meeting.Input{Kind: meeting.Strategy,
			Date: calendar.LondonDate(past).String(), Time: past.Format("15:04"), ChairID: other.ID, State: meeting.Held,
			Reason: "Named another authority's task.", ConvenedByType: "task", ConvenedByID: tk.ID}, ""); err != nil {
			t.Fatal(err)
		}
		var state string
		if err := e.db.Read().QueryRowContext(t.Context(), "SELECT state FROM tasks WHERE id = $1", tk.ID).Scan(&state); err != nil || state != "open" {
			t.Fatalf("another authority's discussion left the task %q (%v)", state, err)
		}
		if _, err := e.svc.Meetings.Create(e.asUser("lead@northfield.example"), meeting.Input{Kind: meeting.Strategy,
			Date: calendar.LondonDate(past).String(), Time: past.Format("15:04"), ChairID: lead.ID, State: meeting.Held,
			Reason: "Missing three times in a month, found with older adults.", ConvenedByType: "task", ConvenedByID: tk.ID}, ""); err != nil {
			t.Fatal(err)
		}
		if err := e.db.Read().QueryRowContext(t.Context(), "SELECT state FROM tasks WHERE id = $1", tk.ID).Scan(&state); err != nil || state != "done" {
			t.Fatalf("the repeat-missing task is %q (%v) after the discussion was held", state, err)
		}
		if code, body := page.get("/tasks/" + tk.ID); code != 200 || strings.Contains(body, "Arrange a strategy discussion") {
			t.Errorf("a done task still offers to arrange the discussion: %d", code)
		}
	})
}
