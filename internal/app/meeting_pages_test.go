package app

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"mace/internal/meeting"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
)

func init() {
	readers := []auth.Role{auth.Screener, auth.Practitioner, auth.Lead, auth.Manager,
		auth.MissingCoordinator, auth.Analyst, auth.DPO, auth.Police}
	runners := []auth.Role{auth.Lead, auth.Manager, auth.Practitioner, auth.Screener}
	reporters := []auth.Role{auth.Lead, auth.Manager, auth.Analyst}
	for p, roles := range map[string][]auth.Role{
		"GET /meetings":                               readers,
		"GET /meetings/new":                           runners,
		"POST /meetings":                              runners,
		"GET /meetings/daily":                         runners,
		"POST /meetings/daily":                        runners,
		"GET /meetings/absences":                      reporters,
		"GET /meetings/{id}":                          readers,
		"GET /meetings/{id}/edit":                     runners,
		"POST /meetings/{id}/edit":                    runners,
		"POST /meetings/{id}/attendance":              runners,
		"POST /meetings/{id}/items":                   runners,
		"POST /meetings/{id}/items/{item}/move":       runners,
		"POST /meetings/{id}/items/{item}/drop":       runners,
		"POST /meetings/{id}/items/{item}/shared":     readers,
		"POST /meetings/{id}/items/{item}/decision":   runners,
		"POST /meetings/{id}/items/{item}/discussed":  runners,
		"POST /meetings/{id}/actions":                 runners,
		"GET /meetings/{id}/items/{item}/assessment":  runners,
		"POST /meetings/{id}/items/{item}/assessment": runners,
		"POST /meetings/{id}/links":                   runners,
		"GET /meetings/{id}/minutes":                  readers,
		"GET /meetings/{id}/minutes.txt":              readers,
	} {
		allowed[p] = roles
	}
}

var meetingPathRE = regexp.MustCompile(`^/meetings/([0-9a-z-]+)`)

