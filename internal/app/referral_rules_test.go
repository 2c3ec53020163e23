package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"mace/internal/consultation"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
	"mace/internal/referral"
)

// Bad input gets a specific error per field, nothing is saved, and the
// form keeps what was typed.
func TestReferralBadInput(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		teacher := e.signIn("referrer@hollinsby-academy.example")
		teacher.get("/referrals/new")
		next := e.clock.Now().Year() + 1
		form := referralForm(e, "Bill", "Smyth")
		form.Set("date_of_birth-year", fmt.Sprint(next))
		form.Set("nhs_number", "485 777 3458")
		form.Set("narrative", strings.Repeat("x", referral.MaxNarrative+1))
		form.Set("given_names", `<script>alert("x")</script>`)
		code, page, _ := teacher.post("/referrals", form)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("bad referral: %d", code)
		}
		for _, want := range []string{"Date of birth must be today or in the past", "the check digit does not match",
			fmt.Sprintf("must be %d characters or fewer; it is %d", referral.MaxNarrative, referral.MaxNarrative+1)} {
			if !strings.Contains(page, want) {
				t.Errorf("the error page does not say %q", want)
			}
		}
		if strings.Contains(page, `<script>alert`) || !strings.Contains(page, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`) {
			t.Error("the typed script is not kept as text in the form")
		}
		if !strings.Contains(page, `value="Smyth"`) || !strings.Contains(page, "Seen with older") && !strings.Contains(page, "xxxxxxxx") {
			t.Error("the form does not keep what was typed")
		}
		form = referralForm(e, "Bill", "Smyth")
		form.Set("date_of_birth-year", "1899")
		if _, page, _ := teacher.post("/referrals", form); !strings.Contains(page, "Date of birth must be in 1900 or later") {
			t.Error("a date of birth in 1899 is not refused as such")
		}
		if n := countRows(t, e, "SELECT COUNT(*) FROM referrals"); n != 0 {
			t.Fatalf("%d referrals saved from bad input", n)
		}

		// The API names the JSON field and refuses an unknown concern type.
		tok := e.token("referrer@hollinsby-academy.example")
		in := referralInput(e, "Bill", "Smyth")
		in.Concerns = []string{"cce", "shoplifting"}
		in.Child.NHSNumber = "4857773458"
		b, _ := json.Marshal(in)
		code, js := e.api("POST", "/api/v1/referrals", tok, string(b))
		if code != http.StatusUnprocessableEntity || !strings.Contains(js, `"field": "concern_types"`) ||
			!strings.Contains(js, `"shoplifting\" is not a kind of exploitation`) || !strings.Contains(js, `"field": "child.nhs_number"`) {
			t.Errorf("an unknown concern type and a bad NHS number: %d\n%s", code, js)
		}
		if n := countRows(t, e, "SELECT COUNT(*) FROM referrals"); n != 0 {
			t.Fatalf("%d referrals saved from bad input", n)
		}
	})
}

// A retried API request with the same Idempotency-Key makes one referral;
// text with HTML in it is shown as text.
func TestReferralAPIRetry(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		tok := e.token("referrer@health.example")
		in := referralInput(e, "Jade", "Example")
		in.Narrative = `Said <b>"he'll hurt me"</b> & ran off`
		b, _ := json.Marshal(in)
		var first string
		for i := 0; i < 3; i++ {
			code, js := e.api("POST", "/api/v1/referrals", tok, string(b), "Idempotency-Key", "health-system-42")
			if code != http.StatusCreated {
				t.Fatalf("try %d: %d %s", i, code, js)
			}
			var got struct{ ID string }
			_ = json.Unmarshal([]byte(js), &got)
			if first == "" {
				first = got.ID
			} else if got.ID != first {
				t.Fatalf("a retry made a second referral %s (first %s)", got.ID, first)
			}
		}
		if n := countRows(t, e, "SELECT COUNT(*) FROM referrals"); n != 1 {
			t.Fatalf("%d referrals after three tries with one key", n)
		}
		if n := countRows(t, e, "SELECT COUNT(*) FROM tasks WHERE record_id = $1", first); n != 1 {
			t.Fatalf("%d tasks for one referral", n)
		}
		screener := e.signIn("screener@northfield.example")
		_, page := screener.get("/referrals/" + first)
		if strings.Contains(page, "<b>") || !strings.Contains(page, "Said &lt;b&gt;&#34;he&#39;ll hurt me&#34;&lt;/b&gt; &amp; ran off") {
			t.Error("the narrative's HTML is not shown as text")
		}
	})
}

