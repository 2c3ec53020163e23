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
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
)

var versionRE = regexp.MustCompile(`name="version" value="(\d+)"`)

// pageVersion is the meeting's version on the last page c saw.
func pageVersion(t *testing.T, c *client) string {
	t.Helper()
	m := versionRE.FindStringSubmatch(c.last)
	if m == nil {
		t.Fatalf("no version on the page:\n%.2000s", c.last)
	}
	return m[1]
}

// meetingWithChild is a meeting of kind today, chaired by the lead, with
// an item about a new child and one about a theme.
func meetingWithChild(t *testing.T, e *testEnv, kind, given string) (*meeting.Meeting, *meeting.Item, *meeting.Item) {
	t.Helper()
	ctx := e.asUser("lead@northfield.example")
	in := meeting.Input{Kind: kind, Date: e.today().String(), Time: "09:30",
		ChairID: e.user("lead@northfield.example").ID}
	if kind == meeting.Strategy {
		in.Reason = "Found far from home with cash."
	}
	m, err := e.svc.Meetings.Create(ctx, in, "")
	if err != nil {
		t.Fatal(err)
	}
	child := missingChild(t, e, given)
	it, err := e.svc.Meetings.AddItem(ctx, m.ID, meeting.ItemInput{SubjectKind: meeting.SubjectChild, PersonID: child.ID})
	if err != nil {
		t.Fatal(err)
	}
	theme, err := e.svc.Meetings.AddItem(ctx, m.ID, meeting.ItemInput{SubjectKind: meeting.SubjectTheme, Subject: "Knife carrying"})
	if err != nil {
		t.Fatal(err)
	}
	return m, it, theme
}

func dateFields(prefix string, d civil.Date) url.Values {
	return url.Values{prefix + "-day": {fmt.Sprint(d.Day)}, prefix + "-month": {fmt.Sprint(int(d.Month))},
		prefix + "-year": {fmt.Sprint(d.Year)}}
}

// TestMeetingEditPage: the form to change a strategy discussion's details
// is filled with what is stored; a refused change keeps what was typed;
// marking it held shows on the record; the same form sent again goes to the
// record, and a different change on it is stale and changes nothing; a
// partner cannot reach the form.
func TestMeetingEditPage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		lead := e.signIn("lead@northfield.example")
		m, _, _ := meetingWithChild(t, e, meeting.Strategy, "Rowan")
		ref := db.NewID()
		if _, err := e.svc.Meetings.Update(e.asUser("lead@northfield.example"), m.ID, meeting.Input{Date: m.Date.String(),
			Time: "09:30", ChairID: m.ChairID, State: meeting.Planned, Reason: m.Reason, ConvenedByType: "referral",
			ConvenedByID: ref}); err != nil {
			t.Fatal(err)
		}
		if _, body := lead.get("/meetings/" + m.ID); !strings.Contains(body, `href="/meetings/`+m.ID+`/edit"`) {
			t.Fatalf("the record does not offer to change the details")
		}
		code, body := lead.get("/meetings/" + m.ID + "/edit")
		for _, want := range []string{"Change the meeting’s details", `value="09:30"`, "Found far from home with cash.",
			`value="` + ref + `"`, `name="state" type="radio" value="planned" checked`, fmt.Sprintf(`name="date-day" type="text" inputmode="numeric" value="%d"`, m.Date.Day)} {
			if code != 200 || !strings.Contains(body, want) {
				t.Fatalf("the edit form lacks %q: %d\n%.4000s", want, code, body)
			}
		}
		v := pageVersion(t, lead)
		form := url.Values{"version": {v}, "date-day": {"31"}, "date-month": {"2"}, "date-year": {fmt.Sprint(m.Date.Year)},
			"time": {"11.15am"}, "chair_id": {m.ChairID}, "state": {meeting.Held}, "reason": {""},
			"convened_by_type": {"referral"}, "convened_by_id": {ref}}
		code, body, _ = lead.post("/meetings/"+m.ID+"/edit", form)
		for _, want := range []string{"There is a problem", "The date of the meeting must be a real date", `href="#date"`,
			"Enter the reasonable cause", `value="11.15am"`, `value="31"`, `value="held" checked`} {
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, want) {
				t.Fatalf("a refused change lacks %q: %d\n%.4000s", want, code, body)
			}
		}
		for k, vs := range dateFields("date", m.Date) {
			form[k] = vs
		}
		form.Set("reason", "Found far from home with cash and two phones.")
		code, _, h := lead.post("/meetings/"+m.ID+"/edit", form)
		if code != http.StatusSeeOther || h.Get("Location") != "/meetings/"+m.ID {
			t.Fatalf("saving the details: %d %v\n%.3000s", code, h, lead.last)
		}
		code, body = lead.get("/meetings/" + m.ID)
		for _, want := range []string{"Meeting details saved", "11:15", `govuk-tag--green">Held`, "Found far from home with cash and two phones."} {
			if code != 200 || !strings.Contains(body, want) {
				t.Errorf("the record after the change lacks %q", want)
			}
		}
		// The same form sent again goes to the record; a different change
		// on the old form is stale: the service's message, nothing changed.
		if code, _, h := lead.post("/meetings/"+m.ID+"/edit", form); code != http.StatusSeeOther || h.Get("Location") != "/meetings/"+m.ID {
			t.Errorf("a second submit: %d %v\n%.2000s", code, h, lead.last)
		}
		form.Set("time", "16:00")
		code, body, _ = lead.post("/meetings/"+m.ID+"/edit", form)
		if code != http.StatusConflict || !strings.Contains(body, "Someone else changed this meeting") || !strings.Contains(body, `value="16:00"`) {
			t.Fatalf("a stale form: %d\n%.3000s", code, body)
		}
		if got, err := e.svc.Meetings.Get(e.asUser("lead@northfield.example"), m.ID); err != nil || got.Time != "11:15" || got.State != meeting.Held {
			t.Errorf("after a stale form: %+v %v", got, err)
		}
		police := e.signIn("officer@police.example")
		if code, _ := police.get("/meetings/" + m.ID + "/edit"); code != http.StatusForbidden {
			t.Errorf("a police officer reaches the edit form: %d", code)
		}
	})
}

