package bench

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/task"
)

// benchTasks is how many open tasks one team has: a police force's bulk
// import makes a return interview task for each missing episode.
const benchTasks = 150_000

// taskUser lists the tasks: a practitioner in the team that has them.
const taskUser = "practitioner@northfield.example"

type taskFixture struct {
	*fixture
	tasks *task.Service
	ctx   context.Context // signed in as taskUser
	user  *auth.User
	err   error
}

var (
	taskFixturesMu sync.Mutex
	taskFixtures   = map[string]*taskFixture{}
)

// withTasks is the fixture of dialect with benchTasks open tasks of
// taskUser's team, each about one of the records, due a minute apart.
func withTasks(b *testing.B, dialect string) *taskFixture {
	b.Helper()
	f := seeded(b, dialect, 200)
	taskFixturesMu.Lock()
	defer taskFixturesMu.Unlock()
	tf, ok := taskFixtures[dialect]
	if !ok {
		tf = &taskFixture{fixture: f}
		tf.err = tf.seedTasks()
		taskFixtures[dialect] = tf
	}
	if tf.err != nil {
		b.Fatal(tf.err)
	}
	return tf
}

func (tf *taskFixture) seedTasks() error {
	ctx := context.Background()
	now := benchClock()
	tf.tasks = &task.Service{DB: tf.db, Audit: audit.New(now), Directory: tf.auth, Now: now}
	u, err := tf.auth.UserByEmail(ctx, taskUser)
	if err != nil {
		return err
	}
	if len(u.TeamIDs) == 0 {
		return fmt.Errorf("%s is in no team", taskUser)
	}
	tf.user, tf.ctx = u, audit.WithAddress(auth.WithUser(ctx, u), "127.0.0.1")
	start := time.Now() // timing
	const perTx = 5000
	for from := 0; from < benchTasks; from += perTx {
		ins := make([]task.NewTask, 0, perTx)
		for i := from; i < from+perTx && i < benchTasks; i++ {
			person := tf.ids[i%len(tf.ids)]
			ins = append(ins, task.NewTask{Kind: "return-interview", Title: "Return interview after a missing episode",
				RecordType: "person", RecordID: person, PersonID: person, Owner: task.Owner{TeamID: u.TeamIDs[0]},
				OrganisationID: u.Organisation.ID, DueAt: benchStart.Add(time.Duration(i-benchTasks/2) * time.Minute)})
		}
		if err := tf.db.Tx(tf.ctx, func(tx *sql.Tx) error {
			_, err := tf.tasks.CreateManyTx(tf.ctx, tx, ins)
			return err
		}); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "bench: made %d tasks on %s in %s\n", benchTasks, tf.db.Describe(), time.Since(start).Round(time.Millisecond)) // timing
	return nil
}

// oldList is the list GET /api/v1/tasks?assignee=me answered before it
// was paged: up to 500 of the user's and their teams' open tasks in due
// order, one condition on all the owners, so every open task of the team
// was read and sorted on every call. (The query alone: the request also
// read each task's person and wrote the view to the audit trail.)
func (tf *taskFixture) oldList(ctx context.Context) ([]task.Task, error) {
	args := []any{tf.user.ID}
	teams := ""
	for i, id := range tf.user.TeamIDs {
		args = append(args, id)
		if i > 0 {
			teams += ", "
		}
		teams += fmt.Sprintf("$%d", i+2)
	}
	rows, err := tf.db.Read().QueryContext(ctx, `SELECT t.id, t.kind, t.title, t.record_type, t.record_id,
		COALESCE(t.person_id, ''), COALESCE(t.owner_user_id, ''), COALESCE(t.owner_team_id, ''), t.organisation_id, t.due_at,
		t.state, t.created_at, t.created_by
		FROM tasks t WHERE (t.owner_user_id IN ($1) OR t.owner_team_id IN (`+teams+`)) AND t.state = 'open'
		ORDER BY t.due_at, t.id LIMIT 500`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []task.Task
	for rows.Next() {
		var t task.Task
		var due, created string
		if err := rows.Scan(&t.ID, &t.Kind, &t.Title, &t.RecordType, &t.RecordID, &t.PersonID, &t.OwnerUserID, &t.OwnerTeamID,
			&t.OrganisationID, &due, &t.State, &created, &t.CreatedBy); err != nil {
			return nil, err
		}
		t.DueAt, _ = time.Parse(time.RFC3339Nano, due)
		t.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
		out = append(out, t)
	}
	return out, rows.Err()
}

// BenchmarkTaskList compares, for a team with 150,000 open tasks, the old
// full list (the query and its JSON) with the first page of the list as
// GET /api/v1/tasks now answers it (the page, its people's records read for
// the titles, the view on the audit trail, and its JSON). It reports the
// bytes of JSON a request.
func BenchmarkTaskList(b *testing.B) {
	for _, dialect := range dialects {
		b.Run(dialect+"/old-full-list", func(b *testing.B) {
			tf := withTasks(b, dialect)
			var size int
			for b.Loop() {
				ts, err := tf.oldList(tf.ctx)
				if err != nil {
					b.Fatal(err)
				}
				j, _ := json.Marshal(map[string]any{"assignee": "me", "state": "open", "tasks": ts})
				size = len(j)
			}
			b.ReportMetric(float64(size), "bytes/response")
		})
		b.Run(dialect+"/first-page", func(b *testing.B) {
			tf := withTasks(b, dialect)
			var size int
			for b.Loop() {
				p, err := tf.tasks.Page(tf.ctx, tf.user, task.Query{})
				if err != nil {
					b.Fatal(err)
				}
				j, _ := json.Marshal(map[string]any{"assignee": "me", "state": "open", "tasks": p.Tasks, "limit": p.Limit,
					"next_cursor": p.Next})
				size = len(j)
			}
			b.ReportMetric(float64(size), "bytes/response")
		})
	}
}

// BenchmarkLookupBehindLists times a short read through the read pool (a
// user looked up by email, as a session or token lookup reads its user)
// while 8 goroutines list the team's tasks without pause, the old way or
// the new, with the read pool at 4 connections (what two CPUs gave) and at
// the size it has now.
func BenchmarkLookupBehindLists(b *testing.B) {
	for _, dialect := range dialects {
		for _, list := range []string{"old-full-list", "first-page"} {
			for _, pool := range []int{4, 0} {
				name := fmt.Sprintf("%s/%s/pool=%d", dialect, list, pool)
				if pool == 0 {
					name = fmt.Sprintf("%s/%s/pool=now", dialect, list)
				}
				b.Run(name, func(b *testing.B) {
					tf := withTasks(b, dialect)
					if pool > 0 {
						r, ok := tf.db.Read().(*sql.DB)
						if !ok {
							b.Skip("the read pool is not a *sql.DB")
						}
						before := r.Stats().MaxOpenConnections
						r.SetMaxOpenConns(pool)
						defer r.SetMaxOpenConns(before)
					}
					ctx, stop := context.WithCancel(tf.ctx)
					var wg sync.WaitGroup
					for range 8 {
						wg.Go(func() {
							for ctx.Err() == nil {
								if list == "old-full-list" {
									_, _ = tf.oldList(ctx)
								} else {
									_, _ = tf.tasks.Page(ctx, tf.user, task.Query{})
								}
							}
						})
					}
					time.Sleep(50 * time.Millisecond) // timing
					for b.Loop() {
						if _, err := tf.auth.UserByEmail(tf.ctx, benchUser); err != nil {
							b.Fatal(err)
						}
					}
					b.StopTimer()
					stop()
					wg.Wait()
				})
			}
		}
	}
}
