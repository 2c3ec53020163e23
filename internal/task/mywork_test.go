package task_test

import (
	"slices"
	"testing"
	"time"

	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/task"
)

func utc(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}

func (e *env) due(title string, o task.Owner, at time.Time) task.Task {
	in := e.newTask(title)
	in.Owner, in.DueAt = o, at
	return e.create(in)
}

func (e *env) myWork(u *auth.User) (overdue, today, later, team []string) {
	e.t.Helper()
	w, err := e.svc.MyWork(as(u), u)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, t := range w.Overdue {
		if !t.Overdue {
			e.t.Errorf("%q is in the overdue group but not marked overdue", t.Title)
		}
	}
	for _, t := range slices.Concat(w.DueToday, w.Later) {
		if t.Overdue {
			e.t.Errorf("%q is marked overdue outside the overdue group", t.Title)
		}
	}
	return titles(w.Overdue), titles(w.DueToday), titles(w.Later), titles(w.TeamTasks)
}

func same(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

// TestMyWorkAcrossMidnightAndTheClockChange groups by the London day: at
// 23:30 UTC on 24 October 2026 it is already 00:30 on the 25th in London
// (summer time), and the 25th is 25 hours long, ending at 00:00 UTC on the
// 26th, because the clocks go back at 01:00 UTC.
func TestMyWorkAcrossMidnightAndTheClockChange(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, utc(2026, 10, 24, 12, 0))
		me, team := task.Owner{UserID: e.worker.ID}, task.Owner{TeamID: e.teamA.ID}
		e.due("A yesterday in London", me, utc(2026, 10, 24, 22, 0))
		e.due("B after London midnight", team, utc(2026, 10, 24, 23, 10))
		e.due("C late on the 25th", me, utc(2026, 10, 25, 23, 30))
		in := e.newTask("D by the end of the 25th")
		in.DueAt, in.DueDate = time.Time{}, civil.Date{Year: 2026, Month: 10, Day: 25}
		e.create(in)
		e.due("E early on the 26th", team, utc(2026, 10, 26, 0, 30))
		e.due("F the colleague's", task.Owner{UserID: e.colleague.ID}, utc(2026, 10, 25, 9, 0))
		e.due("G team B's", task.Owner{TeamID: e.teamB.ID}, utc(2026, 10, 25, 9, 0))

		e.Clock.Set(utc(2026, 10, 24, 23, 30)) // 00:30 BST on the 25th
		o, td, l, tm := e.myWork(e.worker)
		same(t, "overdue at 00:30 BST", o, "A yesterday in London", "B after London midnight")
		same(t, "today at 00:30 BST", td, "C late on the 25th", "D by the end of the 25th")
		same(t, "later at 00:30 BST", l, "E early on the 26th")
		same(t, "a practitioner has no team view", tm)

		e.Clock.Set(utc(2026, 10, 25, 0, 30)) // 01:30 BST, before the clocks go back
		o, td, l, _ = e.myWork(e.worker)
		same(t, "overdue at 01:30 BST", o, "A yesterday in London", "B after London midnight")
		same(t, "today at 01:30 BST", td, "C late on the 25th", "D by the end of the 25th")
		same(t, "later at 01:30 BST", l, "E early on the 26th")

		e.Clock.Set(utc(2026, 10, 25, 23, 45)) // 23:45 GMT, still the 25th
		o, td, l, _ = e.myWork(e.worker)
		same(t, "overdue at 23:45 GMT", o, "A yesterday in London", "B after London midnight", "C late on the 25th")
		same(t, "today at 23:45 GMT", td, "D by the end of the 25th")
		same(t, "later at 23:45 GMT", l, "E early on the 26th")

		e.Clock.Set(utc(2026, 10, 26, 0, 0)) // midnight GMT: the 26th
		o, td, l, _ = e.myWork(e.worker)
		same(t, "overdue at midnight", o, "A yesterday in London", "B after London midnight", "C late on the 25th", "D by the end of the 25th")
		same(t, "today at midnight", td, "E early on the 26th")
		same(t, "later at midnight", l)

		// A team member sees the team's tasks, not another team's.
		o, td, _, _ = e.myWork(e.colleague)
		same(t, "colleague's overdue", o, "B after London midnight", "F the colleague's")
		same(t, "colleague's today", td, "E early on the 26th")
		o, _, _, _ = e.myWork(e.other)
		same(t, "team B's overdue", o, "G team B's")

		// The manager of team A sees team A's own tasks as theirs, and the
		// members' tasks in the team view; not team B's.
		o, td, l, tm = e.myWork(e.manager)
		same(t, "manager's overdue", o, "B after London midnight")
		same(t, "manager's today", td, "E early on the 26th")
		same(t, "manager's later", l)
		same(t, "manager's team view", tm, "A yesterday in London", "F the colleague's", "C late on the 25th", "D by the end of the 25th")
		_, _, _, tm = e.myWork(e.managerNoTeams)
		same(t, "a manager of no team", tm)

		// Done and cancelled tasks leave My work.
		w, _ := e.svc.MyWork(as(e.worker), e.worker)
		if _, err := e.svc.Complete(as(e.worker), w.Overdue[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Cancel(as(e.worker), w.DueToday[0].ID, "Covered by the strategy discussion"); err != nil {
			t.Fatal(err)
		}
		o, td, _, _ = e.myWork(e.worker)
		same(t, "overdue after closing two", o, "B after London midnight", "C late on the 25th", "D by the end of the 25th")
		same(t, "today after closing two", td)
		_, err := e.svc.MyWork(as(e.worker), nil)
		wantKind(t, err, errs.Unauthenticated)
		e.Verify()
	})
}

