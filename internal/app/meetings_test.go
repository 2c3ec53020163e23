package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"mace/internal/meeting"
	"mace/internal/people"
	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
)

// meetingOrgs are the demo partnership's organisations by type.
func meetingOrgs(t *testing.T, e *testEnv) map[auth.OrgType]string {
	t.Helper()
	orgs, err := e.svc.Auth.ListOrganisations(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[auth.OrgType]string{}
	for _, o := range orgs {
		if _, ok := out[o.Type]; !ok {
			out[o.Type] = o.ID
		}
	}
	return out
}

func decodeMeeting(t *testing.T, body string) meeting.Meeting {
	t.Helper()
	var m meeting.Meeting
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("not a meeting: %v\n%s", err, body)
	}
	return m
}

// TestMeetingAPI arranges a strategy discussion through the API: a retried
// request makes one meeting, invalid ones are refused field by field and
// save nothing, attendance without health shows health missing (and the
// absence report counts it), a stale change is refused, what is marked not
// to go beyond the meeting is left out for those not present, and an
// action's task is in its owner's work.
func TestMeetingAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		lead, officer := e.token("lead@northfield.example"), e.token("officer@police.example")
		chair := e.user("lead@northfield.example")
		today := e.today()
		orgs := meetingOrgs(t, e)

		// Invalid: every problem against its field, nothing saved.
		code, body := e.api("POST", "/api/v1/meetings", lead, `{"kind":"strategy","date":"2026-02-30","time":"25:00","chair_id":""}`,
			"Idempotency-Key", "bad-1")
		for _, want := range []string{`"field": "date"`, "The date of the meeting must be a real date",
			`"field": "time"`, "must be a real time, like 09:30", `"field": "chair_id"`, "Choose who chaired the meeting",
			`"field": "reason"`, "Enter the reasonable cause"} {
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, want) {
				t.Fatalf("invalid meeting: want %q: %d %s", want, code, body)
			}
		}
		if code, body := e.api("POST", "/api/v1/meetings", lead, `{"kind":"strategy","colour":"blue"}`); code != 422 || !strings.Contains(body, "colour") {
			t.Fatalf("unknown field: %d %s", code, body)
		}
		if n := countRows(t, e, "SELECT COUNT(*) FROM meetings"); n != 0 {
			t.Fatalf("refused requests saved %d meetings", n)
		}

		// A retry with the same key makes no second meeting.
		in := fmt.Sprintf(`{"kind":"strategy","date":%q,"time":"10:00","chair_id":%q,
			"reason":"Found in a car with an unknown adult, far from home, with cash and two phones."}`, today.String(), chair.ID)
		code1, r1 := e.api("POST", "/api/v1/meetings", lead, in, "Idempotency-Key", "strategy-1")
		code2, r2 := e.api("POST", "/api/v1/meetings", lead, in, "Idempotency-Key", "strategy-1")
		m1, m2 := decodeMeeting(t, r1), decodeMeeting(t, r2)
		if code1 != 201 || code2 != 201 || m1.ID == "" || m1.ID != m2.ID || countRows(t, e, "SELECT COUNT(*) FROM meetings") != 1 {
			t.Fatalf("retry: %d %d %q %q\n%s", code1, code2, m1.ID, m2.ID, r1)
		}
		if !slices.Equal(m1.Missing, []auth.OrgType{auth.LocalAuthority, auth.PoliceForce, auth.Health}) {
			t.Errorf("no one recorded yet, but missing %v", m1.Missing)
		}
		path := "/api/v1/meetings/" + m1.ID

		// Attendance without health: health is missing.
		att := fmt.Sprintf(`{"attendees":[{"user_id":%q,"status":"present"},{"user_id":%q,"status":"present"},
			{"name":"Wren Halloway","organisation_id":%q,"status":"apologies"}]}`,
			chair.ID, e.user("officer@police.example").ID, orgs[auth.Education])
		if code, body := e.api("PUT", path+"/attendance", lead, att); code != 200 || !strings.Contains(body, "Wren Halloway") {
			t.Fatalf("attendance: %d %s", code, body)
		}
		code, body = e.api("PUT", path+"/attendance", lead, `{"attendees":[{"name":"","status":"late"}]}`)
		for _, want := range []string{`"field": "attendees.0.name"`, "Enter the name of attendee 1",
			`"field": "attendees.0.status"`, "Select whether attendee 1 was present"} {
			if code != 422 || !strings.Contains(body, want) {
				t.Fatalf("invalid attendance: want %q: %d %s", want, code, body)
			}
		}
		code, body = e.api("GET", path, lead, "")
		m := decodeMeeting(t, body)
		if code != 200 || !slices.Equal(m.Missing, []auth.OrgType{auth.Health}) || len(m.Attendees) != 3 {
			t.Fatalf("missing agencies %v after attendance: %d %s", m.Missing, code, body)
		}
		from, to := today.AddDays(-1), today.AddDays(1)
		code, body = e.api("GET", "/api/v1/meetings/absences?from="+from.String()+"&to="+to.String(), lead, "")
		var rep meeting.AbsenceReport
		if code != 200 || json.Unmarshal([]byte(body), &rep) != nil || rep.Meetings != 1 {
			t.Fatalf("absence report: %d %s", code, body)
		}
		counted := false
		for _, a := range rep.ByType {
			if a.Type == auth.Health {
				counted = a.Required == 1 && a.NotPresent == 1
			}
		}
		if !counted {
			t.Errorf("the absence report does not count health's absence: %s", body)
		}
		if code, body := e.api("GET", "/api/v1/meetings/absences?from=yesterday", lead, ""); code != 422 || !strings.Contains(body, `"field": "from"`) {
			t.Errorf("absences with a bad date: %d %s", code, body)
		}

		// A stale change is refused; a current one is saved.
		stale := fmt.Sprintf(`{"time":"11:00","version":%d}`, m.Version-1)
		if code, body := e.api("PATCH", path, lead, stale); code != http.StatusConflict || !strings.Contains(body, "Someone else changed this meeting") {
			t.Fatalf("stale patch: %d %s", code, body)
		}
		code, body = e.api("PATCH", path, lead, fmt.Sprintf(`{"time":"11:00","version":%d}`, m.Version))
		if m = decodeMeeting(t, body); code != 200 || m.Time != "11:00" {
			t.Fatalf("patch: %d %s", code, body)
		}
		if code, body := e.api("PATCH", path, lead, `{"kind":"daily"}`); code != 422 || !strings.Contains(body, "cannot be changed") {
			t.Fatalf("changing the kind: %d %s", code, body)
		}

		// Agenda items, what was shared, reordering, dropping, decisions.
		if code, body := e.api("POST", path+"/items", lead, `{"subject_kind":"child"}`); code != 422 || !strings.Contains(body, "Select the person record the item is about") {
			t.Fatalf("item without a person: %d %s", code, body)
		}
		var item, other meeting.Item
		code, body = e.api("POST", path+"/items", lead, `{"subject_kind":"theme","subject":"Recruitment near the Quarrybank shops","reasons":["Three reports this week"]}`)
		if code != 201 || json.Unmarshal([]byte(body), &item) != nil || item.ID == "" {
			t.Fatalf("item: %d %s", code, body)
		}
		code, body = e.api("POST", path+"/items", lead, `{"subject_kind":"place","subject":"Underpass by Fenwick Road"}`)
		if code != 201 || json.Unmarshal([]byte(body), &other) != nil {
			t.Fatalf("second item: %d %s", code, body)
		}
		if code, body := e.api("POST", path+"/items/order", lead, `{"item_ids":["`+other.ID+`"]}`); code != 422 || !strings.Contains(body, `"field": "item_ids"`) {
			t.Fatalf("partial reorder: %d %s", code, body)
		}
		if code, body := e.api("POST", path+"/items/order", lead, `{"item_ids":["`+other.ID+`","`+item.ID+`"]}`); code != 204 {
			t.Fatalf("reorder: %d %s", code, body)
		}
		secret := "Covert source places the group at the Fenwick Road flat"
		shared := fmt.Sprintf(`{"organisation_id":%q,"text":%q,"not_beyond_meeting":true}`, orgs[auth.PoliceForce], secret)
		if code, body := e.api("POST", path+"/items/"+item.ID+"/shared", officer, shared); code != 201 || !strings.Contains(body, `"not_beyond_meeting": true`) {
			t.Fatalf("shared by the police: %d %s", code, body)
		}
		open := "Two of the children attend the same pupil referral unit"
		if code, body := e.api("POST", path+"/items/"+item.ID+"/shared", lead,
			fmt.Sprintf(`{"organisation_id":%q,"text":%q}`, orgs[auth.Education], open)); code != 422 || !strings.Contains(body, "present at the meeting") {
			t.Fatalf("shared for an organisation not present: %d %s", code, body)
		}
		if code, body := e.api("POST", path+"/items/"+item.ID+"/shared", lead,
			fmt.Sprintf(`{"organisation_id":%q,"text":%q}`, chair.Organisation.ID, open)); code != 201 ||
			!strings.Contains(body, `"organisation": "`+chair.Organisation.Name+`"`) {
			t.Fatalf("shared by the authority: %d %s", code, body)
		}
		code, body = e.api("PUT", path+"/items/"+item.ID+"/decision", lead, `{"outcome":"s47-joint","decision":"Joint enquiry.","conference_needed":true}`)
		if code != 200 || !strings.Contains(body, `"outcome": "s47-joint"`) {
			t.Fatalf("decision: %d %s", code, body)
		}
		if code, body := e.api("GET", "/api/v1/tasks?assignee=me", lead, ""); code != 200 || !strings.Contains(body, "Hold the initial child protection conference") {
			t.Fatalf("the conference task is not in the chair's work: %d %s", code, body)
		}
		if code, body := e.api("PUT", path+"/items/"+item.ID+"/decision", lead, `{"decision":"Joint enquiry."}`); code != 422 || !strings.Contains(body, "Select the decision of the strategy discussion") {
			t.Fatalf("decision without an outcome: %d %s", code, body)
		}

		// Those present see what must not go beyond the meeting; a
		// colleague of theirs, and the authority's staff, do not.
		for _, c := range []struct {
			email string
			sees  bool
		}{{"officer@police.example", true}, {"lead@northfield.example", true},
			{"analyst@police.example", false}, {"manager@northfield.example", false}} {
			code, body := e.api("GET", path, e.token(c.email), "")
			got := decodeMeeting(t, body)
			if code != 200 || strings.Contains(body, secret) != c.sees || !strings.Contains(body, open) || (got.Withheld == 1) == c.sees {
				t.Errorf("%s (sees %v): %d withheld %d\n%s", c.email, c.sees, code, got.Withheld, body)
			}
		}

		// An action becomes a task in its owner's work.
		owner := e.user("practitioner@northfield.example")
		if code, body := e.api("POST", path+"/actions", lead, `{"text":"","due_date":"soon"}`); code != 422 ||
			!strings.Contains(body, "Enter the action") || !strings.Contains(body, `"field": "owner"`) || !strings.Contains(body, `"field": "due_date"`) {
			t.Fatalf("invalid action: %d %s", code, body)
		}
		var action meeting.Action
		code, body = e.api("POST", path+"/actions", lead, fmt.Sprintf(`{"item_id":%q,"text":"Visit the family with the police","owner_user_id":%q,"due_date":%q}`,
			item.ID, owner.ID, today.AddDays(7).String()))
		if code != 201 || json.Unmarshal([]byte(body), &action) != nil || action.TaskID == "" {
			t.Fatalf("action: %d %s", code, body)
		}
		if code, body := e.api("GET", "/api/v1/tasks?assignee=me", e.token("practitioner@northfield.example"), ""); code != 200 || !strings.Contains(body, action.TaskID) {
			t.Fatalf("the action's task is not in its owner's work: %d %s", code, body)
		}
		if code, body := e.api("DELETE", path+"/items/"+item.ID, lead, ""); code != http.StatusConflict {
			t.Fatalf("dropping an item with an action: %d %s", code, body)
		}
		if code, body := e.api("DELETE", path+"/items/"+other.ID+"?version=1", lead, ""); code != http.StatusConflict {
			t.Fatalf("dropping with a stale version: %d %s", code, body)
		}
		if code, body := e.api("DELETE", path+"/items/"+other.ID, lead, ""); code != 204 {
			t.Fatalf("drop: %d %s", code, body)
		}
		if _, body := e.api("GET", path, lead, ""); strings.Contains(body, other.ID) || !strings.Contains(body, action.TaskID) {
			t.Errorf("after dropping: %s", body)
		}

		// Lists are scoped; others are refused.
		q := "/api/v1/meetings?kind=strategy&from=" + from.String() + "&to=" + to.String()
		for email, sees := range map[string]bool{"lead@northfield.example": true, "officer@police.example": true, "manager@riverside.example": false} {
			if code, body := e.api("GET", q, e.token(email), ""); code != 200 || strings.Contains(body, m1.ID) != sees {
				t.Errorf("list as %s (sees %v): %d %s", email, sees, code, body)
			}
		}
		if code, body := e.api("GET", "/api/v1/meetings?kind=weekly", lead, ""); code != 422 || !strings.Contains(body, `"field": "kind"`) {
			t.Errorf("list of an unknown kind: %d %s", code, body)
		}
		if code, _ := e.api("GET", path, e.token("manager@riverside.example"), ""); code != http.StatusNotFound {
			t.Errorf("another authority's meeting: %d", code)
		}
		if code, _ := e.api("POST", "/api/v1/meetings", officer, in); code != http.StatusForbidden {
			t.Errorf("the police arranging a meeting: %d", code)
		}
		if code, _ := e.api("PATCH", path, officer, `{"time":"12:00"}`); code != http.StatusForbidden {
			t.Errorf("the police changing a meeting: %d", code)
		}
		if code, _ := e.api("GET", "/api/v1/meetings/absences?from="+from.String()+"&to="+to.String(), e.token("screener@northfield.example"), ""); code != http.StatusForbidden {
			t.Errorf("a screener reading the absence report: %d", code)
		}
	})
}