// TestMeetingPages: arranging a strategy discussion keeps what was typed
// when it is refused and makes one meeting on a double submit; the record's
// forms redirect after saving, show their problems inline with what was
// typed kept, and a stale form gets the service's message; health's absence
// is said; what is marked not to go beyond the meeting is tagged for those
// present, and left out of the school's minutes.
func TestMeetingPages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		lead := e.signIn("lead@northfield.example")
		chair := e.user("lead@northfield.example")
		officer := e.user("officer@police.example")
		orgs := meetingOrgs(t, e)
		day := e.today()

		ref := db.NewID()
		code, body := lead.get("/meetings/new?kind=strategy&convened_by_type=referral&convened_by_id=" + ref)
		if code != 200 || !strings.Contains(body, "Arrange a strategy discussion") || !strings.Contains(body, `value="`+ref+`"`) {
			t.Fatalf("the strategy form: %d\n%.2000s", code, body)
		}
		key := regexp.MustCompile(`name="idempotency_key" value="([^"]+)"`).FindStringSubmatch(body)[1]
		form := url.Values{"idempotency_key": {key}, "kind": {"strategy"}, "fixed_kind": {"strategy"},
			"date-day": {"31"}, "date-month": {"2"}, "date-year": {"2026"}, "time": {"2.30pm"}, "chair_id": {chair.ID},
			"reason": {"Seen with <b>older</b> males"}, "convened_by_type": {"referral"}, "convened_by_id": {ref}}
		code, body, _ = lead.post("/meetings", form)
		for _, want := range []string{"There is a problem", "The date of the meeting must be a real date", `href="#date"`,
			"Seen with &lt;b&gt;older&lt;/b&gt; males", `value="31"`} {
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, want) {
				t.Fatalf("a refused strategy discussion: want %q: %d\n%.3000s", want, code, body)
			}
		}
		form.Set("reason", "")
		form.Set("date-day", "")
		form.Set("date-month", "")
		code, body, _ = lead.post("/meetings", form)
		for _, want := range []string{"The date of the meeting must include a day and a month", "Enter the reasonable cause"} {
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, want) {
				t.Fatalf("want %q: %d", want, code)
			}
		}
		form.Set("date-day", fmt.Sprint(day.Day))
		form.Set("date-month", fmt.Sprint(int(day.Month)))
		form.Set("date-year", fmt.Sprint(day.Year))
		form.Set("reason", "Found far from home with cash and two phones.")
		code, _, h1 := lead.post("/meetings", form)
		code2, _, h2 := lead.post("/meetings", form)
		if code != http.StatusSeeOther || code2 != http.StatusSeeOther || h1.Get("Location") != h2.Get("Location") ||
			e.count("SELECT COUNT(*) FROM meetings") != 1 {
			t.Fatalf("arranging: %d %d %q %q\n%s", code, code2, h1.Get("Location"), h2.Get("Location"), lead.last)
		}
		path := h1.Get("Location")
		id := meetingPathRE.FindStringSubmatch(path)[1]
		code, body = lead.get(path)
		if code != 200 || !strings.Contains(body, "Strategy discussion arranged") || !strings.Contains(body, "14:30") {
			t.Fatalf("the record: %d\n%.2000s", code, body)
		}
		version := func() string {
			t.Helper()
			return regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(lead.last)[1]
		}

		// Attendance: an unnamed attendee is refused with the rows kept.
		att := url.Values{"version": {version()},
			"attendees.0.user_id": {chair.ID}, "attendees.0.status": {"present"},
			"attendees.1.user_id": {officer.ID}, "attendees.1.status": {"present"},
			"attendees.2.name": {""}, "attendees.2.organisation_id": {orgs[auth.Education]}, "attendees.2.status": {"apologies"}}
		code, body, _ = lead.post("/meetings/"+id+"/attendance", att)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Enter the name of attendee 3") ||
			!strings.Contains(body, `href="#attendees.2.name"`) {
			t.Fatalf("refused attendance: %d\n%.3000s", code, body)
		}
		att.Set("attendees.2.name", "Wren Halloway")
		if code, _, h := lead.post("/meetings/"+id+"/attendance", att); code != http.StatusSeeOther || h.Get("Location") != "/meetings/"+id+"#attendance" {
			t.Fatalf("attendance: %d %v", code, h)
		}
		code, body = lead.get("/meetings/" + id)
		if code != http.StatusOK || !strings.Contains(body, "No one from health was present: a strategy discussion needs local authority social work, police and health") ||
			!strings.Contains(body, "Wren Halloway") {
			t.Fatalf("the record after attendance: %d\n%.4000s", code, body)
		}
		// A stale form: the service's message, nothing saved.
		stale := url.Values{"version": {"1"}, "subject_kind": {"theme"}, "subject": {"Knife carrying"}}
		code, body, _ = lead.post("/meetings/"+id+"/items", stale)
		if code != http.StatusConflict || !strings.Contains(body, "Someone else changed this meeting") || !strings.Contains(body, `value="Knife carrying"`) {
			t.Fatalf("a stale form: %d\n%.3000s", code, body)
		}
		lead.get("/meetings/" + id)
		code, body, _ = lead.post("/meetings/"+id+"/items", url.Values{"version": {version()}, "subject_kind": {"theme"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Enter the theme") {
			t.Fatalf("an item without a theme: %d", code)
		}
		lead.get("/meetings/" + id)
		item := url.Values{"version": {version()}, "subject_kind": {"theme"}, "subject": {"Knife carrying"}, "reasons": {"Two incidents\nNear the college"}}
		code, _, h := lead.post("/meetings/"+id+"/items", item)
		if code != http.StatusSeeOther || !strings.Contains(h.Get("Location"), "#item-") {
			t.Fatalf("adding an item: %d %v", code, h)
		}
		// The double submit of the same form is stale: one item.
		if code, _, _ := lead.post("/meetings/"+id+"/items", item); code != http.StatusConflict || e.count("SELECT COUNT(*) FROM meeting_items") != 1 {
			t.Fatalf("a double submit: %d, %d items", code, e.count("SELECT COUNT(*) FROM meeting_items"))
		}
		itemID := strings.TrimPrefix(h.Get("Location"), "/meetings/"+id+"#item-")
		// An item about a child, found by a search that keeps what was typed.
		child := missingChild(t, e, "Rowan")
		lead.get("/meetings/" + id)
		code, body, _ = lead.post("/meetings/"+id+"/items", url.Values{"version": {version()}, "action": {"find-person"},
			"person_search": {"Quillfeather"}, "subject_kind": {"child"}, "reasons": {"Seen at the arches"}})
		if code != 200 || !strings.Contains(body, `value="`+child.ID+`"`) || !strings.Contains(body, "Seen at the arches") {
			t.Fatalf("searching for a person record: %d\n%.3000s", code, body)
		}
		if code, _, _ := lead.post("/meetings/"+id+"/items", url.Values{"version": {version()}, "subject_kind": {"child"},
			"person_id": {child.ID}, "reasons": {"Seen at the arches"}}); code != http.StatusSeeOther {
			t.Fatalf("an item about a child: %d", code)
		}
		if n := e.count("SELECT COUNT(*) FROM meeting_items WHERE person_id = $1", child.ID); n != 1 {
			t.Errorf("%d items about the child", n)
		}

		// Sharing, marked not to go beyond the meeting.
		lead.get("/meetings/" + id)
		code, body, _ = lead.post("/meetings/"+id+"/items/"+itemID+"/shared", url.Values{"version": {version()},
			"shared_org-" + itemID: {orgs[auth.PoliceForce]}, "shared_text-" + itemID: {""}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#shared_text-`+itemID+`"`) {
			t.Fatalf("sharing nothing: %d\n%.3000s", code, body)
		}
		lead.get("/meetings/" + id)
		if code, _, _ := lead.post("/meetings/"+id+"/items/"+itemID+"/shared", url.Values{"version": {version()},
			"shared_org-" + itemID: {orgs[auth.PoliceForce]}, "shared_text-" + itemID: {"An operation is planned."},
			"not_beyond-" + itemID: {"yes"}}); code != http.StatusSeeOther {
			t.Fatalf("sharing: %d", code)
		}
		// The decision: a strategy discussion must choose an outcome.
		lead.get("/meetings/" + id)
		code, body, _ = lead.post("/meetings/"+id+"/items/"+itemID+"/decision", url.Values{"version": {version()},
			"decision-" + itemID: {"Joint visit"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Select the decision of the strategy discussion") ||
			!strings.Contains(body, `href="#outcome-`+itemID+`"`) {
			t.Fatalf("a decision without an outcome: %d", code)
		}
		lead.get("/meetings/" + id)
		if code, _, _ := lead.post("/meetings/"+id+"/items/"+itemID+"/decision", url.Values{"version": {version()},
			"outcome-" + itemID: {meeting.S47Joint}, "decision-" + itemID: {"Joint visit"}}); code != http.StatusSeeOther {
			t.Fatalf("the decision: %d", code)
		}
		// An action: refused without a due date, then saved as the owner's task.
		lead.get("/meetings/" + id)
		act := url.Values{"version": {version()}, "action_text": {"Visit the college"}, "action_owner": {"user:" + officer.ID},
			"action_due-day": {"1"}, "action_due-month": {"13"}, "action_due-year": {fmt.Sprint(day.Year)}}
		code, body, _ = lead.post("/meetings/"+id+"/actions", act)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "The date the action is due must be a real date") ||
			!strings.Contains(body, "Visit the college") {
			t.Fatalf("an action due on a date that does not exist: %d\n%.3000s", code, body)
		}
		due := day.AddDays(7)
		act.Set("action_disruption", "closure")
		act.Set("version", version())
		if code, body, _ := lead.post("/meetings/"+id+"/actions", act); code != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "Select the kind of disruption from the list, or none") {
			t.Fatalf("an unknown kind of disruption: %d", code)
		}
		act.Set("action_disruption", "licensing-visit")
		act.Set("version", version())
		act.Set("action_due-day", fmt.Sprint(due.Day))
		act.Set("action_due-month", fmt.Sprint(int(due.Month)))
		act.Set("action_due-year", fmt.Sprint(due.Year))
		if code, _, _ := lead.post("/meetings/"+id+"/actions", act); code != http.StatusSeeOther {
			t.Fatalf("the action: %d", code)
		}
		if n := e.count("SELECT COUNT(*) FROM tasks WHERE kind = $1 AND owner_user_id = $2", meeting.TaskAction, officer.ID); n != 1 {
			t.Errorf("%d tasks for the action's owner", n)
		}
		if _, body := lead.get("/meetings/" + id); !strings.Contains(body, "Licensing visit (premises, hotels, taxis)") {
			t.Errorf("the meeting's page does not show the action as a licensing visit")
		}
		code, body = lead.get("/meetings/" + id)
		for _, want := range []string{"Not to go beyond the meeting", "An operation is planned.", "Section 47 enquiry, joint with police",
			"Visit the college", template.HTMLEscapeString(officer.Name)} {
			if code != 200 || !strings.Contains(body, want) {
				t.Errorf("the record lacks %q", want)
			}
		}

		// The police officer, present, records what the police shared.
		police := e.signIn("officer@police.example")
		code, body = police.get("/meetings/" + id)
		if code != 200 || !strings.Contains(body, "An operation is planned.") || strings.Contains(body, "Agree the action") {
			t.Fatalf("the record as the officer: %d", code)
		}
		pv := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(body)[1]
		if code, _, _ := police.post("/meetings/"+id+"/items/"+itemID+"/shared", url.Values{"version": {pv},
			"shared_org-" + itemID: {orgs[auth.PoliceForce]}, "shared_text-" + itemID: {"Two arrests last month."}}); code != http.StatusSeeOther {
			t.Fatalf("the officer sharing: %d", code)
		}

		// The minutes: printable; the school's copy leaves the operation out.
		code, body = lead.get("/meetings/" + id + "/minutes")
		if code != 200 || !strings.Contains(body, "An operation is planned.") || !strings.Contains(body, "mace-minutes__item") {
			t.Fatalf("the minutes: %d", code)
		}
		if code, body := lead.get("/meetings/" + id + "/minutes.txt?for="); code != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "Select the organisation the minutes are for") {
			t.Errorf("minutes for no one: %d", code)
		}
		code, txt, hdr := lead.do("GET", "/meetings/"+id+"/minutes.txt?for="+orgs[auth.Education], nil)
		if code != 200 || !strings.Contains(hdr.Get("Content-Disposition"), "attachment") || strings.Contains(txt, "An operation is planned") ||
			!strings.Contains(txt, "Section 47 enquiry, joint with police") || !strings.Contains(txt, "Visit the college") {
			t.Errorf("the school's minutes: %d %v\n%s", code, hdr, txt)
		}
		if _, txt, _ := lead.do("GET", "/meetings/"+id+"/minutes.txt?for="+orgs[auth.PoliceForce], nil); !strings.Contains(txt, "An operation is planned") {
			t.Errorf("the police's minutes leave out what they were there for:\n%s", txt)
		}
		// Each download is on the meeting's trail and the child's.
		if n := e.count("SELECT COUNT(*) FROM audit_events WHERE record_id = $1 AND action = 'export'", id); n != 4 {
			t.Errorf("%d download events, want 4", n)
		}
		if n := e.count("SELECT COUNT(*) FROM audit_events WHERE person_id = $1 AND action = 'export'", child.ID); n != 2 {
			t.Errorf("%d downloads on the child's trail, want 2", n)
		}

		// The list and the absence report.
		if code, body := lead.get("/meetings"); code != 200 || !strings.Contains(body, "/meetings/"+id) {
			t.Errorf("the list: %d", code)
		}
		code, body = lead.get("/meetings/absences?from=" + day.AddDays(-1).String() + "&to=" + day.AddDays(1).String())
		if code != 200 || !strings.Contains(body, "1 meeting from") || !strings.Contains(body, "Health") {
			t.Errorf("the absence report: %d\n%.3000s", code, body)
		}
		if code, body := lead.get("/meetings/absences?from-day=40&from-month=1&from-year=2026"); !strings.Contains(body, "The start of the period must be a real date") {
			t.Errorf("the absence report with a bad date: %d", code)
		}
	})
}