// TestOverdueAsTheClockPasses checks that a task becomes overdue the moment
// the clock passes its due time, in My work, the list and the
// organisation's overdue list.
func TestOverdueAsTheClockPasses(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, monday)
		dueAt := monday.Add(3 * time.Hour)
		tk := e.due("Screen the referral", task.Owner{UserID: e.worker.ID}, dueAt)
		south := e.newTask("Southby's task")
		south.Owner, south.OrganisationID = task.Owner{UserID: e.southManager.ID}, e.south.ID
		south.DueAt = monday.Add(time.Hour)
		e.create(south)
		check := func(when time.Time, overdue bool) {
			t.Helper()
			e.Clock.Set(when)
			o, td, _, _ := e.myWork(e.worker)
			if overdue {
				same(t, "overdue", o, tk.Title)
				same(t, "today", td)
			} else {
				same(t, "overdue", o)
				same(t, "today", td, tk.Title)
			}
			list, err := e.svc.List(as(e.worker), e.worker, task.Query{State: "overdue"})
			if err != nil || (len(list) == 1) != overdue {
				t.Fatalf("overdue list at %v: %v %v", when, titles(list), err)
			}
			org, err := e.svc.Overdue(as(e.manager), e.north.ID)
			if err != nil || (len(org) == 1) != overdue || (overdue && (!org[0].Overdue || org[0].ID != tk.ID)) {
				t.Fatalf("organisation's overdue at %v: %v %v", when, titles(org), err)
			}
		}
		check(dueAt.Add(-time.Second), false)
		check(dueAt, false)
		check(dueAt.Add(time.Microsecond), true)
		check(dueAt.Add(48*time.Hour), true)
		// Background work asks without a user; other people may not ask.
		if org, err := e.svc.Overdue(t.Context(), e.south.ID); err != nil || len(org) != 1 || org[0].Title != "Southby's task" {
			t.Fatalf("system's overdue list: %v %v", titles(org), err)
		}
		for _, u := range []*auth.User{e.worker, e.southManager, e.officer} {
			_, err := e.svc.Overdue(as(u), e.north.ID)
			wantKind(t, err, errs.Forbidden)
		}
		if _, err := e.svc.Overdue(as(e.analyst), e.north.ID); err != nil {
			t.Fatal(err)
		}
		e.Verify()
	})
}

func TestList(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, monday)
		mine := e.due("Mine", task.Owner{UserID: e.worker.ID}, monday.Add(2*time.Hour))
		teamA := e.due("Team A's", task.Owner{TeamID: e.teamA.ID}, monday.Add(time.Hour))
		e.due("Team B's", task.Owner{TeamID: e.teamB.ID}, monday.Add(time.Hour))
		late := e.due("Late", task.Owner{UserID: e.worker.ID}, monday.Add(-time.Hour))
		list := func(u *auth.User, q task.Query) []string {
			t.Helper()
			got, err := e.svc.List(as(u), u, q)
			if err != nil {
				t.Fatalf("%+v: %v", q, err)
			}
			return titles(got)
		}
		same(t, "me, open", list(e.worker, task.Query{}), "Late", "Team A's", "Mine")
		same(t, "me, overdue", list(e.worker, task.Query{Assignee: "me", State: "overdue"}), "Late")
		// A team's work is its own tasks and its members'.
		same(t, "team A", list(e.colleague, task.Query{Assignee: "team:" + e.teamA.ID}), "Late", "Team A's", "Mine")
		same(t, "all the manager's teams", list(e.manager, task.Query{Assignee: "teams"}), "Late", "Team A's", "Mine")
		same(t, "all the teams of a lead in none", list(e.lead, task.Query{Assignee: "teams"}))
		same(t, "team B by a lead", list(e.lead, task.Query{Assignee: "team:" + e.teamB.ID}), "Team B's")
		same(t, "limit", list(e.worker, task.Query{Limit: 1}), "Late")
		for _, tc := range []struct {
			u *auth.User
			q string
		}{
			{e.worker, "team:" + e.teamB.ID}, {e.analyst, "team:" + e.teamB.ID}, {e.southManager, "team:" + e.teamA.ID},
			{e.worker, "team:" + db.NewID()},
		} {
			_, err := e.svc.List(as(tc.u), tc.u, task.Query{Assignee: tc.q})
			wantKind(t, err, errs.Forbidden)
		}
		_, err := e.svc.List(as(e.worker), e.worker, task.Query{Assignee: "everyone", State: "late"})
		if f := errs.Fields(err); len(f) != 2 || f[0].Field != "assignee" || f[1].Field != "state" {
			t.Fatalf("bad query: %v", f)
		}
		e.Clock.Add(time.Hour)
		if _, err := e.svc.Complete(as(e.worker), mine.ID); err != nil {
			t.Fatal(err)
		}
		e.Clock.Add(time.Hour)
		if _, err := e.svc.Complete(as(e.worker), late.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Cancel(as(e.manager), teamA.ID, "Not needed after all"); err != nil {
			t.Fatal(err)
		}
		same(t, "done, latest first", list(e.worker, task.Query{State: "done"}), "Late", "Mine")
		same(t, "cancelled", list(e.colleague, task.Query{State: task.Cancelled}), "Team A's")
		same(t, "team A's done", list(e.manager, task.Query{Assignee: "team:" + e.teamA.ID, State: "done"}), "Late", "Mine")
		same(t, "open after", list(e.worker, task.Query{}))
		if n := e.Count("SELECT COUNT(*) FROM audit_events WHERE record_type = 'task-list' AND actor_id = $1", e.worker.ID); n != 5 {
			t.Fatalf("%d list views recorded for the worker, want 5", n)
		}
		e.Verify()
	})
}
