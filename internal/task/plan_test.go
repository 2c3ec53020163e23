package task_test

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/task"
)

// TestListsReadAnIndexInOrder: a page of a team's thousands of open tasks,
// and their count, are read from an index in the list's order, never by
// reading or sorting all the team's open tasks (EXPLAIN QUERY PLAN on
// SQLite, EXPLAIN on PostgreSQL after ANALYZE).
func TestListsReadAnIndexInOrder(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, utc(2026, 12, 2, 11, 30))
		ins := make([]task.NewTask, 3000)
		for i := range ins {
			ins[i] = e.newTask(fmt.Sprintf("Return interview %d", i))
			ins[i].Owner = task.Owner{TeamID: e.teamA.ID}
			ins[i].DueAt = e.Clock.Now().Add(time.Duration(i-1500) * time.Minute)
		}
		ctx := as(e.lead)
		if err := d.Tx(ctx, func(tx *sql.Tx) error {
			_, err := e.svc.CreateManyTx(ctx, tx, ins)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Write().ExecContext(ctx, "ANALYZE"); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name         string
			users, teams []string
			state        string
			after, count bool
		}{
			{"a team's first page", nil, []string{e.teamA.ID}, task.Open, false, false},
			{"a team's next page", nil, []string{e.teamA.ID}, task.Open, true, false},
			{"my work", []string{e.worker.ID}, []string{e.teamA.ID}, task.Open, true, false},
			{"a team's done tasks", []string{e.worker.ID}, []string{e.teamA.ID}, task.Done, true, false},
			{"a team's cancelled tasks", nil, []string{e.teamA.ID}, task.Cancelled, true, false},
			{"the count", []string{e.worker.ID}, []string{e.teamA.ID}, task.Open, false, true},
		} {
			plan, err := task.ExplainList(ctx, d, c.users, c.teams, c.state, c.after, c.count)
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(plan, "\n")
			owners := len(c.users) + len(c.teams)
			if d.Dialect == db.SQLite {
				searches := strings.Count(text, "SEARCH t USING INDEX tasks_owner_") + strings.Count(text, "SEARCH t USING COVERING INDEX tasks_owner_")
				if searches != owners || strings.Contains(text, "SCAN t") {
					t.Errorf("%s: each owner's tasks are not read from its index:\n%s", c.name, text)
				}
				// A sort only of each owner's page, as the pages are merged.
				for i, line := range plan {
					if strings.Contains(line, "TEMP B-TREE") && (owners == 1 || i == 0 || !strings.HasPrefix(plan[i-1], "SCAN a")) {
						t.Errorf("%s: sorts the tasks read:\n%s", c.name, text)
					}
				}
				continue
			}
			if c.count {
				// Each owner's count stops at its limit, whichever way
				// PostgreSQL reads it (all this table's tasks are the
				// team's, so reading the table is as cheap).
				if strings.Count(text, "Limit") < owners {
					t.Errorf("%s: an owner's count is not bounded:\n%s", c.name, text)
				}
				continue
			}
			if strings.Contains(text, "Seq Scan") || strings.Count(text, "Index") < owners || !strings.Contains(text, "tasks_") {
				t.Errorf("%s: each owner's tasks are not read from its index:\n%s", c.name, text)
			}
			if owners == 1 && strings.Contains(text, "Sort") {
				t.Errorf("%s: sorts the tasks read:\n%s", c.name, text)
			}
		}
	})
}
