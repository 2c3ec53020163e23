package app

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"mace/internal/people"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/testclock"
	"mace/internal/task"
)

// taskFixture is the test service with its task clock stopped at a known
// time and tasks for the Northfield practitioner and their team.
type taskFixture struct {
	e                     *testEnv
	clock                 *testclock.Clock
	worker                *auth.User // practitioner@northfield.example, Complex Safeguarding Team
	team, frontDoor       auth.Team
	overdue, today, later task.Task
	personID              string
}

// wednesday is 10:00 on Wednesday 25 November 2026, in London and UTC.
var wednesday = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

// newTaskFixture makes the tasks, about personID ("" for one of the
// practitioner's authority's records).
func newTaskFixture(t *testing.T, e *testEnv, now time.Time, personID string) *taskFixture {
	t.Helper()
	ctx := context.Background()
	if personID == "" {
		// A record the practitioner may see in full: a task's title is
		// shown under the same decision as its person's record.
		list, err := e.svc.People.List(e.asUser("practitioner@northfield.example"), people.ListQuery{PerPage: 50})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range list.People {
			if !p.ContentHidden && p.OwnerOrgID == e.user("practitioner@northfield.example").Organisation.ID {
				personID = p.ID
				break
			}
		}
	}
	e.clock.Set(now)
	f := &taskFixture{e: e, clock: e.clock, worker: e.user("practitioner@northfield.example"), personID: personID}
	teams, err := e.svc.Auth.ListTeams(ctx, f.worker.Organisation.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, team := range teams {
		switch team.Name {
		case "Complex Safeguarding Team":
			f.team = team
		case "Front Door (MASH)":
			f.frontDoor = team
		}
	}
	mk := func(title string, o task.Owner, due time.Time) task.Task {
		tk, _, err := e.svc.Tasks.Create(ctx, task.NewTask{Kind: "strategy-discussion", Title: title, RecordType: "person",
			RecordID: f.personID, PersonID: f.personID, Owner: o, OrganisationID: f.worker.Organisation.ID, DueAt: due})
		if err != nil {
			t.Fatal(err)
		}
		return tk
	}
	f.overdue = mk("Review the risk assessment", task.Owner{UserID: f.worker.ID}, now.Add(-48*time.Hour))
	f.today = mk("Arrange the strategy discussion", task.Owner{TeamID: f.team.ID}, now.Add(7*time.Hour))
	f.later = mk("Joint visit with the police", task.Owner{UserID: f.worker.ID}, now.Add(6*24*time.Hour))
	return f
}

func mustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s does not contain %q", what, w)
		}
	}
}

