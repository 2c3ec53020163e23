package app

import (
	"strings"
	"testing"
	"time"

	"mace/internal/meeting"
	"mace/internal/platform/calendar"
	"mace/internal/referral"
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
		soon := time.Now().Add(2 * time.Hour).In(calendar.London)
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
		past := time.Now().Add(-time.Hour).In(calendar.London)
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