// TestMeetingAssessmentPage: from an item about a child, the form names
// the latest date allowed; a later date is refused with what was typed
// kept and the invitee's problem at its row; a double submit arranges
// once; the item shows the arrangement and offers to change it, and the
// form to change it is filled; a theme has no such form.
func TestMeetingAssessmentPage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		lead := e.signIn("lead@northfield.example")
		worker := e.user("practitioner@northfield.example")
		officer := e.user("officer@police.example")
		m, item, theme := meetingWithChild(t, e, meeting.Panel, "Rowan")
		latest, err := e.svc.Meetings.LatestAssessmentDate(context.Background(), m)
		if err != nil {
			t.Fatal(err)
		}
		longLatest := latest.Time(time.UTC).Weekday().String() + " " + latest.Long()
		code, body := lead.get("/meetings/" + m.ID)
		path := "/meetings/" + m.ID + "/items/" + item.ID + "/assessment"
		if code != 200 || !strings.Contains(body, `href="`+path+`"`) || !strings.Contains(body, "Not arranged yet") {
			t.Fatalf("the item does not offer the assessment: %d", code)
		}
		code, body = lead.get(path)
		if code != 200 || !strings.Contains(body, "No later than "+longLatest) || !strings.Contains(body, template.HTMLEscapeString(worker.Name)) {
			t.Fatalf("the assessment form: %d\n%.4000s", code, body)
		}
		key := regexp.MustCompile(`name="idempotency_key" value="([^"]+)"`).FindStringSubmatch(body)[1]
		form := url.Values{"idempotency_key": {key}, "time": {"10am"}, "duration_minutes": {"90"}, "place": {"Larkspur Academy, room 2"},
			"social_worker_id": {worker.ID}, "invitees.0.user_id": {officer.ID},
			"invitees.1.name": {"Wynn Harrow"}, "invitees.1.email": {""}}
		for k, vs := range dateFields("date", latest.AddDays(1)) {
			form[k] = vs
		}
		code, body, _ = lead.post(path, form)
		for _, want := range []string{"There is a problem", "Choose a date on or before " + longLatest, `href="#date"`,
			"Enter the email address of invitee 2", `href="#invitees.1.email"`, `value="Wynn Harrow"`, `value="Larkspur Academy, room 2"`,
			`value="10am"`} {
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, want) {
				t.Fatalf("a refused arrangement lacks %q: %d\n%.5000s", want, code, body)
			}
		}
		if n := e.count("SELECT COUNT(*) FROM meeting_assessments"); n != 0 {
			t.Fatalf("%d assessments saved by a refused form", n)
		}
		for k, vs := range dateFields("date", latest) {
			form[k] = vs
		}
		form.Set("invitees.1.email", "wynn.harrow@youthjustice.example")
		code1, _, h1 := lead.post(path, form)
		code2, _, h2 := lead.post(path, form)
		if code1 != http.StatusSeeOther || code2 != http.StatusSeeOther || h1.Get("Location") != "/meetings/"+m.ID+"#item-"+item.ID ||
			h2.Get("Location") != h1.Get("Location") {
			t.Fatalf("arranging: %d %d %v %v\n%.3000s", code1, code2, h1, h2, lead.last)
		}
		if n := e.count("SELECT COUNT(*) FROM meeting_assessments"); n != 1 {
			t.Errorf("%d assessments after a double submit", n)
		}
		if n := e.count("SELECT COUNT(*) FROM tasks WHERE kind = $1 AND owner_user_id = $2", meeting.TaskAssessment, worker.ID); n != 1 {
			t.Errorf("%d tasks for the social worker", n)
		}
		code, body = lead.get("/meetings/" + m.ID)
		for _, want := range []string{"Initial exploitation assessment arranged", longDate(latest) + " at 10:00", "Larkspur Academy, room 2",
			template.HTMLEscapeString(worker.Name), template.HTMLEscapeString(officer.Name), "Wynn Harrow", "Change the assessment"} {
			if code != 200 || !strings.Contains(body, want) {
				t.Errorf("the item lacks %q", want)
			}
		}
		code, body = lead.get(path)
		for _, want := range []string{"Change the initial exploitation assessment", `value="10:00"`, `value="90"`, `value="Wynn Harrow"`,
			`value="wynn.harrow@youthjustice.example"`, `<option value="` + officer.ID + `" selected>`} {
			if code != 200 || !strings.Contains(body, want) {
				t.Errorf("the form to change it lacks %q", want)
			}
		}
		if code, _ := lead.get("/meetings/" + m.ID + "/items/" + theme.ID + "/assessment"); code != http.StatusNotFound {
			t.Errorf("an assessment form for a theme: %d", code)
		}
	})
}

