package task_test

import (
	"slices"
	"testing"
	"time"

	"mace/internal/platform/auth"
	"mace/internal/platform/choice"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/task"
)

func TestGetIsAuditedAndScoped(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, monday)
		tk := e.create(e.newTask("Decide on the referral"))
		for _, u := range []*auth.User{e.worker, e.colleague, e.analyst} {
			got, err := e.svc.Get(as(u), tk.ID)
			if err != nil || got.ID != tk.ID || got.Title != tk.Title {
				t.Fatalf("%s gets the task: %+v %v", u.Name, got, err)
			}
		}
		for _, u := range []*auth.User{e.southManager, e.officer} {
			_, err := e.svc.Get(as(u), tk.ID)
			wantKind(t, err, errs.NotFound)
		}
		_, err := e.svc.Get(as(e.worker), "no-such-task")
		wantKind(t, err, errs.NotFound)
		_, err = e.svc.Get(t.Context(), tk.ID)
		wantKind(t, err, errs.Unauthenticated)
		// Each view names the child, on the task's own trail.
		if n := e.Count("SELECT COUNT(*) FROM audit_events WHERE record_type = 'task' AND record_id = $1 AND action = 'view' AND person_id = $2",
			tk.ID, tk.PersonID); n != 3 {
			t.Fatalf("%d views recorded, want 3", n)
		}
		e.Verify()
	})
}

func TestReassignFollowsTheRules(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, monday)
		southTeam, err := e.Auth.CreateTeam(t.Context(), e.south.ID, "Southby front door", "")
		if err != nil {
			t.Fatal(err)
		}
		tk := e.create(e.newTask("Decide on the referral"))
		message := func(err error) string {
			t.Helper()
			wantKind(t, err, errs.Invalid)
			f := errs.Fields(err)
			if len(f) != 1 || f[0].Field != "owner" {
				t.Fatalf("fields %v", f)
			}
			return f[0].Message
		}
		// The worker may give it to their team or a teammate, not to
		// another team or someone in it, nor outside the organisation.
		if m := message(e.reassign(e.worker, tk.ID, task.Owner{TeamID: e.teamB.ID})); m != "Choose one of your teams or someone in them: only a lead or manager can give a task to another team" {
			t.Errorf("to another team: %q", m)
		}
		_ = message(e.reassign(e.worker, tk.ID, task.Owner{UserID: e.other.ID}))
		if m := message(e.reassign(e.worker, tk.ID, task.Owner{TeamID: southTeam.ID})); m != "Choose a team or person in the organisation that owns the task" {
			t.Errorf("to another authority: %q", m)
		}
		if m := message(e.reassign(e.manager, tk.ID, task.Owner{UserID: e.southManager.ID})); m != "Choose a team or person in the organisation that owns the task" {
			t.Errorf("a manager, to another authority: %q", m)
		}
		if err := e.reassign(e.worker, tk.ID, task.Owner{UserID: e.colleague.ID}); err != nil {
			t.Fatal(err)
		}
		// The manager may give it to any team of the organisation.
		if err := e.reassign(e.manager, tk.ID, task.Owner{TeamID: e.teamB.ID}); err != nil {
			t.Fatal(err)
		}
		// Now team B's: its members may pass it within team B.
		if err := e.reassign(e.other, tk.ID, task.Owner{UserID: e.screenerB.ID}); err != nil {
			t.Fatal(err)
		}
		e.Verify()
	})
}

func (e *env) reassign(u *auth.User, id string, to task.Owner) error {
	_, err := e.svc.Reassign(as(u), id, to)
	return err
}

func labels(cs choice.Choices) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Label)
	}
	return out
}

func TestChoices(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, monday)
		tk := e.create(e.newTask("Decide on the referral"))
		choices, err := e.svc.Choices(t.Context(), e.worker, tk)
		if err != nil {
			t.Fatal(err)
		}
		same(t, "the worker's choices", labels(choices), "Exploitation team east", "Colm Ardent", "Marcus Vell")
		for _, c := range choices {
			if got := task.ParseOwner(c.Code); got == (task.Owner{}) || got.Value() != c.Code {
				t.Errorf("%q reads back as %+v", c.Code, got)
			}
		}
		all, err := e.svc.Choices(t.Context(), e.lead, tk)
		if err != nil {
			t.Fatal(err)
		}
		same(t, "the lead's choices", labels(all), "Exploitation team east", "Exploitation team west", "Ana Lytton", "Colm Ardent",
			"Lena Dorrit (you)", "Marcus Vell", "Maya Thorn", "Odile Fenner", "Sami Brook")
		if none, _ := e.svc.Choices(t.Context(), e.other, tk); len(none) != 0 {
			t.Errorf("someone who may not act on the task is offered %q", labels(none))
		}
		for _, v := range []string{"", "someone", "group:x"} {
			if got := task.ParseOwner(v); got != (task.Owner{}) {
				t.Errorf("ParseOwner(%q) = %+v", v, got)
			}
		}
	})
}

func TestCountOverdue(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, monday)
		e.due("Mine, late", task.Owner{UserID: e.worker.ID}, monday.Add(-time.Hour))
		e.due("The team's, late", task.Owner{TeamID: e.teamA.ID}, monday.Add(-time.Minute))
		e.due("Mine, later", task.Owner{UserID: e.worker.ID}, monday.Add(time.Hour))
		e.due("Team B's, late", task.Owner{TeamID: e.teamB.ID}, monday.Add(-time.Hour))
		count := func(u *auth.User) int {
			t.Helper()
			n, err := e.svc.CountOverdue(t.Context(), u)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if got := []int{count(e.worker), count(e.colleague), count(e.other), count(e.lead), count(nil)}; !slices.Equal(got, []int{2, 1, 1, 0, 0}) {
			t.Fatalf("overdue counts %v", got)
		}
		e.Clock.Add(2 * time.Hour)
		if n := count(e.worker); n != 3 {
			t.Fatalf("after two hours, %d overdue", n)
		}
	})
}
