package referral_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/referral"
)

// An authority with no screener yet still takes referrals, with no task; a
// directory that cannot be read fails the referral, saving nothing, rather
// than leaving it with no one to screen it.
func TestSubmitWhenTheFrontDoorCannotBeFound(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		r := e.submit(e.teacher, input(e.south.ID))
		if n := e.Count("SELECT COUNT(*) FROM tasks WHERE record_id = $1", r.ID); n != 0 {
			t.Fatalf("%d tasks for an authority with no screener", n)
		}
		r = e.submit(e.teacher, input(e.north.ID))
		if n := e.Count("SELECT COUNT(*) FROM tasks WHERE record_id = $1 AND kind = $2 AND owner_team_id = $3",
			r.ID, referral.TaskDecision, e.frontDoor.ID); n != 1 {
			t.Fatalf("%d decision tasks for the front door, want 1", n)
		}

		e.dir.failUsers(errors.New("reading users: connection reset by peer"))
		_, err := e.svc.Submit(as(e.teacher), input(e.north.ID), "key-1")
		if err == nil || errs.Is(err, errs.NotFound) || errs.Is(err, errs.Invalid) {
			t.Fatalf("a failed staff lookup: %v, want an internal error", err)
		}
		if n := e.Count("SELECT COUNT(*) FROM referrals"); n != 2 {
			t.Fatalf("%d referrals, want the 2 made before the lookup failed", n)
		}
		if n := e.Count("SELECT COUNT(*) FROM request_keys"); n != 0 {
			t.Fatalf("%d request keys kept for a referral not made", n)
		}
		// Once the directory answers, the same request goes through.
		e.dir.failUsers(nil)
		if _, err := e.svc.Submit(as(e.teacher), input(e.north.ID), "key-1"); err != nil {
			t.Fatal(err)
		}
		e.Verify()
	})
}

// The first referrals of a year made at once all get a reference, each its
// own: the counter's first row is not a race one of them loses.
func TestFirstReferralsOfAYearAtOnce(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		const n = 8
		release := dbtest.HoldRow(t, d, "INSERT INTO referral_counters (year, last) VALUES ($1, 1)", []any{2026},
			"INSERT INTO referral_counters", n)
		var (
			wg   sync.WaitGroup
			refs [n]string
			errs [n]error
		)
		for i := range n {
			wg.Go(func() {
				r, err := e.svc.Submit(as(e.teacher), input(e.north.ID), "")
				if err == nil {
					refs[i] = r.Reference
				}
				errs[i] = err
			})
		}
		release()
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("referral %d of %d: %v", i+1, n, err)
			}
		}
		got := slices.Sorted(slices.Values(refs[:]))
		for i, ref := range got {
			if want := "R2026-0000" + string(rune('1'+i)); ref != want {
				t.Fatalf("references %q, want R2026-00001 to R2026-00008", got)
			}
		}
		if r := e.submit(e.teacher, input(e.north.ID)); r.Reference != "R2026-00009" {
			t.Fatalf("the next reference is %s", r.Reference)
		}
		e.Verify()
	})
}

// decidedNoFurtherAction is a referral the screener has decided needs no
// further action, waiting for a manager's sign-off.
func (e *env) decidedNoFurtherAction() *referral.Referral {
	e.t.Helper()
	r := e.submit(e.teacher, input(e.north.ID))
	if _, err := e.svc.CreatePerson(as(e.screener), r.ID); err != nil {
		e.t.Fatal(err)
	}
	r, err := e.svc.Decide(as(e.screener), r.ID, referral.DecisionInput{NeedLevel: 1, Outcome: referral.NoFurtherAction,
		RiskLevel: "low", Rationale: "Universal services are meeting the need.", Feedback: "Advice given by phone."})
	if err != nil || r.State != referral.AwaitingSignOff {
		e.t.Fatalf("deciding: %v", err)
	}
	return r
}