func longDate(d civil.Date) string { return d.Time(time.UTC).Format("Monday 2 January 2006") }

// TestMeetingLinksPage: a mapping meeting's page shows its associations
// near the top; a refused association keeps what was typed; a search finds
// the other person's record; an association is recorded once on a double
// submit, and the list shows it with a place's.
func TestMeetingLinksPage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		lead := e.signIn("lead@northfield.example")
		m, item, _ := meetingWithChild(t, e, meeting.Mapping, "Rowan")
		other := missingChild(t, e, "Sorrel")
		code, body := lead.get("/meetings/" + m.ID)
		if code != 200 || !strings.Contains(body, "No associations are recorded yet") ||
			strings.Index(body, `id="associations"`) > strings.Index(body, `id="attendance"`) ||
			!strings.Contains(body, `<option value="`+item.PersonID+`">`) {
			t.Fatalf("the mapping meeting's associations: %d\n%.4000s", code, body)
		}
		path := "/meetings/" + m.ID + "/links"
		form := url.Values{"version": {pageVersion(t, lead)}, "link_person": {item.PersonID}, "link_note": {"Seen together <twice>"}}
		code, body, _ = lead.post(path, form)
		for _, want := range []string{"There is a problem", "Select what the young person is linked to", `href="#link_kind"`,
			"Select how the young person is linked to it", `href="#link_relation"`, "Seen together &lt;twice&gt;",
			`<option value="` + item.PersonID + `" selected>`} {
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, want) {
				t.Fatalf("a refused association lacks %q: %d\n%.5000s", want, code, body)
			}
		}
		form.Set("action", "find-link-people")
		form.Set("link_other_search", "Sorrel")
		form.Set("link_kind", meeting.OtherPerson)
		code, body, _ = lead.post(path, form)
		if code != 200 || !strings.Contains(body, `name="link_other_person" type="radio" value="`+other.ID+`"`) ||
			!strings.Contains(body, "Seen together &lt;twice&gt;") {
			t.Fatalf("searching for the other person: %d\n%.5000s", code, body)
		}
		form.Del("action")
		form.Set("version", pageVersion(t, lead))
		form.Set("link_other_person", other.ID)
		form.Set("link_relation", "associates-with")
		code1, _, h := lead.post(path, form)
		code2, body2, _ := lead.post(path, form)
		if code1 != http.StatusSeeOther || h.Get("Location") != "/meetings/"+m.ID+"#associations" || code2 != http.StatusConflict ||
			!strings.Contains(body2, "Someone else changed this meeting") {
			t.Fatalf("recording: %d %v, again %d", code1, h, code2)
		}
		if n := e.count("SELECT COUNT(*) FROM meeting_links"); n != 1 {
			t.Errorf("%d associations after a double submit", n)
		}
		lead.get("/meetings/" + m.ID)
		if code, _, _ := lead.post(path, url.Values{"version": {pageVersion(t, lead)}, "link_person": {item.PersonID},
			"link_kind": {meeting.OtherPlace}, "link_other_text": {"The arches car park"}, "link_relation": {"frequents"}}); code != http.StatusSeeOther {
			t.Fatalf("a place: %d\n%.3000s", code, lead.last)
		}
		code, body = lead.get("/meetings/" + m.ID)
		for _, want := range []string{"Association recorded", "Rowan Quillfeather", "A person: <a class=\"govuk-link\" href=\"/people/" + other.ID + "\">Sorrel Quillfeather",
			"Associates with", "Seen together &lt;twice&gt;", "A place: The arches car park", "Goes to"} {
			if code != 200 || !strings.Contains(body, want) {
				t.Errorf("the list lacks %q", want)
			}
		}
	})
}
