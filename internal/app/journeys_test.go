package app

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"mace/internal/meeting"
	"mace/internal/people"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/referral"
)

// hardMoment is an instant at which the key journeys are run, with what
// the service must make of it. Times are written as London's clock shows
// them, with GMT or BST to say which hour is meant.
type hardMoment struct {
	name string
	at   time.Time // the clock, in UTC
	// A referral received now: its decision (and the strategy discussion
	// decided at once) is due by the end of the next working day. One
	// received on a day that is not a working day counts as received on
	// the next working day, so is due by the end of the one after.
	decisionDue string
	// The daily meeting that covers it, and where that meeting's agenda
	// starts (the daily meeting of the working day before: Good Friday and
	// Easter Monday 2027 are 26 and 29 March).
	agendaDay, agendaFrom string
	noMeetingToday        bool // today is not a working day
	// A meeting held earlier (London date and time, as typed).
	heldDate, heldTime string
	// A return five minutes ago: the interview is due 72 clock hours later.
	interviewDue string
}

// hardMoments are the moments a clock-bound service gets wrong: the first
// minutes of the working day after Easter Monday (Tuesday 30 March 2027;
// Easter Sunday 2027 is also the night the clocks go forward), either side
// of the hour the clocks skip, both passes of the hour the clocks repeat,
// the last minute of the year before New Year's Day, and a Saturday.
var hardMoments = []hardMoment{
	{name: "00:05 on the Tuesday after Easter Monday", at: time.Date(2027, 3, 29, 23, 5, 0, 0, time.UTC),
		decisionDue: "2027-03-31 23:59 BST", agendaDay: "2027-03-30", agendaFrom: "2027-03-25 09:30 GMT",
		heldDate: "2027-03-29", heldTime: "23:00", interviewDue: "2027-04-02 00:00 BST"},
	{name: "00:59 before the clocks go forward", at: time.Date(2027, 3, 28, 0, 59, 0, 0, time.UTC),
		decisionDue: "2027-03-31 23:59 BST", agendaDay: "2027-03-30", agendaFrom: "2027-03-25 09:30 GMT", noMeetingToday: true,
		heldDate: "2027-03-28", heldTime: "00:30", interviewDue: "2027-03-31 01:54 BST"},
	{name: "03:05 after the clocks went forward", at: time.Date(2027, 3, 28, 2, 5, 0, 0, time.UTC),
		decisionDue: "2027-03-31 23:59 BST", agendaDay: "2027-03-30", agendaFrom: "2027-03-25 09:30 GMT", noMeetingToday: true,
		heldDate: "2027-03-28", heldTime: "00:30", interviewDue: "2027-03-31 03:00 BST"},
	{name: "01:30 BST the first time, as the clocks go back", at: time.Date(2027, 10, 31, 0, 30, 0, 0, time.UTC),
		decisionDue: "2027-11-02 23:59 GMT", agendaDay: "2027-11-01", agendaFrom: "2027-10-29 09:30 BST", noMeetingToday: true,
		heldDate: "2027-10-31", heldTime: "00:45", interviewDue: "2027-11-03 00:25 GMT"},
	{name: "01:30 GMT the second time, after the clocks went back", at: time.Date(2027, 10, 31, 1, 30, 0, 0, time.UTC),
		decisionDue: "2027-11-02 23:59 GMT", agendaDay: "2027-11-01", agendaFrom: "2027-10-29 09:30 BST", noMeetingToday: true,
		// 01:10 happened twice that night; either is before now.
		heldDate: "2027-10-31", heldTime: "01:10", interviewDue: "2027-11-03 01:25 GMT"},
	{name: "23:59 on New Year's Eve", at: time.Date(2026, 12, 31, 23, 59, 0, 0, time.UTC),
		decisionDue: "2027-01-04 23:59 GMT", agendaDay: "2027-01-04", agendaFrom: "2026-12-31 09:30 GMT",
		heldDate: "2026-12-31", heldTime: "23:30", interviewDue: "2027-01-03 23:54 GMT"},
	{name: "a Saturday afternoon", at: time.Date(2026, 12, 5, 14, 0, 0, 0, time.UTC),
		decisionDue: "2026-12-08 23:59 GMT", agendaDay: "2026-12-07", agendaFrom: "2026-12-04 09:30 GMT", noMeetingToday: true,
		heldDate: "2026-12-05", heldTime: "10:00", interviewDue: "2026-12-08 13:55 GMT"},
}