// TestMeetingDailyPage: the daily agenda for a working day says the period
// it covers; a Saturday has none; recording the meeting keeps what was typed
// when refused, and a double submit records it once.
func TestMeetingDailyPage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		lead := e.signIn("lead@northfield.example")
		chair := e.user("lead@northfield.example")
		cal, err := e.svc.Calendar.Calendar(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		day := e.today().AddDays(1)
		for !cal.IsWorkingDay(day) {
			day = day.AddDays(1)
		}
		saturday := day
		for saturday.Time(time.UTC).Weekday() != time.Saturday {
			saturday = saturday.AddDays(1)
		}
		if code, body := lead.get("/meetings/daily"); code != 200 || !strings.Contains(body, "Since the daily meeting on") ||
			!strings.Contains(body, `name="date" value="`+day.String()+`"`) {
			t.Fatalf("the next working day's agenda: %d\n%.3000s", code, body)
		}
		if code, body := lead.get("/meetings/daily?date=" + saturday.String()); code != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "There is no daily meeting on Saturday") {
			t.Errorf("a Saturday's agenda: %d", code)
		}
		form := url.Values{"idempotency_key": {"daily-page-1"}, "date": {day.String()}, "time": {"half nine"}, "chair_id": {chair.ID}}
		code, body, _ := lead.post("/meetings/daily", form)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "The time the meeting starts must be a real time") ||
			!strings.Contains(body, `value="half nine"`) {
			t.Fatalf("a refused daily meeting: %d\n%.3000s", code, body)
		}
		form.Set("time", "9.30am")
		code1, _, h1 := lead.post("/meetings/daily", form)
		code2, _, h2 := lead.post("/meetings/daily", form)
		if code1 != http.StatusSeeOther || code2 != http.StatusSeeOther || h1.Get("Location") != h2.Get("Location") ||
			e.count("SELECT COUNT(*) FROM meetings WHERE kind = 'daily'") != 1 {
			t.Fatalf("recording: %d %d %q %q", code1, code2, h1.Get("Location"), h2.Get("Location"))
		}
		if code, body := lead.get(h1.Get("Location")); code != 200 || !strings.Contains(body, "Daily meeting recorded") || !strings.Contains(body, "09:30") {
			t.Errorf("the recorded daily meeting: %d", code)
		}
		// Once recorded, the agenda links to the meeting instead.
		if _, body := lead.get("/meetings/daily?date=" + day.String()); !strings.Contains(body, "go to the meeting") ||
			strings.Contains(body, "Record the daily meeting with the items ticked") {
			t.Errorf("the agenda of a recorded daily meeting offers to record it again")
		}
	})
}