// The daily agenda over the API: a referral received since the previous
// working day's meeting is on it with its reason; a weekend day, a missing
// or malformed date and a police officer are refused.
func TestMeetingDailyAgendaAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		lead := e.token("lead@northfield.example")
		ref := testReferral(t, e, "referrer@hollinsby-academy.example")
		r, err := e.svc.Referral.Get(e.asUser("lead@northfield.example"), ref)
		if err != nil {
			t.Fatal(err)
		}
		// The next daily meeting covers a referral received now: today's if
		// it has not begun, else the next working day's.
		cal, err := e.svc.Calendar.Calendar(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		now := e.clock.Now()
		next := calendar.LondonDate(now)
		if !cal.IsWorkingDay(next) || !now.Before(next.Time(civil.London).Add(meeting.DefaultDailyTime)) {
			next = cal.AddWorkingDays(next.AddDays(1), 0)
		}
		code, body := e.api("GET", "/api/v1/meetings/daily/agenda?date="+next.String(), lead, "")
		if code != 200 {
			t.Fatalf("agenda: %d %s", code, body)
		}
		var ag struct {
			Date  string `json:"date"`
			From  string `json:"from"`
			To    string `json:"to"`
			Items []struct {
				Kind, Subject string
				Reasons       []string
			} `json:"items"`
		}
		if err := json.Unmarshal([]byte(body), &ag); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, it := range ag.Items {
			for _, reason := range it.Reasons {
				if it.Kind == "child" && it.Subject == "Testa Referralson" && strings.Contains(reason, "New referral "+r.Reference+" from Hollinsby Academy") {
					found = true
				}
			}
		}
		if ag.Date != next.String() || !found {
			t.Errorf("the agenda for %s lacks referral %s: %s", next, r.Reference, body)
		}
		saturday := e.today()
		for saturday.Time(civil.London).Weekday() != time.Saturday {
			saturday = saturday.AddDays(1)
		}
		for _, c := range []struct {
			query, token string
			code         int
			want         string
		}{
			{"?date=" + saturday.String(), lead, 422, "choose a working day"},
			{"", lead, 422, "Give the date of the meeting"},
			{"?date=tomorrow", lead, 422, "Give date as a date like"},
			{"?date=" + next.String(), e.token("officer@police.example"), 403, ""},
		} {
			if code, body := e.api("GET", "/api/v1/meetings/daily/agenda"+c.query, c.token, ""); code != c.code || !strings.Contains(body, c.want) {
				t.Errorf("%q: %d %s, want %d %q", c.query, code, body, c.code, c.want)
			}
		}
	})
}