// londonMinute shows t as London's clock does, to the minute, with the
// zone: "2027-03-30 23:59 BST".
func londonMinute(t time.Time) string { return t.In(civil.London).Format("2006-01-02 15:04 MST") }

// TestJourneysAtHardMoments runs the key journeys with the service's clock
// at each hard moment: a referral made and screened to a decision, the
// daily agenda that lists it, a meeting held earlier recorded, and a
// missing child's return and return interview.
func TestJourneysAtHardMoments(t *testing.T) {
	t.Parallel() // long, and sharing nothing with other tests
	for _, m := range hardMoments {
		t.Run(m.name, func(t *testing.T) {
			dbtest.Each(t, Migrations(), func(t *testing.T, d *db.DB) {
				e := newTestEnvAt(t, d, m.at)
				referralJourney(t, e, m)
				meetingJourney(t, e, m)
				missingJourney(t, e, m)
			})
		})
	}
}

// referralJourney: a teacher refers, the screener decides at once, and the
// next daily meeting's agenda lists the referral.
func referralJourney(t *testing.T, e *testEnv, m hardMoment) {
	t.Helper()
	ctx := e.asUser("screener@northfield.example")
	la := e.user("screener@northfield.example").Organisation.ID
	child, err := e.svc.People.Create(ctx, people.Input{GivenName: "William", FamilyName: "Smith", Gender: "male",
		DateOfBirth: "2011-03-04", OwnerOrgID: la}, "")
	if err != nil {
		t.Fatal(err)
	}
	teacher := e.signIn("referrer@hollinsby-academy.example")
	teacher.get("/referrals/new")
	code, body, h := teacher.post("/referrals", referralForm(e, "Bill", "Smyth"))
	if code != http.StatusSeeOther {
		t.Fatalf("sending the referral: %d\n%.2000s", code, body)
	}
	refURL := h.Get("Location")
	id := strings.TrimPrefix(refURL, "/referrals/")
	ref, err := e.svc.Referral.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !ref.ReceivedAt.Equal(m.at) || londonMinute(ref.DecisionDueAt) != m.decisionDue {
		t.Errorf("received %s, decision due %s; want received now (%s), due %s",
			londonMinute(ref.ReceivedAt), londonMinute(ref.DecisionDueAt), londonMinute(m.at), m.decisionDue)
	}

	screener := e.signIn("screener@northfield.example")
	if code, body, _ := screener.post(refURL+"/person", url.Values{"person_id": {child.ID}}); code != http.StatusSeeOther {
		t.Fatalf("linking: %d %.2000s", code, body)
	}
	screener.get(refURL)
	today := m.at.In(civil.London)
	police := e.user("officer@police.example").Organisation.ID
	if code, body, _ := screener.post(refURL+"/checks", url.Values{"agency_id": {police}, "contact": {"PC Example, MASH desk"},
		"checked_on-day": {strconv.Itoa(today.Day())}, "checked_on-month": {strconv.Itoa(int(today.Month()))},
		"checked_on-year": {strconv.Itoa(today.Year())}, "findings": {"Stopped twice with older males."}}); code != http.StatusSeeOther {
		t.Fatalf("recording a check made today: %d %.2000s", code, body)
	}
	_, form := screener.get(refURL + "/decision")
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(form)
	if version == nil {
		t.Fatalf("the decision form has no version:\n%.2000s", form)
	}
	if code, body, _ := screener.post(refURL+"/decision", url.Values{"need_level": {"4"}, "outcome": {"strategy-discussion"},
		"risk_level": {"high"}, "rationale": {"Several indicators of criminal exploitation."},
		"referrer_feedback": {"A strategy discussion will be held."}, "version": {version[1]}}); code != http.StatusSeeOther {
		t.Fatalf("deciding: %d %.2000s", code, body)
	}
	if ref, err = e.svc.Referral.Get(ctx, id); err != nil {
		t.Fatal(err)
	}
	if ref.State != referral.Decided || !ref.Decision.DecidedAt.Equal(m.at) {
		t.Fatalf("after deciding: state %s, decided %s", ref.State, londonMinute(ref.Decision.DecidedAt))
	}
	var due time.Time
	if err := e.db.Read().QueryRowContext(ctx, `SELECT due_at FROM tasks
		WHERE record_id = $1 AND kind = 'referral-next-step' AND state = 'open'`, id).Scan(db.ScanTime(&due)); err != nil {
		t.Fatalf("no open strategy discussion task: %v", err)
	}
	if londonMinute(due) != m.decisionDue {
		t.Errorf("the strategy discussion is due %s, want %s (the end of the next working day)", londonMinute(due), m.decisionDue)
	}

	// The next daily meeting's agenda lists it.
	lead := e.token("lead@northfield.example")
	if m.noMeetingToday {
		date := today.Format(time.DateOnly)
		if code, body := e.api("GET", "/api/v1/meetings/daily/agenda?date="+date, lead, ""); code != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "There is no daily meeting on") {
			t.Errorf("the agenda for %s, not a working day: %d %s", date, code, body)
		}
	}
	code, body = e.api("GET", "/api/v1/meetings/daily/agenda?date="+m.agendaDay, lead, "")
	if code != http.StatusOK {
		t.Fatalf("the agenda for %s: %d %s", m.agendaDay, code, body)
	}
	var ag struct {
		Date  string    `json:"date"`
		From  time.Time `json:"from"`
		To    time.Time `json:"to"`
		Items []struct {
			Kind    string
			Reasons []string
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(body), &ag); err != nil {
		t.Fatal(err)
	}
	if want := m.agendaDay + " 09:30"; ag.Date != m.agendaDay || londonMinute(ag.From) != m.agendaFrom ||
		!strings.HasPrefix(londonMinute(ag.To), want) {
		t.Errorf("the agenda is for %s from %s to %s, want %s from %s to %s", ag.Date, londonMinute(ag.From), londonMinute(ag.To),
			m.agendaDay, m.agendaFrom, want)
	}
	found := false
	for _, it := range ag.Items {
		for _, reason := range it.Reasons {
			found = found || it.Kind == "child" && strings.Contains(reason, "New referral "+ref.Reference+" from Hollinsby Academy")
		}
	}
	if !found {
		t.Errorf("the agenda for %s does not list referral %s: %s", m.agendaDay, ref.Reference, body)
	}
}

