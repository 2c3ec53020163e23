package task_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/task"
)

var monday = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func TestCreateAndDedupe(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, monday)
		in := e.newTask("Decide on the referral")
		a := e.create(in)
		if a.State != task.Open || a.Overdue || a.CreatedBy != e.lead.ID || !a.DueAt.Equal(monday.Add(24*time.Hour)) ||
			a.OwnerUserID != e.worker.ID || a.OwnerTeamID != "" || a.OrganisationID != e.north.ID {
			t.Fatalf("created %+v", a)
		}
		// Without a key, the same step twice is two tasks.
		e.create(in)
		// With a key, the second call returns the first task.
		in.Kind, in.DedupeKey = "return-interview", "episode-1:72h"
		first := e.create(in)
		again, created, err := e.svc.Create(as(e.lead), in)
		if err != nil || created || again.ID != first.ID {
			t.Fatalf("second create with a key: %v %v %v", again.ID, created, err)
		}
		// The key is per kind.
		in.Kind = "strategy-discussion"
		e.create(in)
		if n := e.Count("SELECT COUNT(*) FROM tasks"); n != 4 {
			t.Fatalf("%d tasks, want 4", n)
		}
		if ev := e.events(first.ID); len(ev) != 1 || !strings.HasPrefix(ev[0], e.lead.ID+" create return-interview task for referral ") {
			t.Fatalf("events %q", ev)
		}
		// Background work has no signed-in user.
		sys, _, err := e.svc.Create(context.Background(), e.newTask("Chase the assessment"))
		if err != nil || sys.CreatedBy != "system" {
			t.Fatalf("system task %+v %v", sys, err)
		}
		// A date-only deadline is the end of that London day, in either season.
		in = e.newTask("Hold the strategy discussion")
		in.DueAt, in.DueDate = time.Time{}, civil.Date{Year: 2026, Month: 10, Day: 24}
		if got := e.create(in).DueAt; !got.Equal(time.Date(2026, 10, 24, 22, 59, 59, 0, time.UTC)) {
			t.Fatalf("due on a summer-time date: %v", got)
		}
		in.DueDate = civil.Date{Year: 2026, Month: 10, Day: 25}
		if got := e.create(in).DueAt; !got.Equal(time.Date(2026, 10, 25, 23, 59, 59, 0, time.UTC)) {
			t.Fatalf("due on the day the clocks go back: %v", got)
		}
		// The JSON form: snake_case, ISO 8601, overdue worked out.
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		js := string(b)
		for _, want := range []string{`"due_at":"2026-11-24T09:00:00Z"`, `"overdue":false`, `"owner_user_id":"` + e.worker.ID,
			`"record_type":"referral"`, `"state":"open"`, `"created_at":"2026-11-23T09:00:00Z"`} {
			if !strings.Contains(js, want) {
				t.Errorf("JSON %s lacks %s", js, want)
			}
		}
		for _, not := range []string{"completed_at", "owner_team_id", "dedupe"} {
			if strings.Contains(js, not) {
				t.Errorf("JSON %s has %s", js, not)
			}
		}
		e.Verify()
	})
}

// TestCreateTxJoinsTheCallersTransaction checks that a step and its task are
// saved together or not at all.
func TestCreateTxJoinsTheCallersTransaction(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, monday)
		failed := errors.New("the step failed")
		in := e.newTask("Decide on the referral")
		err := d.Tx(as(e.lead), func(tx *sql.Tx) error {
			if _, _, err := e.svc.CreateTx(as(e.lead), tx, in); err != nil {
				return err
			}
			return failed
		})
		if !errors.Is(err, failed) {
			t.Fatal(err)
		}
		if n := e.Count("SELECT COUNT(*) FROM tasks") + e.Count("SELECT COUNT(*) FROM audit_events WHERE record_type = 'task'"); n != 0 {
			t.Fatalf("a rolled-back step left %d rows", n)
		}
		e.Verify()
	})
}