func TestMyWorkPage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		f := newTaskFixture(t, e, wednesday, "")
		c := e.signIn("practitioner@northfield.example")
		code, body := c.get("/my-work")
		if code != http.StatusOK {
			t.Fatalf("my work: %d\n%s", code, body)
		}
		// Overdue first, then due today, then later, with the words.
		i, j, k := strings.Index(body, `id="overdue"`), strings.Index(body, `id="due-today"`), strings.Index(body, `id="due-later"`)
		if i < 0 || j < i || k < j {
			t.Fatalf("groups out of order: %d %d %d", i, j, k)
		}
		mustContain(t, "my work", body, "Review the risk assessment", "Monday 23 November at 10am", "Overdue by 2 working days",
			"govuk-tag--red", "Today at 5pm", "govuk-tag--yellow", "Tuesday 1 December at 10am", "Complex Safeguarding Team",
			`href="/people/`+f.personID+`"`, `datetime="2026-11-25T17:00:00Z"`, `aria-current="true"`,
			`moj-notification-badge">1<span class="govuk-visually-hidden"> overdue</span>`)
		// The home page links to My work for everyone.
		_, home := c.get("/")
		mustContain(t, "home", home, `href="/my-work"`)
		r := e.signIn("referrer@hollinsby-academy.example")
		_, home = r.get("/")
		mustContain(t, "a referrer's home", home, `href="/my-work">My work</a>`)
		code, body = r.get("/my-work")
		if code != http.StatusOK {
			t.Fatalf("a referrer's my work: %d", code)
		}
		mustContain(t, "a referrer's my work", body, "There are no tasks to show", "There are no open tasks for you or your teams.")
		if strings.Contains(body, "moj-notification-badge") {
			t.Error("a referrer with nothing overdue sees a count")
		}

		// Mark as done: post, redirect, flash; the count goes.
		code, _, h := c.post("/tasks/"+f.overdue.ID+"/complete", url.Values{"next": {"/my-work?state=open"}})
		if code != http.StatusSeeOther || h.Get("Location") != "/my-work?state=open" {
			t.Fatalf("complete: %d %s", code, h.Get("Location"))
		}
		_, body = c.get("/my-work?state=open")
		mustContain(t, "after completing", body, "Task marked as done")
		if strings.Contains(body, "moj-notification-badge") || strings.Contains(body, `id="overdue"`) {
			t.Error("a completed task is still counted overdue")
		}
		_, body = c.get("/my-work?state=done")
		mustContain(t, "done", body, "Review the risk assessment", "25 November 2026 at 10:00am")
		// An address elsewhere is not followed.
		code, _, h = c.post("/tasks/"+f.later.ID+"/complete", url.Values{"next": {"//evil.example/my-work"}})
		if code != http.StatusSeeOther || h.Get("Location") != "/my-work" {
			t.Fatalf("complete with a foreign next: %d %s", code, h.Get("Location"))
		}
		// Done twice: a conflict, said plainly.
		code, body, _ = c.post("/tasks/"+f.later.ID+"/complete", url.Values{})
		if code != http.StatusConflict || !strings.Contains(body, "This task has already been completed") {
			t.Fatalf("complete twice: %d", code)
		}
		// Without the form's token: refused.
		code, _, _ = c.post("/tasks/"+f.today.ID+"/complete", url.Values{"csrf_token": {"forged"}})
		if code != http.StatusForbidden {
			t.Fatalf("complete without the token: %d", code)
		}
	})
}

