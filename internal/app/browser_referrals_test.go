package app

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"mace/internal/people"
	"mace/internal/referral"
)

// click clicks the element matching the CSS selector.
func (b *tab) click(t *testing.T, sel string) {
	t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("clicking %s: %v", sel, err)
	}
}

// The front door's pages, in the order a referral goes through them, each
// checked with axe-core.
func TestBrowserReferrals(t *testing.T) {
	b := newBrowserTest(t)
	e := b.e
	la := e.user("screener@northfield.example").Organisation.ID
	child, err := e.svc.People.Create(e.asUser("screener@northfield.example"), people.Input{GivenName: "William",
		FamilyName: "Smith", Gender: "male", DateOfBirth: "2011-03-04", OwnerOrgID: la}, "")
	if err != nil {
		t.Fatal(err)
	}

	teacher := b.tab(t, "referrer@hollinsby-academy.example")
	t.Run("referral-form", func(t *testing.T) {
		teacher.open(t, "/referrals/new", http.StatusOK)
		teacher.check(t)
	})
	t.Run("referral-form-with-errors", func(t *testing.T) {
		teacher.open(t, "/referrals/new", http.StatusOK)
		teacher.fill(t, "family_name", "Smyth")
		teacher.fill(t, "narrative", `<b>bold?</b>`)
		teacher.submit(t, `main form button[type="submit"]`, http.StatusUnprocessableEntity)
		summary := teacher.text(t, ".govuk-error-summary")
		for _, want := range []string{"Select the local authority", "Enter the child’s given name", "Select at least one kind of exploitation", "Select whether the child knows"} {
			if !strings.Contains(summary, want) {
				t.Errorf("the error summary does not say %q:\n%s", want, summary)
			}
		}
		if got := eval[string](t, teacher, `document.getElementById('family_name').value`); got != "Smyth" {
			t.Errorf("the family name typed is not kept: %q", got)
		}
		if got := eval[string](t, teacher, `document.getElementById('narrative').value`); got != "<b>bold?</b>" {
			t.Errorf("the narrative typed is not kept as text: %q", got)
		}
		teacher.checkErrorPage(t, http.StatusUnprocessableEntity)
	})
	var refPath string
	t.Run("referral-sent", func(t *testing.T) {
		teacher.open(t, "/referrals/new", http.StatusOK)
		if err := chromedp.Do(teacher.ctx, chromedp.SetValue(chromedp.ID("authority_id"), la)); err != nil {
			t.Fatal(err)
		}
		for id, s := range map[string]string{"given_names": "Bill", "family_name": "Smyth", "date_of_birth": "3",
			"date_of_birth-month": "4", "date_of_birth-year": "2011", "narrative": "Seen with older boys at the station.",
			"referrer_role": "Designated Safeguarding Lead"} {
			teacher.fill(t, id, s)
		}
		for _, sel := range []string{"#gender-1", "#concern_types-1", "#indicators", "#child_knows", "#child_agrees-1", "#family_knows-2", "#family_agrees-2"} {
			teacher.click(t, sel)
		}
		teacher.submit(t, `main form button[type="submit"]`, http.StatusOK)
		refPath = teacher.path(t)
		if !strings.HasPrefix(refPath, "/referrals/") {
			t.Fatalf("after sending, at %s", refPath)
		}
		if banner := teacher.text(t, ".govuk-notification-banner"); !strings.Contains(banner, "sent") {
			t.Errorf("no confirmation: %q", banner)
		}
		teacher.check(t)
	})
	t.Run("your-referrals", func(t *testing.T) {
		teacher.open(t, "/referrals", http.StatusOK)
		if rows := eval[int](t, teacher, `document.querySelectorAll('main tbody tr').length`); rows != 1 {
			t.Errorf("%d referrals listed, want 1", rows)
		}
		teacher.check(t)
	})
	if refPath == "" {
		t.Fatal("no referral to screen")
	}

	screener := b.tab(t, "screener@northfield.example")
	t.Run("screening-queue", func(t *testing.T) {
		screener.open(t, "/screening", http.StatusOK)
		if q := screener.text(t, "main table"); !strings.Contains(q, "Bill Smyth") || !strings.Contains(q, "left") {
			t.Errorf("the queue does not show the referral with its time left:\n%s", q)
		}
		screener.check(t)
	})
	t.Run("referral-to-screen", func(t *testing.T) {
		screener.open(t, refPath, http.StatusOK)
		screener.check(t)
	})
	t.Run("match-list", func(t *testing.T) {
		screener.open(t, refPath, http.StatusOK)
		first := screener.text(t, "#matches tbody tr")
		if !strings.Contains(first, "Smith, William") && !strings.Contains(first, "William Smith") {
			t.Errorf("the best match is not William Smith:\n%s", first)
		}
		screener.check(t)
	})
	t.Run("agency-check-with-errors", func(t *testing.T) {
		screener.open(t, refPath, http.StatusOK)
		screener.click(t, "details summary")
		screener.submit(t, `form[action$="/checks"] button[type="submit"]`, http.StatusUnprocessableEntity)
		if s := screener.text(t, ".govuk-error-summary"); !strings.Contains(s, "Select the agency") {
			t.Errorf("the error summary: %q", s)
		}
		screener.checkErrorPage(t, http.StatusUnprocessableEntity)
	})
	id := strings.TrimPrefix(refPath, "/referrals/")
	if _, err := e.svc.Referral.LinkPerson(e.asUser("screener@northfield.example"), id, child.ID); err != nil {
		t.Fatal(err)
	}
	t.Run("screening-decision", func(t *testing.T) {
		screener.open(t, refPath+"/decision", http.StatusOK)
		screener.check(t)
	})
	t.Run("screening-decision-with-errors", func(t *testing.T) {
		screener.open(t, refPath+"/decision", http.StatusOK)
		screener.click(t, "#outcome-3")
		screener.submit(t, `main form button[type="submit"]`, http.StatusUnprocessableEntity)
		s := screener.text(t, ".govuk-error-summary")
		for _, want := range []string{"Select a Continuum of Need level", "Select an initial risk level", "Enter the rationale"} {
			if !strings.Contains(s, want) {
				t.Errorf("the error summary does not say %q", want)
			}
		}
		if !eval[bool](t, screener, `document.getElementById('outcome-3').checked`) {
			t.Error("the outcome chosen is not kept")
		}
		screener.checkErrorPage(t, http.StatusUnprocessableEntity)
	})
	t.Run("screening-decided", func(t *testing.T) {
		screener.open(t, refPath+"/decision", http.StatusOK)
		screener.click(t, "#need_level-3")
		screener.click(t, "#outcome-3")
		screener.click(t, "#risk_level-2")
		screener.fill(t, "rationale", "Clear indicators of criminal exploitation.")
		screener.fill(t, "referrer_feedback", "A strategy discussion will be held.")
		screener.submit(t, `main form button[type="submit"]`, http.StatusOK)
		if d := screener.text(t, "main"); !strings.Contains(d, "Strategy discussion (section 47)") {
			t.Errorf("the decision is not shown:\n%s", d)
		}
		screener.check(t)
	})
	t.Run("referral-outcome", func(t *testing.T) {
		teacher.open(t, refPath, http.StatusOK)
		if p := teacher.text(t, ".govuk-panel"); !strings.Contains(p, "Strategy discussion") {
			t.Errorf("the referrer does not see the outcome: %q", p)
		}
		teacher.check(t)
	})

	// A decision of no further action waiting for the manager.
	nfa := testReferral(t, e, "referrer@wharfside-high.example")
	sctx := e.asUser("screener@northfield.example")
	if _, err := e.svc.Referral.CreatePerson(sctx, nfa); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Referral.Decide(sctx, nfa, referral.DecisionInput{NeedLevel: 1, Outcome: referral.NoFurtherAction,
		RiskLevel: "low", Rationale: "Universal services.", Feedback: "Advice given."}); err != nil {
		t.Fatal(err)
	}
	manager := b.tab(t, "manager@northfield.example")
	t.Run("sign-off", func(t *testing.T) {
		manager.open(t, "/referrals/"+nfa, http.StatusOK)
		manager.check(t)
	})
	t.Run("sign-off-with-errors", func(t *testing.T) {
		manager.open(t, "/referrals/"+nfa, http.StatusOK)
		manager.click(t, "#agree-1")
		manager.submit(t, `form[action$="/sign-off"] button[type="submit"]`, http.StatusUnprocessableEntity)
		if s := manager.text(t, ".govuk-error-summary"); !strings.Contains(s, "Say why you do not agree") {
			t.Errorf("the error summary: %q", s)
		}
		manager.checkErrorPage(t, http.StatusUnprocessableEntity)
	})
}