func TestConcurrentCreateWithOneKey(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, monday)
		in := e.newTask("Offer a return interview")
		in.Kind, in.DedupeKey = "return-interview", "episode-9"
		release := holdKey(t, d, in, 5)
		var (
			wg       sync.WaitGroup
			got      [5]task.Task
			created  [5]bool
			failures [5]error
		)
		for i := range got {
			wg.Go(func() { got[i], created[i], failures[i] = e.svc.Create(as(e.lead), in) })
		}
		release()
		wg.Wait()
		made := 0
		for i := range got {
			if failures[i] != nil || got[i].ID == "" || got[i].ID != got[0].ID {
				t.Fatalf("concurrent creates: %v %v", got, failures)
			}
			if created[i] {
				made++
			}
		}
		if made != 1 {
			t.Fatalf("%d calls said they created the task", made)
		}
		if n := e.Count("SELECT COUNT(*) FROM tasks WHERE dedupe_key = $1", in.DedupeKey); n != 1 {
			t.Fatalf("%d tasks from one key", n)
		}
		if ev := e.events(got[0].ID); len(ev) != 1 {
			t.Fatalf("events %q", ev)
		}
		e.Verify()
	})
}

// holdKey makes concurrent creates race on PostgreSQL: it inserts the key in
// an open transaction, and its release waits until n inserts are queued
// behind it, then rolls back, so that they contend for the key among
// themselves. (SQLite's single writer serialises them anyway.)
func holdKey(t *testing.T, d *db.DB, in task.NewTask, n int) (release func()) {
	t.Helper()
	return dbtest.HoldRow(t, d, `INSERT INTO tasks (id, kind, title, record_type, record_id, owner_user_id,
		organisation_id, due_at, state, created_at, created_by, dedupe_key)
		VALUES ($1, $2, 'held', 'referral', 'r', $3, $4, '2026-11-24T09:00:00.000000Z', 'open', '2026-11-23T09:00:00.000000Z', 'test', $5)`,
		[]any{db.NewID(), in.Kind, in.Owner.UserID, in.OrganisationID, in.DedupeKey}, "INSERT INTO tasks", n)
}

func TestValidation(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, monday)
		for _, tc := range []struct {
			name, field, message string
			edit                 func(in *task.NewTask)
		}{
			{"no title", "title", "Enter a title for the task", func(in *task.NewTask) { in.Title = "  " }},
			{"long title", "title", "Enter a title that is 200 characters or fewer", func(in *task.NewTask) { in.Title = strings.Repeat("é", 201) }},
			{"no kind", "kind", "Enter the kind of task", func(in *task.NewTask) { in.Kind = "" }},
			{"kind not a code", "kind", "Enter the kind of task as a short code of lower-case letters, numbers and hyphens, like referral-decision",
				func(in *task.NewTask) { in.Kind = "Referral decision" }},
			{"no owner", "owner", "Choose a user or a team to own the task", func(in *task.NewTask) { in.Owner = task.Owner{} }},
			{"both owners", "owner", "Choose a user or a team to own the task, not both", func(in *task.NewTask) { in.Owner.TeamID = e.teamA.ID }},
			{"unknown user", "owner", "Choose a user or a team that exists", func(in *task.NewTask) { in.Owner.UserID = db.NewID() }},
			{"unknown team", "owner", "Choose a user or a team that exists", func(in *task.NewTask) { in.Owner = task.Owner{TeamID: db.NewID()} }},
			{"no due time", "due_at", "Enter when the task is due", func(in *task.NewTask) { in.DueAt = time.Time{} }},
			{"due date and time", "due_at", "Enter either a due date or a due time, not both",
				func(in *task.NewTask) { in.DueDate = civil.Date{Year: 2026, Month: 12, Day: 1} }},
			{"no record type", "record", "Link the task to the record it belongs to", func(in *task.NewTask) { in.RecordType = "" }},
			{"no record id", "record", "Link the task to the record it belongs to", func(in *task.NewTask) { in.RecordID = " " }},
			{"no organisation", "organisation_id", "Choose the organisation that owns the task", func(in *task.NewTask) { in.OrganisationID = "" }},
			{"unknown organisation", "organisation_id", "Choose an organisation that exists", func(in *task.NewTask) { in.OrganisationID = db.NewID() }},
		} {
			in := e.newTask("Decide on the referral")
			tc.edit(&in)
			_, _, err := e.svc.Create(as(e.lead), in)
			wantKind(t, err, errs.Invalid)
			want := []errs.FieldError{{Field: tc.field, Message: tc.message}}
			if got := errs.Fields(err); !slices.Equal(got, want) {
				t.Errorf("%s: got %v, want %v", tc.name, got, want)
			}
		}
		if n := e.Count("SELECT COUNT(*) FROM tasks"); n != 0 {
			t.Fatalf("%d invalid tasks saved", n)
		}
	})
}