// meetingJourney records a strategy discussion held earlier, and is
// refused one "held" an hour and a half from now.
func meetingJourney(t *testing.T, e *testEnv, m hardMoment) {
	t.Helper()
	lead := e.token("lead@northfield.example")
	chair := e.user("lead@northfield.example")
	post := func(date, clock, key string) (int, string) {
		return e.api("POST", "/api/v1/meetings", lead, fmt.Sprintf(`{"kind":"strategy","date":%q,"time":%q,"chair_id":%q,
			"state":"held","reason":"Found far from home with cash and two phones."}`, date, clock, chair.ID), "Idempotency-Key", key)
	}
	code, body := post(m.heldDate, m.heldTime, "held-earlier")
	if code != http.StatusCreated {
		t.Fatalf("a meeting held at %s %s: %d %s", m.heldDate, m.heldTime, code, body)
	}
	got := decodeMeeting(t, body)
	if got.State != meeting.Held || got.Date.String() != m.heldDate || got.Time != m.heldTime ||
		got.StartAt.In(civil.London).Format("2006-01-02 15:04") != m.heldDate+" "+m.heldTime || got.StartAt.After(m.at) {
		t.Errorf("the meeting is %s, on %s at %s, starting %s; want held on %s at %s, before now (%s)",
			got.State, got.Date, got.Time, londonMinute(got.StartAt), m.heldDate, m.heldTime, londonMinute(m.at))
	}
	later := m.at.Add(90 * time.Minute).In(civil.London)
	code, body = post(later.Format(time.DateOnly), later.Format("15:04"), "held-later")
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "A meeting that has not started yet cannot have been held") {
		t.Errorf("a meeting held at %s: %d %s", londonMinute(later), code, body)
	}
}

