package app

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"mace/internal/people"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/referral"
)

// testReferral makes a referral to Northfield as the user with email, and
// returns its id.
func testReferral(t *testing.T, e *testEnv, email string) string {
	t.Helper()
	r, err := e.svc.Referral.Submit(e.asUser(email), referralInput(e, "Testa", "Referralson"), "")
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// referralInput is a good referral to Northfield about a child named given
// family.
func referralInput(e *testEnv, given, family string) referral.Input {
	return referralInputTo(e.user("screener@northfield.example").Organisation.ID, given, family)
}

// referralInputTo is a good referral to the authority about a child named
// given family.
func referralInputTo(authorityID, given, family string) referral.Input {
	return referral.Input{
		AuthorityID: authorityID,
		Referrer:    referral.Referrer{Name: "Ann Referrer", Role: "Designated Safeguarding Lead", Email: "ann@school.example"},
		Child: referral.Child{GivenNames: given, FamilyName: family, DateOfBirth: "2011-02-03", Gender: "female",
			Phones: []string{"07700 900123"}},
		Concerns: []string{"cce"}, Narrative: "Seen getting into cars with older men after school.",
		ChildKnows: "yes", ChildAgrees: "no", FamilyKnows: "not-known", FamilyAgrees: "not-known",
	}
}

// referralForm is the referral form filled in well, as a teacher would.
func referralForm(e *testEnv, given, family string) url.Values {
	return url.Values{
		"authority_id": {e.user("screener@northfield.example").Organisation.ID}, "given_names": {given},
		"family_name": {family}, "known_as": {"Billy"}, "date_of_birth-day": {"3"}, "date_of_birth-month": {"4"},
		"date_of_birth-year": {"2011"}, "gender": {"male"}, "postcode": {"nf1 2ab"}, "school": {"Hollinsby Academy"},
		"phones": {"07700 900 456"}, "concern_types": {"cce", "county-lines"}, "indicators": {"missing", "gifts-money"},
		"narrative":       {"Seen with older boys at the station; new trainers and a second phone."},
		"people_involved": {"An older boy called Dee, silver car"}, "places_involved": {"Northfield bus station"},
		"child_knows": {"yes"}, "child_agrees": {"no"}, "family_knows": {"yes"}, "family_agrees": {"not-known"},
		"referrer_name": {"Andrew Bennett"}, "referrer_role": {"Designated Safeguarding Lead"},
		"referrer_email": {"referrer@hollinsby-academy.example"}, "idempotency_key": {"form-key-1"},
	}
}

func countRows(t *testing.T, e *testEnv, query string, args ...any) int {
	t.Helper()
	var n int
	if err := e.db.Read().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A school user's referral is screened by a screener, linked to the child's
// record, decided, and the school user sees the outcome; the next task is
// due in working days with the complex safeguarding team.
func TestReferralJourney(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		ctx := e.asUser("screener@northfield.example")
		la := e.user("screener@northfield.example").Organisation.ID
		child, err := e.svc.People.Create(ctx, people.Input{GivenName: "William", FamilyName: "Smith", Gender: "male",
			DateOfBirth: "2011-03-04", OwnerOrgID: la, Phones: []string{"07700 900456"}}, "")
		if err != nil {
			t.Fatal(err)
		}

		teacher := e.signIn("referrer@hollinsby-academy.example")
		teacher.get("/referrals/new")
		form := referralForm(e, "Bill", "Smyth")
		code, body, h := teacher.post("/referrals", form)
		if code != http.StatusSeeOther {
			t.Fatalf("sending the referral: %d\n%s", code, body)
		}
		refURL := h.Get("Location")
		// A double submit of the same form makes no second referral.
		if code, _, h2 := teacher.post("/referrals", form); code != http.StatusSeeOther || h2.Get("Location") != refURL {
			t.Fatalf("a double submit went to %s (%d), want %s", h2.Get("Location"), code, refURL)
		}
		if n := countRows(t, e, "SELECT COUNT(*) FROM referrals WHERE family_name = 'Smyth'"); n != 1 {
			t.Fatalf("%d referrals after a double submit, want 1", n)
		}
		id := strings.TrimPrefix(refURL, "/referrals/")
		ref, err := e.svc.Referral.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if ref.State != referral.AwaitingScreening || !ref.DecisionDueAt.After(ref.ReceivedAt) ||
			ref.DecisionDueAt.Sub(ref.ReceivedAt) > 5*24*time.Hour {
			t.Fatalf("state %s, received %s, due %s", ref.State, ref.ReceivedAt, ref.DecisionDueAt)
		}
		// The decision task is the front door's.
		frontDoor := teamNamed(t, e, la, "Front Door (MASH)")
		if n := countRows(t, e, "SELECT COUNT(*) FROM tasks WHERE kind = 'referral-decision' AND record_id = $1 AND owner_team_id = $2 AND state = 'open'", id, frontDoor); n != 1 {
			t.Fatalf("%d open decision tasks for the front door, want 1", n)
		}
		// The teacher sees what they sent, not yet an outcome.
		_, page := teacher.get(refURL)
		if !strings.Contains(page, "The front door is screening this referral") || !strings.Contains(page, "Bill Smyth") {
			t.Fatalf("the referrer's page:\n%s", page)
		}

		screener := e.signIn("screener@northfield.example")
		if _, q := screener.get("/screening"); !strings.Contains(q, ref.Reference) || !strings.Contains(q, "left") {
			t.Fatalf("the screening queue does not show %s with the time left:\n%s", ref.Reference, q)
		}
		if _, mw := screener.get("/my-work"); !strings.Contains(mw, "Screen referral "+ref.Reference+" and decide") {
			t.Errorf("the screener's My work does not list the referral to decide:\n%s", mw)
		}
		// Matching proposes William Smith first, though the referral says
		// "Bill Smyth", with the date of birth's day and month swapped.
		code, js := e.api("GET", "/api/v1/referrals/"+id+"/matches", e.token("screener@northfield.example"), "")
		var cands []struct {
			PersonID string   `json:"person_id"`
			Score    float64  `json:"score"`
			Reasons  []string `json:"reasons"`
		}
		if err := json.Unmarshal([]byte(js), &cands); code != 200 || err != nil || len(cands) == 0 {
			t.Fatalf("matches: %d %v\n%s", code, err, js)
		}
		if cands[0].PersonID != child.ID {
			t.Fatalf("the best match is %s, want William Smith %s:\n%s", cands[0].PersonID, child.ID, js)
		}
		reasons := strings.ToLower(strings.Join(cands[0].Reasons, "\n"))
		for _, want := range []string{"bill", "william", "smyth", "day and month"} {
			if !strings.Contains(reasons, want) {
				t.Errorf("the reasons do not mention %q:\n%s", want, reasons)
			}
		}
		_, page = screener.get(refURL)
		if !strings.Contains(page, `id="matches"`) || !strings.Contains(page, "Smith, William") {
			t.Error("the referral page does not propose William Smith")
		}
		// A school user may not ask who the child may be.
		if code, _ := e.api("GET", "/api/v1/referrals/"+id+"/matches", e.token("referrer@hollinsby-academy.example"), ""); code != http.StatusForbidden {
			t.Errorf("a referrer asking for matches: %d, want 403", code)
		}
		if code, body, _ := screener.post(refURL+"/person", url.Values{"person_id": {child.ID}}); code != http.StatusSeeOther {
			t.Fatalf("linking: %d %s", code, body)
		}
		police := e.user("officer@police.example").Organisation.ID
		screener.get(refURL)
		today := e.clock.Now().In(civil.London)
		if code, body, _ := screener.post(refURL+"/checks", url.Values{"agency_id": {police}, "contact": {"PC Example, MASH desk"},
			"checked_on-day": {strconv.Itoa(today.Day())}, "checked_on-month": {strconv.Itoa(int(today.Month()))},
			"checked_on-year": {strconv.Itoa(today.Year())}, "findings": {"Stopped twice with older males in October."}}); code != http.StatusSeeOther {
			t.Fatalf("recording a check: %d %s", code, body)
		}
		_, dform := screener.get(refURL + "/decision")
		version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(dform)
		if version == nil {
			t.Fatalf("the decision form has no version:\n%s", dform)
		}
		if code, body, _ := screener.post(refURL+"/decision", url.Values{"need_level": {"4"}, "outcome": {"strategy-discussion"},
			"risk_level": {"high"}, "rationale": {"Several indicators of criminal exploitation; police intelligence."},
			"referrer_feedback": {"A strategy discussion will be held. Thank you for the referral."}, "version": {version[1]}}); code != http.StatusSeeOther {
			t.Fatalf("deciding: %d %s", code, body)
		}
		ref, err = e.svc.Referral.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if ref.State != referral.Decided || ref.PersonID != child.ID || len(ref.Checks) != 1 {
			t.Fatalf("after deciding: state %s, person %s, %d checks", ref.State, ref.PersonID, len(ref.Checks))
		}
		// The decision task is done; a strategy discussion task is with the
		// complex safeguarding team, due by the end of the next working day.
		if n := countRows(t, e, "SELECT COUNT(*) FROM tasks WHERE kind = 'referral-decision' AND record_id = $1 AND state = 'done'", id); n != 1 {
			t.Fatalf("the decision task is not done")
		}
		cst := teamNamed(t, e, la, "Complex Safeguarding Team")
		var owner, personID string
		var due time.Time
		if err := e.db.Read().QueryRowContext(context.Background(), `SELECT owner_team_id, person_id, due_at FROM tasks
			WHERE record_id = $1 AND kind = 'referral-next-step' AND title LIKE 'Hold a strategy discussion%' AND state = 'open'`, id).
			Scan(&owner, &personID, db.ScanTime(&due)); err != nil {
			t.Fatalf("no open strategy discussion task: %v", err)
		}
		cal, err := e.svc.Calendar.Calendar(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if owner != cst || personID != child.ID {
			t.Errorf("the strategy discussion task is owned by team %s for person %s", owner, personID)
		}
		if want := cal.DueAtEndOfWorkingDay(ref.Decision.DecidedAt, 1); !due.Equal(want) {
			t.Errorf("strategy discussion due %s, want %s (1 working day)", due, want)
		}
		// It is in the lead's My work, and the screener's is rid of the decision.
		lead := e.signIn("lead@northfield.example")
		if _, mw := lead.get("/my-work"); !strings.Contains(mw, "Hold a strategy discussion (referral "+ref.Reference+")") {
			t.Errorf("the lead's My work does not list the strategy discussion:\n%s", mw)
		}
		if _, mw := screener.get("/my-work"); strings.Contains(mw, "Screen referral "+ref.Reference) {
			t.Error("the screener's My work still lists the decision once it is made")
		}
		// The teacher sees the outcome and feedback, and nothing of the
		// screening: no checks, no rationale.
		_, page = teacher.get(refURL)
		for _, want := range []string{"Strategy discussion (section 47)", "A strategy discussion will be held"} {
			if !strings.Contains(page, want) {
				t.Errorf("the referrer's page does not say %q", want)
			}
		}
		for _, secret := range []string{"Stopped twice", "police intelligence", "PC Example"} {
			if strings.Contains(page, secret) {
				t.Errorf("the referrer's page shows %q from the screening", secret)
			}
		}
		if _, notices := teacher.get("/notices"); !strings.Contains(notices, "Referral "+ref.Reference+": Strategy discussion (section 47)") {
			t.Errorf("the referrer has no notice of the outcome:\n%s", notices)
		}
		tok := e.token("referrer@hollinsby-academy.example")
		code, js = e.api("GET", "/api/v1/referrals/"+id, tok, "")
		if code != 200 || !strings.Contains(js, `"outcome": "strategy-discussion"`) || strings.Contains(js, "Stopped twice") || strings.Contains(js, "rationale") {
			t.Errorf("the referrer's API view: %d\n%s", code, js)
		}
		// Another school sees nothing of it.
		if code, _ := e.api("GET", "/api/v1/referrals/"+id, e.token("referrer@wharfside-high.example"), ""); code != http.StatusNotFound {
			t.Errorf("another school's user gets %d for the referral, want 404", code)
		}
	})
}

func teamNamed(t *testing.T, e *testEnv, orgID, name string) string {
	t.Helper()
	teams, err := e.svc.Auth.ListTeams(context.Background(), orgID)
	if err != nil {
		t.Fatal(err)
	}
	for _, tm := range teams {
		if tm.Name == name {
			return tm.ID
		}
	}
	t.Fatalf("no team %q", name)
	return ""
}

// The daily meeting's agenda reads the referrals an authority received in
// a period: its own only, within the period, for its staff only.
func TestReferralsReceivedBetween(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		before := e.clock.Now().Add(-time.Second)
		first := testReferral(t, e, "referrer@hollinsby-academy.example")
		e.clock.Add(time.Second)
		second := testReferral(t, e, "referrer@hollinsby-academy.example")
		after := e.clock.Now().Add(time.Second)
		got, err := e.svc.Referral.ReceivedBetween(e.asUser("lead@northfield.example"), before, after)
		if err != nil || len(got) != 2 || got[0].ID != first || got[1].ID != second || got[0].State != referral.AwaitingScreening {
			t.Fatalf("received: %+v %v", got, err)
		}
		if got, err := e.svc.Referral.ReceivedBetween(e.asUser("lead@northfield.example"), after, after.Add(time.Hour)); err != nil || len(got) != 0 {
			t.Errorf("a later period: %+v %v", got, err)
		}
		if got, err := e.svc.Referral.ReceivedBetween(e.asUser("screener@riverside.example"), before, after); err != nil || len(got) != 0 {
			t.Errorf("another authority: %+v %v", got, err)
		}
		if _, err := e.svc.Referral.ReceivedBetween(e.asUser("referrer@hollinsby-academy.example"), before, after); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a school: %v", err)
		}
		if _, err := e.svc.Referral.ReceivedBetween(e.asUser("lead@northfield.example"), after, before); !errs.Is(err, errs.Invalid) {
			t.Errorf("a period backwards: %v", err)
		}
	})
}