// No further action on an exploitation referral waits for a manager's
// sign-off: the screener cannot give it, nor the manager who decided; the
// referrer hears only once it is signed off.
func TestNoFurtherActionSignOff(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		id := testReferral(t, e, "referrer@wharfside-high.example")
		screener := e.asUser("screener@northfield.example")
		if _, err := e.svc.Referral.CreatePerson(screener, id); err != nil {
			t.Fatal(err)
		}
		// A decision without a rationale is refused, field by field.
		_, err := e.svc.Referral.Decide(screener, id, referral.DecisionInput{NeedLevel: 2, Outcome: referral.NoFurtherAction, RiskLevel: "low"})
		if f := errs.Fields(err); len(f) != 2 || f[0].Field != "rationale" || f[0].Message != "Enter the rationale for the decision" {
			t.Fatalf("a decision without rationale or feedback: %v", f)
		}
		r, err := e.svc.Referral.Decide(screener, id, referral.DecisionInput{NeedLevel: 2, Outcome: referral.NoFurtherAction,
			RiskLevel: "low", Rationale: "Universal services are meeting the need.", Feedback: "Advice given by phone."})
		if err != nil {
			t.Fatal(err)
		}
		if r.State != referral.AwaitingSignOff {
			t.Fatalf("state %s, want awaiting sign-off", r.State)
		}
		teacher := e.asUser("referrer@wharfside-high.example")
		if mine, _ := e.svc.Referral.Get(teacher, id); mine.State == referral.Decided {
			t.Fatal("the referrer sees a decision before it is signed off")
		}
		if _, err := e.svc.Referral.SignOff(screener, id, true, ""); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a screener signing off: %v", err)
		}
		manager := e.asUser("manager@northfield.example")
		if _, err := e.svc.Referral.SignOff(manager, id, false, ""); len(errs.Fields(err)) != 1 {
			t.Fatalf("not agreeing without a note: %v", err)
		}
		if r, err = e.svc.Referral.SignOff(manager, id, true, "Agreed."); err != nil || r.State != referral.Decided {
			t.Fatalf("signing off: %v", err)
		}
		if n := countRows(t, e, "SELECT COUNT(*) FROM tasks WHERE record_id = $1 AND state = 'open'", id); n != 0 {
			t.Errorf("%d tasks still open after sign-off", n)
		}
		if mine, _ := e.svc.Referral.Get(teacher, id); mine.State != referral.Decided || mine.Decision.Feedback != "Advice given by phone." {
			t.Error("the referrer does not see the signed-off outcome")
		}

		// A manager who decided cannot sign off their own decision; sent
		// back, the referral is screened again.
		id2 := testReferral(t, e, "referrer@wharfside-high.example")
		if _, err := e.svc.Referral.CreatePerson(manager, id2); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Referral.Decide(manager, id2, referral.DecisionInput{NeedLevel: 1, Outcome: referral.NoFurtherAction,
			RiskLevel: "low", Rationale: "r", Feedback: "f"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Referral.SignOff(manager, id2, true, ""); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a manager signing off their own decision: %v", err)
		}
		other := createUser(t, e, "second.manager@northfield.example", "manager")
		r, err = e.svc.Referral.SignOff(other, id2, false, "Check the police intelligence first.")
		if err != nil || r.State != referral.AwaitingScreening || r.Decision != nil {
			t.Fatalf("sending back: %v %+v", err, r)
		}
		if n := countRows(t, e, "SELECT COUNT(*) FROM tasks WHERE record_id = $1 AND kind = 'referral-decision' AND state = 'open'", id2); n != 1 {
			t.Error("the decision task is not open again after the sign-off was refused")
		}
	})
}