// missingJourney: a child who went missing six hours ago returned five
// minutes ago; the return interview is due 72 clock hours after the
// return, and is recorded two days later.
func missingJourney(t *testing.T, e *testEnv, m hardMoment) {
	t.Helper()
	officer, coord := e.token("officer@police.example"), e.token("missing-coordinator@northfield.example")
	child := missingChild(t, e, "Rowan")
	end := m.at.Add(-5 * time.Minute)
	start := end.Add(-6 * time.Hour)
	code, body := e.api("POST", "/api/v1/missing-episodes", officer, fmt.Sprintf(`{"person_id": %q, "type": "M", "start_at": %q,
		"reported_by": "Residential home staff", "risk_grading": "high", "looked_after": true}`, child.ID, start.Format(time.RFC3339)))
	var ep struct {
		ID      string    `json:"id"`
		Due     time.Time `json:"return_interview_due_at"`
		Offered string    `json:"return_interview_offered"`
	}
	if code != http.StatusCreated || json.Unmarshal([]byte(body), &ep) != nil {
		t.Fatalf("report: %d %s", code, body)
	}
	code, body = e.api("PATCH", "/api/v1/missing-episodes/"+ep.ID, officer, fmt.Sprintf(`{"end_at": %q,
		"found_place": {"description": "Northfield bus station"}}`, end.Format(time.RFC3339)))
	if code != http.StatusOK || json.Unmarshal([]byte(body), &ep) != nil {
		t.Fatalf("return: %d %s", code, body)
	}
	if londonMinute(ep.Due) != m.interviewDue || !ep.Due.Equal(end.Add(72*time.Hour)) || ep.Offered != "N" {
		t.Errorf("returned %s: interview due %s (offered %s), want %s", londonMinute(end), londonMinute(ep.Due), ep.Offered, m.interviewDue)
	}
	var due time.Time
	if err := e.db.Read().QueryRowContext(e.asUser("lead@northfield.example"), `SELECT due_at FROM tasks
		WHERE kind = 'return-interview' AND dedupe_key = $1 AND state = 'open'`, ep.ID).Scan(db.ScanTime(&due)); err != nil {
		t.Fatalf("the interview task: %v", err)
	}
	if londonMinute(due) != m.interviewDue {
		t.Errorf("the interview task is due %s, want %s", londonMinute(due), m.interviewDue)
	}
	// Two days on, the coordinator records the interview held the day after
	// the return.
	e.clock.Set(end.Add(48 * time.Hour))
	code, body = e.api("POST", "/api/v1/missing-episodes/"+ep.ID+"/return-interview", coord, fmt.Sprintf(`{"offered_at": %q,
		"offered_by": "Aisha Rahman", "offered_service": "Missing from Home Team", "outcome": "accepted", "held_at": %q,
		"push_factors": "Rows about curfew"}`, end.Add(time.Hour).Format(time.RFC3339), end.Add(30*time.Hour).Format(time.RFC3339)))
	if code != http.StatusOK || json.Unmarshal([]byte(body), &ep) != nil || ep.Offered != "Y" {
		t.Fatalf("the interview: %d %s", code, body)
	}
	if n := e.count("SELECT COUNT(*) FROM tasks WHERE kind = 'return-interview' AND dedupe_key = $1 AND state = 'done'", ep.ID); n != 1 {
		t.Errorf("the interview task is not done once the interview is recorded")
	}
}
