package referral_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"mace/internal/people"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/referral"
)

// A referral linked to a restricted record is content about the young
// person: the authority's staff not named on the record see that it exists
// (its reference, state and when the decision is due), so the queue still
// shows the work waiting, and nothing of what it says; they may not screen
// it. Those named on the record see it all, and the referrer keeps their
// own view of what they sent.
func TestReferralAboutARestrictedRecord(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		unnamed := e.User(e.north, "Sam Wren", []string{e.frontDoor.ID}, auth.Screener)
		child := e.Person(e.screener, e.north, people.Child, "Kit", "Farrow", "2011-02-03")

		decided := e.submit(e.teacher, input(e.north.ID))
		if _, err := e.svc.LinkPerson(as(e.screener), decided.ID, child.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.AddCheck(as(e.screener), decided.ID, referral.CheckInput{AgencyID: e.school.ID,
			Contact: "Tess Arnott, DSL", CheckedAt: "2026-11-23", Findings: "Absent on Fridays since September."}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Decide(as(e.screener), decided.ID, referral.DecisionInput{NeedLevel: 2, Outcome: referral.EarlyHelp,
			RiskLevel: "low", Rationale: "Early help can meet the need.", Feedback: "Passed to Early Help."}); err != nil {
			t.Fatal(err)
		}
		waiting := e.submit(e.teacher, input(e.north.ID))
		if _, err := e.svc.LinkPerson(as(e.screener), waiting.ID, child.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.People.Restrict(as(e.manager), child.ID, true, []string{e.screener.ID}); err != nil {
			t.Fatal(err)
		}

		content := func(r *referral.Referral) []string {
			var out []string
			if r.Child.Name() != "" || len(r.Child.Phones) > 0 || r.Child.DateOfBirth != "" {
				out = append(out, "the child")
			}
			if r.Narrative != "" || len(r.Concerns) > 0 || r.Referrer.Name != "" {
				out = append(out, "what was sent")
			}
			if len(r.Checks) > 0 {
				out = append(out, "checks")
			}
			if r.Decision != nil {
				out = append(out, "the decision")
			}
			return out
		}
		for _, u := range []*auth.User{unnamed, e.manager2} {
			for _, id := range []string{decided.ID, waiting.ID} {
				r, err := e.svc.Get(as(u), id)
				if err != nil {
					t.Fatalf("%s: %v", u.Name, err)
				}
				if !r.Hidden || r.Reference == "" || r.State == "" || r.DecisionDueAt.IsZero() || r.CanScreen || r.CanSignOff {
					t.Errorf("%s: hidden %v, reference %q, state %q, can screen %v", u.Name, r.Hidden, r.Reference, r.State, r.CanScreen)
				}
				if c := content(r); len(c) > 0 {
					t.Errorf("%s sees %v of a referral about a record they may not see", u.Name, c)
				}
			}
			ctx := as(u)
			_, err := e.svc.Decide(ctx, waiting.ID, referral.DecisionInput{NeedLevel: 2, Outcome: referral.EarlyHelp,
				RiskLevel: "low", Rationale: "x", Feedback: "y"})
			wantKind(t, err, errs.Forbidden)
			if !strings.Contains(errs.Public(err), "restricted") {
				t.Errorf("refusal: %q, want it to say the record is restricted", errs.Public(err))
			}
			_, err = e.svc.AddCheck(ctx, waiting.ID, referral.CheckInput{AgencyID: e.school.ID, Contact: "x",
				CheckedAt: "2026-11-23", Findings: "y"})
			wantKind(t, err, errs.Forbidden)
			_, _, err = e.svc.Matches(ctx, waiting.ID, 10)
			wantKind(t, err, errs.Forbidden)
			_, err = e.svc.Screen(ctx, waiting.ID, referral.ScreeningInput{Decision: referral.DecisionInput{NeedLevel: 2,
				Outcome: referral.EarlyHelp, RiskLevel: "low", Rationale: "x", Feedback: "y"}})
			wantKind(t, err, errs.Forbidden)

			q, err := e.svc.Queue(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(q.Awaiting) != 1 || q.Awaiting[0].ID != waiting.ID || !q.Awaiting[0].Hidden || len(q.Decided) != 1 {
				t.Fatalf("%s's queue: %d awaiting, %d decided", u.Name, len(q.Awaiting), len(q.Decided))
			}
			for _, r := range append(q.Awaiting, q.Decided...) {
				if c := content(r); len(c) > 0 || !r.Hidden {
					t.Errorf("%s's queue shows %v of %s", u.Name, c, r.Reference)
				}
			}
			rs, err := e.svc.ReceivedBetween(ctx, decided.ReceivedAt, e.Clock.Now().Add(time.Minute))
			if err != nil || len(rs) != 2 {
				t.Fatalf("received: %d, %v", len(rs), err)
			}
			for _, r := range rs {
				if c := content(r); len(c) > 0 {
					t.Errorf("%s's referrals received show %v", u.Name, c)
				}
			}
		}
		// The lists they saw are not on the young person's trail: nothing
		// of theirs was shown.
		if n := e.Count(`SELECT COUNT(*) FROM audit_shown s JOIN audit_events a ON a.seq = s.seq
			WHERE s.person_id = $1 AND a.actor_id IN ($2, $3)`, child.ID, unnamed.ID, e.manager2.ID); n != 0 {
			t.Errorf("%d lists of those not named put on the young person's trail", n)
		}

		// Named on the record: all of it, and the screening.
		r, err := e.svc.Get(as(e.screener), decided.ID)
		if err != nil || r.Hidden || len(content(r)) != 4 {
			t.Fatalf("the named screener: %v, hidden %v, sees %v", err, r.Hidden, content(r))
		}
		q, err := e.svc.Queue(as(e.screener))
		if err != nil || len(q.Awaiting) != 1 || q.Awaiting[0].Hidden || q.Awaiting[0].Child.Name() != "Kit Farrow" {
			t.Fatalf("the named screener's queue: %v", err)
		}
		if n := e.Count(`SELECT COUNT(*) FROM audit_shown s JOIN audit_events a ON a.seq = s.seq
			WHERE s.person_id = $1 AND a.actor_id = $2`, child.ID, e.screener.ID); n == 0 {
			t.Errorf("the named screener's queue is not on the young person's trail")
		}
		if _, err := e.svc.Decide(as(e.screener), waiting.ID, referral.DecisionInput{NeedLevel: 2, Outcome: referral.EarlyHelp,
			RiskLevel: "low", Rationale: "Early help can meet the need.", Feedback: "Passed to Early Help."}); err != nil {
			t.Fatalf("the named screener deciding: %v", err)
		}

		// The referrer: what they sent, and the outcome.
		mine, err := e.svc.Mine(as(e.teacher), 10)
		if err != nil || len(mine) != 2 {
			t.Fatalf("the referrer's: %d, %v", len(mine), err)
		}
		for _, r := range mine {
			if !r.OutcomeOnly || r.Hidden || r.Narrative == "" || r.Child.Name() == "" {
				t.Errorf("the referrer's own %s: outcome only %v, hidden %v", r.Reference, r.OutcomeOnly, r.Hidden)
			}
		}
		r, err = e.svc.Get(as(e.teacher), decided.ID)
		if err != nil || !r.OutcomeOnly || r.Narrative == "" || r.Decision == nil || slices.Contains(content(r), "checks") {
			t.Fatalf("the referrer's view: %v", err)
		}
		e.Verify()
	})
}
