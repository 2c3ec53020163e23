package demo_test

import (
	"context"
	"io"
	"slices"
	"testing"
	"time"

	"mace/internal/demo"
	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/idem"
	"mace/internal/task"
)

// TestSeedGivesStaffTasks checks that the demo gives the staff work in
// every group of My work, and the school referrers none.
func TestSeedGivesStaffTasks(t *testing.T) {
	auth.Argon = auth.ArgonParams{Memory: 1024, Time: 1, Threads: 1}
	ms := slices.Concat(auth.Migrations, audit.Migrations, access.Migrations, idem.Migrations, people.Migrations, task.Migrations)
	dbtest.Each(t, ms, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		asOf := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC) // a Wednesday
		now := func() time.Time { return asOf }
		a := audit.New(now)
		au := auth.NewService(d, a, now)
		s := demo.Services{Auth: au, People: &people.Service{DB: d, Audit: a, Orgs: au, Now: now},
			Tasks: &task.Service{DB: d, Audit: a, Directory: au, Now: now}}
		if err := demo.Seed(ctx, s, 120, 1, asOf, io.Discard); err != nil {
			t.Fatal(err)
		}
		work := func(email string) task.MyWork {
			t.Helper()
			u, err := au.UserByEmail(ctx, email)
			if err != nil {
				t.Fatal(err)
			}
			w, err := s.Tasks.MyWork(auth.WithUser(ctx, u), u)
			if err != nil {
				t.Fatal(err)
			}
			return w
		}
		for _, email := range []string{"practitioner@northfield.example", "lead@northfield.example"} {
			if w := work(email); len(w.Overdue) == 0 || len(w.DueToday) == 0 || len(w.Later) == 0 {
				t.Errorf("%s: %d overdue, %d due today, %d later; want some of each", email, len(w.Overdue), len(w.DueToday), len(w.Later))
			}
		}
		for _, email := range []string{"screener@northfield.example", "manager@northfield.example", "practitioner@riverside.example",
			"officer@police.example", "missing-coordinator@northfield.example"} {
			if w := work(email); len(w.Overdue)+len(w.DueToday)+len(w.Later) == 0 {
				t.Errorf("%s has no demo tasks", email)
			}
		}
		if w := work("referrer@hollinsby-academy.example"); len(w.Overdue)+len(w.DueToday)+len(w.Later) != 0 {
			t.Errorf("a school referrer has demo tasks: %+v", w)
		}
		// Each task is about a record its owner's organisation may see.
		var n int
		if err := d.Read().QueryRowContext(ctx, `SELECT COUNT(*) FROM tasks t WHERE t.record_type = 'person' AND NOT EXISTS
			(SELECT 1 FROM people p WHERE p.id = t.record_id AND (p.owner_org_id = t.organisation_id OR EXISTS
			(SELECT 1 FROM record_organisations ro WHERE ro.record_type = 'person' AND ro.record_id = p.id AND ro.organisation_id = t.organisation_id)))`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d demo tasks are about records their organisation cannot see", n)
		}
	})
}