func TestCompleteCancelReassign(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, monday)
		mine := e.create(e.newTask("Decide on the referral"))
		in := e.newTask("Arrange the strategy discussion")
		in.Owner = task.Owner{TeamID: e.teamA.ID}
		teams := e.create(in)

		// Who may act on a user's task: the owner and the organisation's
		// leads and managers; a colleague may not, another authority does
		// not even learn it exists.
		_, err := e.svc.Complete(as(e.colleague), mine.ID)
		wantKind(t, err, errs.Forbidden)
		_, err = e.svc.Complete(as(e.analyst), mine.ID)
		wantKind(t, err, errs.Forbidden)
		_, err = e.svc.Complete(as(e.southManager), mine.ID)
		wantKind(t, err, errs.NotFound)
		_, err = e.svc.Cancel(as(e.officer), mine.ID, "not needed")
		wantKind(t, err, errs.NotFound)
		_, err = e.svc.Complete(context.Background(), mine.ID)
		wantKind(t, err, errs.Unauthenticated)
		_, err = e.svc.Complete(as(e.worker), "not-an-id")
		wantKind(t, err, errs.NotFound)

		e.Clock.Add(time.Hour)
		done, err := e.svc.Complete(as(e.worker), mine.ID)
		if err != nil || done.State != task.Done || done.CompletedBy != e.worker.ID || !done.CompletedAt.Equal(e.Clock.Now()) {
			t.Fatalf("complete: %+v %v", done, err)
		}
		_, err = e.svc.Complete(as(e.worker), mine.ID)
		wantKind(t, err, errs.Conflict)
		if errs.Public(err) != "This task has already been completed" {
			t.Fatalf("message %q", errs.Public(err))
		}
		_, err = e.svc.Cancel(as(e.manager), mine.ID, "duplicate")
		wantKind(t, err, errs.Conflict)

		// A team's task: any member, not another team's.
		_, err = e.svc.Reassign(as(e.other), teams.ID, task.Owner{UserID: e.other.ID})
		wantKind(t, err, errs.Forbidden)
		moved, err := e.svc.Reassign(as(e.colleague), teams.ID, task.Owner{UserID: e.colleague.ID})
		if err != nil || moved.OwnerUserID != e.colleague.ID || moved.OwnerTeamID != "" {
			t.Fatalf("reassign: %+v %v", moved, err)
		}
		_, err = e.svc.Reassign(as(e.colleague), teams.ID, task.Owner{UserID: e.colleague.ID, TeamID: e.teamB.ID})
		wantKind(t, err, errs.Invalid)
		_, err = e.svc.Reassign(as(e.colleague), teams.ID, task.Owner{UserID: db.NewID()})
		if f := errs.Fields(err); len(f) != 1 || f[0].Message != "Choose a user or a team that exists" {
			t.Fatalf("reassign to no one: %v", err)
		}
		// Now the colleague's: the worker has lost it, the lead may move it on.
		_, err = e.svc.Reassign(as(e.worker), teams.ID, task.Owner{TeamID: e.teamA.ID})
		wantKind(t, err, errs.Forbidden)
		if _, err := e.svc.Reassign(as(e.lead), teams.ID, task.Owner{TeamID: e.teamB.ID}); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Cancel(as(e.other), teams.ID, "  ")
		if f := errs.Fields(err); len(f) != 1 || f[0] != (errs.FieldError{Field: "reason", Message: "Enter why the task is no longer needed"}) {
			t.Fatalf("cancel without a reason: %v", err)
		}
		c, err := e.svc.Cancel(as(e.other), teams.ID, " Held at the daily meeting instead ")
		if err != nil || c.State != task.Cancelled || c.CancelledReason != "Held at the daily meeting instead" || c.CancelledBy != e.other.ID {
			t.Fatalf("cancel: %+v %v", c, err)
		}
		_, err = e.svc.Complete(as(e.other), teams.ID)
		wantKind(t, err, errs.Conflict)

		// The trail: what happened and who did it, never the reason.
		want := []string{
			e.colleague.ID + " update reassigned from team " + e.teamA.ID + " to user " + e.colleague.ID,
			e.lead.ID + " update reassigned from user " + e.colleague.ID + " to team " + e.teamB.ID,
			e.other.ID + " update cancelled, with a reason",
		}
		if got := e.events(teams.ID)[1:]; !slices.Equal(got, want) {
			t.Fatalf("events\n got %q\nwant %q", got, want)
		}
		if got := e.events(mine.ID)[1:]; !slices.Equal(got, []string{e.worker.ID + " update completed"}) {
			t.Fatalf("events %q", got)
		}
		if n := e.Count("SELECT COUNT(*) FROM audit_events WHERE record_type = 'task' AND record_id = $1 AND person_id = $2", mine.ID, mine.PersonID); n != 2 {
			t.Fatalf("%d events name the child, want 2", n)
		}
		e.Verify()
	})
}