// Associations at a mapping meeting over the API: recorded by those who run
// the meeting, refused field by field, read back with names for a reader
// who may see the records, and refused to a police officer.
func TestMeetingLinksAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		lead := e.token("lead@northfield.example")
		ctx := e.asUser("screener@northfield.example")
		child, err := e.svc.People.Create(ctx, people.Input{Kind: people.Child, GivenName: "Marlow", FamilyName: "Quillfeather",
			DateOfBirth: "2011-04-05", Gender: "male", OwnerOrgID: e.user("screener@northfield.example").Organisation.ID}, "")
		if err != nil {
			t.Fatal(err)
		}
		soon := e.clock.Now().Add(2 * time.Hour).In(civil.London)
		m, err := e.svc.Meetings.Create(e.asUser("lead@northfield.example"), meeting.Input{Kind: meeting.Mapping,
			Date: calendar.LondonDate(soon).String(), Time: soon.Format("15:04"), ChairID: e.user("lead@northfield.example").ID,
			State: meeting.Planned}, "")
		if err != nil {
			t.Fatal(err)
		}
		path := "/api/v1/meetings/" + m.ID + "/links"
		if code, body := e.api("POST", path, lead, `{"person_id":"`+child.ID+`","other_kind":"place","relation":"likes"}`); code != 422 ||
			!strings.Contains(body, "Enter the place the young person is linked to") || !strings.Contains(body, "Select how the young person is linked to it") {
			t.Errorf("a bad association: %d %s", code, body)
		}
		code, body := e.api("POST", path, lead, `{"person_id":"`+child.ID+`","other_kind":"place","other_text":"Canal Street flats","relation":"found-at"}`)
		if code != 201 || !strings.Contains(body, `"relation": "found-at"`) {
			t.Fatalf("recording: %d %s", code, body)
		}
		if code, body := e.api("POST", path, e.token("officer@police.example"), `{"person_id":"`+child.ID+`","other_kind":"place","other_text":"Park","relation":"frequents"}`); code != 403 {
			t.Errorf("a police officer: %d %s", code, body)
		}
		code, body = e.api("GET", path, lead, "")
		if code != 200 || !strings.Contains(body, `"person_name": "Marlow Quillfeather"`) || !strings.Contains(body, `"other_text": "Canal Street flats"`) {
			t.Errorf("reading: %d %s", code, body)
		}
	})
}