func TestTaskPageForms(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		f := newTaskFixture(t, e, wednesday, "")
		c := e.signIn("practitioner@northfield.example")
		code, body := c.get("/tasks/" + f.today.ID + "?next=/my-work%3Fstate%3Dopen")
		if code != http.StatusOK {
			t.Fatalf("task page: %d", code)
		}
		mustContain(t, "task page", body, "Arrange the strategy discussion", "Today at 5pm", "Due today", "Claire Fletcher",
			`href="/my-work?state=open"`, "Mark as done", "Reassign task", "Cancel task")
		// The view is on the trail, naming the child.
		var n int
		if err := e.db.Read().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_events
			WHERE record_type = 'task' AND record_id = $1 AND action = 'view' AND person_id = $2 AND actor_id = $3`,
			f.today.ID, f.personID, f.worker.ID).Scan(&n); err != nil || n != 1 {
			t.Fatalf("%d views recorded: %v", n, err)
		}
		// Cancel without a reason: the page again, with the problem.
		code, body, _ = c.post("/tasks/"+f.today.ID+"/cancel", url.Values{"reason": {"  "}, "next": {"/my-work"}})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("cancel without a reason: %d", code)
		}
		mustContain(t, "the cancel error", body, "<title>Error: ", `href="#reason"`, "Enter why the task is no longer needed", `id="reason-error"`)
		// Reassign to no one, and to a team the practitioner is not in.
		code, body, _ = c.post("/tasks/"+f.today.ID+"/reassign", url.Values{"owner": {""}})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("reassign to no one: %d", code)
		}
		mustContain(t, "reassign to no one", body, "Select the team or person to give the task to")
		code, body, _ = c.post("/tasks/"+f.today.ID+"/reassign", url.Values{"owner": {"team:" + f.frontDoor.ID}, "reason": {"Kept"}})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("reassign to another team: %d", code)
		}
		lead := e.user("lead@northfield.example")
		mustContain(t, "reassign to another team", body, "only a lead or manager can give a task to another team", ">Kept</textarea>",
			`<option value="user:`+lead.ID+`">Claire Fletcher</option>`)
		if strings.Contains(body, `<option value="team:`+f.frontDoor.ID+`"`) {
			t.Error("the practitioner is offered a team they may not give the task to")
		}
		// To a teammate: done, and back to My work.
		code, _, h := c.post("/tasks/"+f.today.ID+"/reassign", url.Values{"owner": {"user:" + lead.ID}})
		if code != http.StatusSeeOther || h.Get("Location") != "/my-work" {
			t.Fatalf("reassign: %d %s", code, h.Get("Location"))
		}
		_, body = c.get("/my-work")
		mustContain(t, "after reassigning", body, "Task reassigned")
		if strings.Contains(body, "Arrange the strategy discussion") {
			t.Error("a task given away is still in My work")
		}
		// Cancel with a reason.
		code, _, _ = c.post("/tasks/"+f.later.ID+"/cancel", url.Values{"reason": {"Held at the daily meeting"}})
		if code != http.StatusSeeOther {
			t.Fatalf("cancel: %d", code)
		}
		_, body = c.get("/tasks/" + f.later.ID)
		mustContain(t, "a cancelled task", body, "Cancelled", "Held at the daily meeting")
		if strings.Contains(body, "Reassign task") {
			t.Error("a cancelled task offers to be reassigned")
		}
		// Another authority does not learn the task exists.
		other := e.signIn("manager@riverside.example")
		if code, _ := other.get("/tasks/" + f.overdue.ID); code != http.StatusNotFound {
			t.Fatalf("another authority's manager: %d", code)
		}
		if code, _, _ := other.post("/tasks/"+f.overdue.ID+"/complete", url.Values{}); code != http.StatusNotFound {
			t.Fatalf("another authority's manager completes: %d", code)
		}
	})
}

func TestMyWorkTeamsAndFilters(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		f := newTaskFixture(t, e, wednesday, "")
		m := e.signIn("manager@northfield.example")
		_, body := m.get("/my-work")
		// The manager's own view has the team's task, and says how much
		// is with the team's members.
		mustContain(t, "the manager's work", body, "Arrange the strategy discussion", "2 open tasks are with members of your teams",
			`<option value="all"`, `<option value="`+f.frontDoor.ID+`"`)
		code, body := m.get("/my-work?team=all")
		if code != http.StatusOK {
			t.Fatalf("all teams: %d", code)
		}
		mustContain(t, "all teams", body, "Review the risk assessment", "Joint visit with the police", "Daniel Okafor", "All your teams&#39; work")
		code, body = m.get("/my-work?team=" + f.team.ID + "&state=overdue")
		if code != http.StatusOK || !strings.Contains(body, "Review the risk assessment") || strings.Contains(body, "Joint visit") {
			t.Fatalf("the team's overdue: %d", code)
		}
		_, body = m.get("/my-work?team=" + f.frontDoor.ID)
		mustContain(t, "the front door's work", body, "There are no open tasks. When a step with a timescale is given to this team or its members")
		for _, bad := range []struct{ query, message string }{
			{"team=" + db.NewID(), "Choose yourself or one of your teams"},
			{"state=late", "Choose open, overdue or done"},
		} {
			code, body := m.get("/my-work?" + bad.query)
			if code != http.StatusBadRequest {
				t.Errorf("%s: %d", bad.query, code)
			}
			mustContain(t, bad.query, body, bad.message)
		}
		// A practitioner has no team choice.
		p := e.signIn("practitioner@northfield.example")
		if code, _ := p.get("/my-work?team=" + f.team.ID); code != http.StatusBadRequest {
			t.Errorf("a practitioner choosing a team: %d", code)
		}
	})
}

// TestMyWorkAcrossTheClockChange shows the page on the day the clocks go
// back: at 00:30 UTC it is 01:30 BST, and 17:00 UTC is 5pm GMT that day.
func TestMyWorkAcrossTheClockChange(t *testing.T) {
	e := sqliteEnv(t)
	f := newTaskFixture(t, e, time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), "")
	_ = f
	ctx := context.Background()
	_, _, err := e.svc.Tasks.Create(ctx, task.NewTask{Kind: "return-interview", Title: "Offer the return interview", RecordType: "person",
		RecordID: f.personID, Owner: task.Owner{UserID: f.worker.ID}, OrganisationID: f.worker.Organisation.ID,
		DueAt: time.Date(2026, 10, 25, 17, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	c := e.signIn("practitioner@northfield.example")
	_, body := c.get("/my-work")
	today := body[strings.Index(body, `id="due-today"`):strings.Index(body, `id="due-later"`)]
	mustContain(t, "due today at 01:30 BST", today, "Offer the return interview", "Today at 5pm")
	f.clock.Set(time.Date(2026, 10, 26, 9, 0, 0, 0, time.UTC)) // Monday, GMT
	_, body = c.get("/my-work")
	mustContain(t, "overdue on Monday", body, "Yesterday at 5pm", "Overdue by 1 working day")
}

type apiTasks struct {
	Assignee string           `json:"assignee"`
	State    string           `json:"state"`
	Tasks    []map[string]any `json:"tasks"`
}

func TestTasksAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		f := newTaskFixture(t, e, wednesday, "")
		tok := e.token("practitioner@northfield.example")
		list := func(query string) (int, apiTasks, string) {
			t.Helper()
			code, body := e.api("GET", "/api/v1/tasks"+query, tok, "")
			var out apiTasks
			if code == http.StatusOK {
				if err := json.Unmarshal([]byte(body), &out); err != nil {
					t.Fatal(err)
				}
			}
			return code, out, body
		}
		code, got, body := list("")
		if code != http.StatusOK || got.Assignee != "me" || got.State != "open" || len(got.Tasks) != 3 {
			t.Fatalf("default list: %d %s", code, body)
		}
		first := got.Tasks[0]
		if first["title"] != "Review the risk assessment" || first["due_at"] != "2026-11-23T10:00:00Z" || first["overdue"] != true ||
			first["owner_user_id"] != f.worker.ID || first["record_type"] != "person" {
			t.Fatalf("first task %v", first)
		}
		if _, got, _ = list("?state=overdue"); len(got.Tasks) != 1 {
			t.Fatalf("overdue: %v", got.Tasks)
		}
		if _, got, _ = list("?assignee=team:" + f.team.ID); len(got.Tasks) != 3 {
			t.Fatalf("the team's work: %v", got.Tasks)
		}
		for _, tc := range []struct{ query, message string }{
			{"?assignee=everyone", "Assignee must be me, teams, or team: followed by a team's id"},
			{"?state=late", "State must be open, overdue, done or cancelled"},
		} {
			code, _, body := list(tc.query)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, tc.message) {
				t.Errorf("%s: %d %s", tc.query, code, body)
			}
		}
		code, _, body = list("?assignee=team:" + f.frontDoor.ID)
		if code != http.StatusForbidden || !strings.Contains(body, "You can only see the tasks of your own teams") {
			t.Errorf("another team: %d %s", code, body)
		}

		code, body = e.api("POST", "/api/v1/tasks/"+f.overdue.ID+"/complete", tok, "")
		if code != http.StatusOK || !strings.Contains(body, `"state": "done"`) || !strings.Contains(body, `"completed_at": "2026-11-25T10:00:00Z"`) {
			t.Fatalf("complete: %d %s", code, body)
		}
		if code, body = e.api("POST", "/api/v1/tasks/"+f.overdue.ID+"/complete", tok, ""); code != http.StatusConflict {
			t.Fatalf("complete twice: %d %s", code, body)
		}
		if _, got, _ = list("?state=done"); len(got.Tasks) != 1 || got.Tasks[0]["completed_by"] != f.worker.ID {
			t.Fatalf("done: %v", got.Tasks)
		}
		for _, bad := range []struct{ body, want string }{
			{`{}`, "Enter why the task is no longer needed"},
			{`{"reason": "x", "why": "y"}`, "not valid JSON for this request"},
			{`{"reason": 3}`, "field reason should be string"},
		} {
			code, body := e.api("POST", "/api/v1/tasks/"+f.later.ID+"/cancel", tok, bad.body)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, bad.want) {
				t.Errorf("cancel with %s: %d %s", bad.body, code, body)
			}
		}
		code, body = e.api("POST", "/api/v1/tasks/"+f.later.ID+"/cancel", tok, `{"reason": "Not needed after the meeting"}`)
		if code != http.StatusOK || !strings.Contains(body, `"cancelled_reason": "Not needed after the meeting"`) {
			t.Fatalf("cancel: %d %s", code, body)
		}
		other := e.token("manager@riverside.example")
		if code, _ := e.api("POST", "/api/v1/tasks/"+f.today.ID+"/complete", other, ""); code != http.StatusNotFound {
			t.Fatalf("another authority completes: %d", code)
		}
		if code, _ := e.api("GET", "/api/v1/tasks", "", ""); code != http.StatusUnauthorized {
			t.Fatalf("no token: %d", code)
		}
	})
}