func TestCreateManyTx(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, monday)
		existing := e.newTask("Offer a return home interview")
		existing.Kind, existing.DedupeKey = "return-interview", "episode-0"
		e.create(existing)
		var ins []task.NewTask
		for i := range 700 { // more than one statement's worth
			in := e.newTask(fmt.Sprintf("Offer a return home interview %d", i))
			in.Kind, in.DedupeKey = "return-interview", fmt.Sprintf("episode-%d", i%650)
			if i%2 == 1 {
				in.Owner = task.Owner{TeamID: e.teamA.ID}
			}
			ins = append(ins, in)
		}
		ins = append(ins, e.newTask("No key, so never a duplicate"), e.newTask("No key, so never a duplicate"))
		var made int
		err := d.Tx(as(e.lead), func(tx *sql.Tx) error {
			var err error
			made, err = e.svc.CreateManyTx(as(e.lead), tx, ins)
			return err
		})
		// Keys 1 to 649 are new (0 existed; 650 to 699 repeat earlier
		// ones), and the two without a key.
		if err != nil || made != 651 {
			t.Fatalf("made %d: %v", made, err)
		}
		if n := e.Count("SELECT COUNT(*) FROM tasks"); n != 652 {
			t.Fatalf("%d tasks, want 652", n)
		}
		if n := e.Count("SELECT COUNT(*) FROM audit_events WHERE record_type = 'task' AND action = 'create' AND actor_id = $1", e.lead.ID); n != 652 {
			t.Fatalf("%d audit events, want 652", n)
		}
		var title string
		if err := d.Read().QueryRowContext(context.Background(), "SELECT title FROM tasks WHERE dedupe_key = 'episode-7'").Scan(&title); err != nil || title != "Offer a return home interview 7" {
			t.Fatalf("episode-7's task is %q (%v): the first of a repeated key is kept", title, err)
		}
		// One invalid task saves nothing.
		bad := e.newTask("Owned by no one")
		bad.Owner = task.Owner{UserID: db.NewID()}
		err = d.Tx(as(e.lead), func(tx *sql.Tx) error {
			_, err := e.svc.CreateManyTx(as(e.lead), tx, []task.NewTask{e.newTask("Fine"), bad})
			return err
		})
		wantKind(t, err, errs.Invalid)
		if n := e.Count("SELECT COUNT(*) FROM tasks"); n != 652 {
			t.Fatalf("%d tasks after a refused batch, want 652", n)
		}
		e.Verify()
	})
}

func TestStepDoneByID(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, monday)
		in := e.newTask("Consider a strategy discussion")
		in.Kind = "repeat-missing"
		tk := e.create(in)
		step := func(org, kind, id string) bool {
			t.Helper()
			var done bool
			if err := d.Tx(as(e.lead), func(tx *sql.Tx) error {
				var err error
				done, err = e.svc.StepDoneByIDTx(as(e.lead), tx, org, kind, id)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return done
		}
		if step(e.north.ID, "referral-decision", tk.ID) || step(e.north.ID, "repeat-missing", db.NewID()) {
			t.Fatal("closed a task of another kind, or one that does not exist")
		}
		if step(e.south.ID, "repeat-missing", tk.ID) {
			t.Fatal("another authority closed the task")
		}
		if !step(e.north.ID, "repeat-missing", tk.ID) || step(e.north.ID, "repeat-missing", tk.ID) {
			t.Fatal("want the open task closed once")
		}
		if n := e.Count("SELECT COUNT(*) FROM tasks WHERE id = $1 AND state = 'done' AND completed_by = $2", tk.ID, e.lead.ID); n != 1 {
			t.Fatal("the task is not done by the lead")
		}
		e.Verify()
	})
}
