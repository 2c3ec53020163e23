package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"mace/internal/demo"
	"mace/internal/people"
	"mace/internal/platform/db"
)

// missingChild is a Northfield child whose record the police officer made,
// so the force is involved with it.
func missingChild(t *testing.T, e *testEnv, given string) *people.Person {
	t.Helper()
	p, err := e.svc.People.Create(e.asUser("officer@police.example"), people.Input{Kind: people.Child, GivenName: given,
		FamilyName: "Quillfeather", DateOfBirth: "2011-05-02", Gender: "female",
		OwnerOrgID: e.user("missing-coordinator@northfield.example").Organisation.ID}, "")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (e *testEnv) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.db.Read().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// TestMissingAPI: a police officer reports a child missing and records the
// return on the evening before the clocks go back; the return interview is
// due 72 clock hours later, at 19:00 GMT; the coordinator records it.
func TestMissingAPI(t *testing.T) {
	e := sqliteEnv(t)
	officer, coord := e.token("officer@police.example"), e.token("missing-coordinator@northfield.example")
	child := missingChild(t, e, "Rowan")
	report := fmt.Sprintf(`{"person_id": %q, "type": "M", "start_at": "2026-10-24T13:30:00+01:00",
		"reported_by": "Residential home staff", "risk_grading": "high", "police_reference": "nrp-7", "looked_after": true}`, child.ID)
	code, body := e.api("POST", "/api/v1/missing-episodes", officer, report, "Idempotency-Key", "report-1")
	var ep struct {
		ID       string    `json:"id"`
		Due      time.Time `json:"return_interview_due_at"`
		Offered  string    `json:"return_interview_offered"`
		Accepted string    `json:"return_interview_accepted"`
		Force    string    `json:"police_organisation"`
	}
	if code != 201 || json.Unmarshal([]byte(body), &ep) != nil || ep.Offered != "NA" || ep.Force == "" {
		t.Fatalf("report: %d %s", code, body)
	}
	if code, again := e.api("POST", "/api/v1/missing-episodes", officer, report, "Idempotency-Key", "report-1"); code != 201 || !strings.Contains(again, ep.ID) {
		t.Fatalf("a retry: %d %s", code, again)
	}
	if code, body := e.api("GET", "/api/v1/missing-now", coord, ""); code != 200 || !strings.Contains(body, ep.ID) {
		t.Fatalf("missing now: %d %s", code, body)
	}
	code, body = e.api("PATCH", "/api/v1/missing-episodes/"+ep.ID, officer, `{"end_at": "2026-10-24T20:00:00+01:00",
		"found_place": {"description": "Northfield bus station"}, "found_with": [{"name": "Skinz", "description": "older boy"}]}`)
	if code != 200 || json.Unmarshal([]byte(body), &ep) != nil {
		t.Fatalf("return: %d %s", code, body)
	}
	want := time.Date(2026, 10, 27, 19, 0, 0, 0, time.UTC)
	if !ep.Due.Equal(want) || ep.Offered != "N" {
		t.Errorf("due %v offered %s, want %v and N", ep.Due, ep.Offered, want)
	}
	var due time.Time
	var team string
	if err := e.db.Read().QueryRowContext(context.Background(), `SELECT t.due_at, tm.name FROM tasks t JOIN teams tm ON tm.id = t.owner_team_id
		WHERE t.kind = 'return-interview' AND t.dedupe_key = $1 AND t.state = 'open'`, ep.ID).Scan(db.ScanTime(&due), &team); err != nil {
		t.Fatalf("the interview task: %v", err)
	}
	if !due.Equal(want) || team != "Missing from Home Team" {
		t.Errorf("task due %v owned by %q", due, team)
	}
	if code, body := e.api("GET", "/api/v1/return-interviews/overdue", coord, ""); code != 200 || !strings.Contains(body, ep.ID) {
		t.Errorf("overdue: %d %s", code, body)
	}
	interview := `{"offered_at": "2026-10-25T10:00:00Z", "offered_by": "Aisha Rahman", "offered_service": "Missing from Home Team",
		"outcome": "accepted", "held_at": "2026-10-26T16:00:00Z", "push_factors": "Rows about curfew", "shared_with_police": true}`
	if code, _ := e.api("POST", "/api/v1/missing-episodes/"+ep.ID+"/return-interview", officer, interview); code != 403 {
		t.Errorf("an officer records the interview: %d", code)
	}
	if code, body := e.api("POST", "/api/v1/missing-episodes/"+ep.ID+"/return-interview", coord, `{"offered_at": "2026-10-25T10:00:00Z"}`); code != 422 ||
		!strings.Contains(body, "offered_by") {
		t.Errorf("an interview without who offered it: %d %s", code, body)
	}
	code, body = e.api("POST", "/api/v1/missing-episodes/"+ep.ID+"/return-interview", coord, interview)
	if code != 200 || json.Unmarshal([]byte(body), &ep) != nil || ep.Offered != "Y" || ep.Accepted != "Y" {
		t.Fatalf("interview: %d %s", code, body)
	}
	if n := e.count("SELECT COUNT(*) FROM tasks WHERE kind = 'return-interview' AND dedupe_key = $1 AND state = 'done'", ep.ID); n != 1 {
		t.Errorf("the interview task is not done")
	}
	if n := e.count("SELECT COUNT(*) FROM audit_events WHERE record_type = 'missing-episode' AND record_id = $1 AND person_id = $2",
		ep.ID, child.ID); n < 5 {
		t.Errorf("%d audit events with the person's id", n)
	}

	// The rules on times, each refused with its own message.
	for _, tc := range []struct{ start, end, want string }{
		{"2026-10-24T18:00:00+01:00", "", "overlaps another episode"},
		{"2026-11-02T18:00:00Z", `, "end_at": "2026-11-02T17:00:00Z"`, "must be after they went missing"},
		{"2011-05-01T18:00:00+01:00", "", "on or after their date of birth"},
	} {
		body := fmt.Sprintf(`{"person_id": %q, "type": "A", "start_at": %q%s, "reported_by": "Carer", "risk_grading": "low"}`,
			child.ID, tc.start, tc.end)
		if code, got := e.api("POST", "/api/v1/missing-episodes", officer, body); code != 422 || !strings.Contains(got, tc.want) {
			t.Errorf("%s: %d %s", tc.want, code, got)
		}
	}
	// Two more in 30 days make one strategy discussion task; a fourth none.
	for i, day := range []string{"2026-11-01", "2026-11-10", "2026-11-12"} {
		body := fmt.Sprintf(`{"person_id": %q, "type": "A", "start_at": "%sT18:00:00Z", "end_at": "%sT22:00:00Z",
			"reported_by": "Carer", "risk_grading": "low"}`, child.ID, day, day)
		if code, got := e.api("POST", "/api/v1/missing-episodes", officer, body); code != 201 {
			t.Fatalf("episode %d: %d %s", i+2, code, got)
		}
		want := 0
		if i >= 1 {
			want = 1
		}
		if n := e.count("SELECT COUNT(*) FROM tasks WHERE kind = 'repeat-missing' AND person_id = $1", child.ID); n != want {
			t.Errorf("after episode %d, %d strategy discussion tasks, want %d", i+2, n, want)
		}
	}
	// Who may see it.
	if code, _ := e.api("GET", "/api/v1/missing-episodes/"+ep.ID, e.token("practitioner@riverside.example"), ""); code != 404 {
		t.Errorf("another authority's practitioner: %d", code)
	}
	if code, _ := e.api("GET", "/api/v1/missing-episodes/"+ep.ID, e.token("practitioner@northfield.example"), ""); code != 200 {
		t.Errorf("the owning authority's practitioner: %d", code)
	}
}

// TestMissingPages: the report form with errors (answers kept), a double
// submit, the episode page and the history.
func TestMissingPages(t *testing.T) {
	e := sqliteEnv(t)
	if err := demo.SeedMissing(context.Background(), e.svc.Auth, e.svc.People, e.svc.Missing, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	child := missingChild(t, e, "Sorrel")
	c := e.signIn("missing-coordinator@northfield.example")
	if code, body := c.get("/missing"); code != 200 || !strings.Contains(body, "2 missing now") {
		t.Fatalf("missing now: %d", code)
	}
	if code, body := c.get("/missing/overdue"); code != 200 || !strings.Contains(body, "govuk-tag--red") {
		t.Fatalf("overdue: %d", code)
	}
	code, body := c.get("/people/" + child.ID + "/missing/new")
	if code != 200 || !strings.Contains(body, "Report Sorrel Quillfeather missing") {
		t.Fatalf("the form: %d", code)
	}
	form := url.Values{"person_id": {child.ID}, "idempotency_key": {"twice"}, "type": {"M"},
		"start_at-day": {"20"}, "start_at-month": {"11"}, "start_at-year": {"2026"}, "start_at_time": {"25:00"},
		"reported_by": {"Foster <b>carer</b>"}}
	code, body, _ = c.post("/missing/episodes", form)
	if code != 422 || !strings.Contains(body, "Enter the time they went missing like 14:30") ||
		!strings.Contains(body, "Select the police risk grading") || !strings.Contains(body, `value="Foster &lt;b&gt;carer&lt;/b&gt;"`) {
		t.Fatalf("errors: %d %s", code, body)
	}
	form.Set("start_at_time", "2:30pm")
	form.Set("risk_grading", "medium")
	form.Set("looked_after", "yes")
	code, _, h := c.post("/missing/episodes", form)
	code2, _, h2 := c.post("/missing/episodes", form)
	if code != 303 || code2 != 303 || h.Get("Location") != h2.Get("Location") {
		t.Fatalf("double submit: %d %s, %d %s", code, h.Get("Location"), code2, h2.Get("Location"))
	}
	if n := e.count("SELECT COUNT(*) FROM missing_episodes WHERE person_id = $1", child.ID); n != 1 {
		t.Errorf("%d episodes after a double submit", n)
	}
	if code, body := c.get(h.Get("Location")); code != 200 || !strings.Contains(body, "Foster &lt;b&gt;carer&lt;/b&gt;") ||
		!strings.Contains(body, "Record found or returned") {
		t.Errorf("the episode page: %d", code)
	}
	if code, body := c.get("/people/" + child.ID + "/missing"); code != 200 || !strings.Contains(body, "Missing now, since 20 November 2026 at 2:30pm") {
		t.Errorf("the history: %d %s", code, body)
	}
	if code, _ := e.signIn("referrer@health.example").get("/missing"); code != 403 {
		t.Errorf("a referrer sees missing now: %d", code)
	}
}
