package task_test

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"

	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/task"
)

// Linking a record to a person moves every task of the record, open or
// closed, to that person, each with its own audit event; tasks of other
// records stay as they were, and linking again to the same person changes
// nothing.
func TestSetPersonTx(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, monday)
		ctx := as(e.lead)
		in := e.newTask("Screen the referral")
		in.PersonID = ""
		open := e.create(in)
		in.Title, in.Kind = "Sign off the decision", "referral-sign-off"
		closed := e.create(in)
		if _, err := e.svc.Complete(as(e.worker), closed.ID); err != nil {
			t.Fatal(err)
		}
		other := e.create(e.newTask("Another record's task"))
		person := db.NewID()
		var n int
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			var err error
			n, err = e.svc.SetPersonTx(ctx, tx, "referral", in.RecordID, person)
			return err
		})
		if err != nil || n != 2 {
			t.Fatalf("set person: %d changed, %v", n, err)
		}
		if c := e.Count("SELECT COUNT(*) FROM tasks WHERE record_id = $1 AND person_id = $2", in.RecordID, person); c != 2 {
			t.Fatalf("%d of the record's tasks name the person, want 2", c)
		}
		if c := e.Count("SELECT COUNT(*) FROM tasks WHERE id = $1 AND person_id = $2", other.ID, other.PersonID); c != 1 {
			t.Fatal("another record's task changed")
		}
		for _, id := range []string{open.ID, closed.ID} {
			ev := e.events(id)
			if last := ev[len(ev)-1]; last != e.lead.ID+" update linked to person "+person+": its record was linked" {
				t.Errorf("task %s: last event %q", id, last)
			}
		}
		if c := e.Count("SELECT COUNT(*) FROM audit_events WHERE record_type = 'task' AND person_id = $1", person); c != 2 {
			t.Errorf("%d task events on the person's trail, want 2", c)
		}
		// The same person again changes nothing; another person is a move.
		_ = d.Tx(ctx, func(tx *sql.Tx) error {
			n, err = e.svc.SetPersonTx(ctx, tx, "referral", in.RecordID, person)
			return err
		})
		if err != nil || n != 0 {
			t.Fatalf("the same person again: %d changed, %v", n, err)
		}
		next := db.NewID()
		_ = d.Tx(ctx, func(tx *sql.Tx) error {
			n, err = e.svc.SetPersonTx(ctx, tx, "referral", in.RecordID, next)
			return err
		})
		if ev := e.events(open.ID); err != nil || n != 2 || !strings.HasPrefix(ev[len(ev)-1], e.lead.ID+" update moved from person "+person+" to person "+next) {
			t.Fatalf("moving: %d changed, %v, events %q", n, err, ev)
		}
		// A rolled-back transaction leaves the tasks and the trail as they were.
		events := e.Count("SELECT COUNT(*) FROM audit_events")
		_ = d.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := e.svc.SetPersonTx(ctx, tx, "referral", in.RecordID, db.NewID()); err != nil {
				t.Fatal(err)
			}
			return context.Canceled
		})
		if c := e.Count("SELECT COUNT(*) FROM tasks WHERE record_id = $1 AND person_id = $2", in.RecordID, next); c != 2 ||
			e.Count("SELECT COUNT(*) FROM audit_events") != events {
			t.Fatal("a rolled-back link changed the tasks or the trail")
		}
		_ = d.Tx(ctx, func(tx *sql.Tx) error {
			_, err = e.svc.SetPersonTx(ctx, tx, "referral", in.RecordID, "")
			return err
		})
		wantKind(t, err, errs.Invalid)
		e.Verify()
	})
}

// A done task opens again once, audited; an open task, a cancelled one and
// a missing one are left alone.
func TestReopenTx(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, monday)
		ctx := as(e.manager)
		reopen := func(kind, key string) bool {
			t.Helper()
			var ok bool
			if err := d.Tx(ctx, func(tx *sql.Tx) error {
				var err error
				ok, err = e.svc.ReopenTx(ctx, tx, kind, key)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return ok
		}
		in := e.newTask("Screen referral R2026-00001 and decide")
		in.DedupeKey = in.RecordID
		done := e.create(in)
		if reopen(in.Kind, in.DedupeKey) {
			t.Fatal("an open task was opened again")
		}
		if err := d.Tx(ctx, func(tx *sql.Tx) error {
			_, err := e.svc.StepDoneTx(ctx, tx, in.Kind, in.DedupeKey)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if !reopen(in.Kind, in.DedupeKey) {
			t.Fatal("the done task was not opened again")
		}
		got, err := e.svc.Get(as(e.worker), done.ID)
		if err != nil || got.State != task.Open || !got.CompletedAt.IsZero() || got.CompletedBy != "" {
			t.Fatalf("reopened task %+v %v", got, err)
		}
		if ev := e.events(done.ID); !slices.Contains(ev, e.manager.ID+" update opened again: the step must be taken again") {
			t.Errorf("events %q", ev)
		}
		if reopen(in.Kind, in.DedupeKey) || reopen(in.Kind, "no-such-key") || reopen("strategy-discussion", in.DedupeKey) {
			t.Fatal("an open, missing or other kind of task was opened")
		}
		cancelled := e.newTask("Pass the referral to Early Help")
		cancelled.DedupeKey = "early-help"
		c := e.create(cancelled)
		if _, err := e.svc.Cancel(as(e.worker), c.ID, "Not needed"); err != nil {
			t.Fatal(err)
		}
		if reopen(cancelled.Kind, cancelled.DedupeKey) {
			t.Fatal("a cancelled task was opened")
		}
		e.Verify()
	})
}