// Two managers signing off the same decision at once: one answer stands,
// the other is told someone else answered first; the referrer hears once
// and the sign-off task is closed once.
func TestTwoSignOffsAtOnce(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		r := e.decidedNoFurtherAction()
		// Both read the referral before either writes it.
		release := dbtest.HoldRow(t, d, "UPDATE referrals SET version = version WHERE id = $1", []any{r.ID},
			"UPDATE referrals SET state", 2)
		var (
			wg   sync.WaitGroup
			errs [2]error
		)
		for i, m := range []*auth.User{e.manager, e.manager2} {
			wg.Go(func() { _, errs[i] = e.svc.SignOff(as(m), r.ID, i == 0, "Check with the school again.") })
		}
		release()
		wg.Wait()
		var conflicts int
		for _, err := range errs {
			switch {
			case err == nil:
			case isConflict(err):
				conflicts++
			default:
				t.Fatalf("signing off: %v", err)
			}
		}
		if conflicts != 1 {
			t.Fatalf("sign-offs %v: want one to stand and one conflict", errs)
		}
		if n := e.Count("SELECT COUNT(*) FROM tasks WHERE record_id = $1 AND kind = $2 AND state = 'done'",
			r.ID, referral.TaskSignOff); n != 1 {
			t.Fatalf("%d sign-off tasks done, want 1", n)
		}
		if n := e.Count(`SELECT COUNT(*) FROM audit_events WHERE record_type = 'task' AND detail = 'completed: the step was done'
			AND record_id IN (SELECT id FROM tasks WHERE record_id = $1 AND kind = $2)`, r.ID, referral.TaskSignOff); n != 1 {
			t.Fatalf("the sign-off task was closed %d times", n)
		}
		if n := e.Count("SELECT COUNT(*) FROM audit_events WHERE record_type = 'referral' AND record_id = $1 AND detail LIKE 'no further action%'", r.ID); n != 1 {
			t.Fatalf("%d sign-offs on the referral's trail, want 1", n)
		}
		got, err := e.svc.Get(as(e.screener), r.ID)
		if err != nil {
			t.Fatal(err)
		}
		switch got.State {
		case referral.Decided:
			if e.notices.count() != 1 {
				t.Fatalf("the referrer was told %d times", e.notices.count())
			}
		case referral.AwaitingScreening:
			if e.notices.count() != 0 {
				t.Fatalf("the referrer was told %d times of a decision sent back", e.notices.count())
			}
			if n := e.Count("SELECT COUNT(*) FROM tasks WHERE record_id = $1 AND kind = $2 AND state = 'open'", r.ID, referral.TaskDecision); n != 1 {
				t.Fatalf("%d open decision tasks after the decision was sent back", n)
			}
		default:
			t.Fatalf("state %s after the sign-off", got.State)
		}
		e.Verify()
	})
}

// The agreeing sign-off closes its task through the task service and tells
// the referrer once; a sign-off of a referral already signed off is a
// conflict.
func TestSignOffClosesItsTask(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		r := e.decidedNoFurtherAction()
		if _, err := e.svc.SignOff(as(e.manager), r.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SignOff(as(e.manager2), r.ID, true, ""); !isConflict(err) {
			t.Fatalf("a second sign-off: %v, want a conflict", err)
		}
		if e.notices.count() != 1 {
			t.Fatalf("the referrer was told %d times", e.notices.count())
		}
		if n := e.Count("SELECT COUNT(*) FROM tasks WHERE record_id = $1 AND state = 'open'", r.ID); n != 0 {
			t.Fatalf("%d tasks still open", n)
		}
		// Every task of the referral follows the young person it is about.
		if n := e.Count("SELECT COUNT(*) FROM tasks WHERE record_id = $1 AND (person_id IS NULL OR person_id <> $2)", r.ID, r.PersonID); n != 0 {
			t.Fatalf("%d of the referral's tasks do not name its young person", n)
		}
		if n := e.Count(`SELECT COUNT(*) FROM audit_events WHERE record_type = 'task' AND person_id = $1
			AND detail LIKE 'linked to person %'`, r.PersonID); n != 1 {
			t.Fatalf("%d task events for the link to the young person, want 1 (the decision task)", n)
		}
		e.Verify()
	})
}

func isConflict(err error) bool { return errs.Is(err, errs.Conflict) }

// Keys of referrals made before request_keys still answer a repeat once
// the keys have moved there; new referrals no longer write the old column.
func TestKeysMadeBeforeRequestKeys(t *testing.T) {
	const moved = "20261207_23_referral_request_keys"
	before := slices.DeleteFunc(slices.Clone(migrations), func(m db.Migration) bool { return m.ID == moved })
	if len(before) != len(migrations)-1 {
		t.Fatalf("no migration %s", moved)
	}
	dbtest.Each(t, before, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		first := e.submit(e.teacher, input(e.north.ID))
		other := e.submit(e.screener, input(e.north.ID))
		ctx := context.Background()
		for _, r := range []*referral.Referral{first, other} {
			if _, err := d.Write().ExecContext(ctx, "UPDATE referrals SET idempotency_key = 'form-key-7' WHERE id = $1", r.ID); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := d.Migrate(ctx, migrations); err != nil {
			t.Fatal(err)
		}
		again, err := e.svc.Submit(as(e.teacher), input(e.north.ID), "form-key-7")
		if err != nil || again.ID != first.ID {
			t.Fatalf("a repeat of an old request: %v %v, want %s", again, err, first.ID)
		}
		if again, err = e.svc.Submit(as(e.screener), input(e.north.ID), "form-key-7"); err != nil || again.ID != other.ID {
			t.Fatalf("another user's old key: %v %v, want %s", again, err, other.ID)
		}
		if n := e.Count("SELECT COUNT(*) FROM referrals"); n != 2 {
			t.Fatalf("%d referrals, want 2", n)
		}
		// New referrals no longer write the old column.
		fresh, err := e.svc.Submit(as(e.teacher), input(e.north.ID), "form-key-8")
		if err != nil {
			t.Fatal(err)
		}
		if n := e.Count("SELECT COUNT(*) FROM referrals WHERE id = $1 AND idempotency_key IS NULL", fresh.ID); n != 1 {
			t.Fatal("a new referral wrote the old key column")
		}
	})
}