// A referral is due by the end of the next working day, skipping weekends
// and bank holidays; an urgent one within the configured hours.
func TestReferralDecisionDue(t *testing.T) {
	e := sqliteEnv(t)
	ctx := context.Background()
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, civil.London)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	for _, c := range []struct {
		received string
		urgent   bool
		want     string
	}{
		{"2026-11-23 10:00", false, "2026-11-24 23:59"}, // Monday: by the end of Tuesday
		{"2026-11-27 16:00", false, "2026-11-30 23:59"}, // Friday: by the end of Monday
		{"2026-12-24 11:00", false, "2026-12-29 23:59"}, // Christmas Eve: Christmas Day and Boxing Day (substitute on the 28th) skipped
		{"2026-04-02 12:00", false, "2026-04-07 23:59"}, // Thursday before Easter: Good Friday and Easter Monday skipped
		{"2026-11-27 23:00", true, "2026-11-28 03:00"},  // urgent, Friday night: 4 clock hours
	} {
		got, err := e.svc.Referral.DecisionDue(ctx, at(c.received), c.urgent)
		if err != nil {
			t.Fatal(err)
		}
		if want := at(c.want); !got.Truncate(time.Minute).Equal(want) {
			t.Errorf("received %s (urgent %v): due %s, want %s", c.received, c.urgent, got.In(civil.London), want)
		}
	}
}

// createUser adds a user to Northfield with one role, and returns a
// context signed in as them.
func createUser(t *testing.T, e *testEnv, email string, role auth.Role) context.Context {
	t.Helper()
	admin := e.asUser("administrator@northfield.example")
	if _, err := e.svc.Auth.CreateUser(admin, auth.UserInput{Email: email, Name: "Test " + string(role),
		OrganisationID: e.user("screener@northfield.example").Organisation.ID, Password: "a long test password",
		Roles: []auth.Role{role}, Active: true}); err != nil {
		t.Fatal(err)
	}
	return e.asUser(email)
}

// A referral made from a consultation is linked to it; a referral naming a
// consultation its maker may not see is refused, with nothing saved.
func TestReferralFromConsultation(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		screener := e.asUser("screener@northfield.example")
		c, err := e.svc.Consultations.Create(screener, consultation.Input{Method: consultation.Phone,
			ProfessionalName: "Ann Teacher", ProfessionalRole: "DSL", OrganisationID: e.user("referrer@hollinsby-academy.example").Organisation.ID,
			ChildName: "Testa Referralson", ConcernTypes: []string{"cce"}, Question: "Should I refer?",
			Advice: "Yes: make a referral today.", ReferralState: consultation.AdvisedToRefer}, "")
		if err != nil {
			t.Fatal(err)
		}
		in := referralInput(e, "Testa", "Referralson")
		in.ConsultationID = c.ID
		if _, err := e.svc.Referral.Submit(e.asUser("referrer@hollinsby-academy.example"), in, ""); len(errs.Fields(err)) != 1 || errs.Fields(err)[0].Field != "consultation_id" {
			t.Fatalf("a school user naming the authority's consultation: %v", err)
		}
		if n := countRows(t, e, "SELECT COUNT(*) FROM referrals"); n != 0 {
			t.Fatalf("%d referrals saved", n)
		}
		r, err := e.svc.Referral.Submit(screener, in, "")
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.svc.Consultations.Get(screener, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ReferralID != r.ID || got.ReferralState != consultation.ReferralMade {
			t.Fatalf("the consultation is linked to %q (%s), want %s", got.ReferralID, got.ReferralState, r.ID)
		}
	})
}
