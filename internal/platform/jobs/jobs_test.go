package jobs_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/platform/jobs"
	"mace/internal/platform/testclock"
)

// The tests' own table stands for the rows an import writes.
var migrations = slices.Concat(jobs.Migrations, []db.Migration{{ID: "20261207_99_job_test_rows",
	SQL: `CREATE TABLE job_test_rows (job_id TEXT NOT NULL, holder TEXT NOT NULL)`}})

var start = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

const lease = time.Minute

func newRunner(d *db.DB, c *testclock.Clock, name string) *jobs.Runner {
	return &jobs.Runner{DB: d, Now: c.Now, Name: name, Poll: 5 * time.Millisecond, Lease: lease,
		Heartbeat: 10 * time.Millisecond, ProgressEvery: 5 * time.Millisecond, Grace: 5 * time.Second}
}

// run runs r until the test ends or the stop it returns is called, which
// waits for Run to return.
func run(t *testing.T, r *jobs.Runner) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.Run(ctx)
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			<-done
		})
	}
	t.Cleanup(stop)
	return stop
}

func enqueue(t *testing.T, d *db.DB, kind, recordID string, now time.Time) jobs.Job {
	t.Helper()
	var j jobs.Job
	err := d.Tx(context.Background(), func(tx *sql.Tx) (err error) {
		j, err = jobs.Enqueue(context.Background(), tx, kind, recordID, now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func get(t *testing.T, d *db.DB, id string) jobs.Job {
	t.Helper()
	j, err := jobs.Get(context.Background(), d.Read(), id)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// waitFor polls until ok holds, failing the test after ten seconds.
func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !ok(); time.Sleep(5 * time.Millisecond) { // timing
		if time.Now().After(deadline) { // timing
			t.Fatalf("timed out waiting until %s", what)
		}
	}
}

// gate holds a handler until it is opened (at the latest when the test
// ends, so that the runners can stop).
type gate struct {
	C    chan struct{}
	once sync.Once
}

func newGate() *gate { return &gate{C: make(chan struct{})} }

func (g *gate) Open() { g.once.Do(func() { close(g.C) }) }

func waitState(t *testing.T, d *db.DB, id string, state jobs.State, attempts int) jobs.Job {
	t.Helper()
	var j jobs.Job
	waitFor(t, "the job is "+string(state), func() bool {
		j = get(t, d, id)
		return j.State == state && j.Attempts == attempts
	})
	return j
}

func leaseOf(t *testing.T, d *db.DB, id string) (holder, until string) {
	t.Helper()
	var h, u sql.NullString
	if err := d.Read().QueryRowContext(context.Background(), `SELECT lease_holder, lease_until FROM jobs WHERE id = $1`, id).Scan(&h, &u); err != nil {
		t.Fatal(err)
	}
	return h.String, u.String
}

// writeRow writes the job's work, a row, and records the job done in one
// transaction, as an import's commit does.
func writeRow(ctx context.Context, d *db.DB, run *jobs.Run, holder string) error {
	return d.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO job_test_rows (job_id, holder) VALUES ($1, $2)`, run.Job.ID, holder); err != nil {
			return err
		}
		return run.FinishTx(ctx, tx)
	})
}

func rows(t *testing.T, d *db.DB, id string) []string {
	t.Helper()
	rs, err := d.Read().QueryContext(context.Background(), `SELECT holder FROM job_test_rows WHERE job_id = $1`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var out []string
	for rs.Next() {
		var h string
		if err := rs.Scan(&h); err != nil {
			t.Fatal(err)
		}
		out = append(out, h)
	}
	return out
}

func TestEnqueueOncePerRecord(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := testclock.New(start)
		a := enqueue(t, d, "check", "rec1", c.Now())
		if a.State != jobs.Queued || a.Kind != "check" || a.RecordID != "rec1" || !a.CreatedAt.Equal(start) || a.Attempts != 0 {
			t.Fatalf("enqueued %+v", a)
		}
		if again := enqueue(t, d, "check", "rec1", c.Now()); again.ID != a.ID {
			t.Errorf("a second Enqueue made job %s beside %s", again.ID, a.ID)
		}
		if other := enqueue(t, d, "commit", "rec1", c.Now()); other.ID == a.ID {
			t.Errorf("another kind of job for the record is the same job")
		}
		// Two servers enqueueing at once get one job.
		var wg sync.WaitGroup
		ids := make([]string, 4)
		for i := range ids {
			wg.Go(func() {
				err := d.Tx(ctx, func(tx *sql.Tx) error {
					j, err := jobs.Enqueue(ctx, tx, "check", "rec2", c.Now())
					ids[i] = j.ID
					return err
				})
				if err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if ids[0] == "" || slices.ContainsFunc(ids, func(id string) bool { return id != ids[0] }) {
			t.Errorf("concurrent Enqueue made jobs %v", ids)
		}

		// Once the job is finished, asking again makes a new one, and
		// ForRecord reads the unfinished one, else the latest.
		r := newRunner(d, c, "a")
		r.Handle("check", func(ctx context.Context, run *jobs.Run) error { return nil })
		stop := run(t, r)
		waitState(t, d, a.ID, jobs.Done, 1)
		stop()
		if j, err := jobs.ForRecord(ctx, d.Read(), "check", "rec1"); err != nil || j.ID != a.ID || j.State != jobs.Done {
			t.Errorf("ForRecord = %+v, %v, want the finished job", j, err)
		}
		c.Add(time.Second)
		b := enqueue(t, d, "check", "rec1", c.Now())
		if b.ID == a.ID || b.State != jobs.Queued {
			t.Errorf("Enqueue after the job finished gave %+v", b)
		}
		if j, err := jobs.ForRecord(ctx, d.Read(), "check", "rec1"); err != nil || j.ID != b.ID {
			t.Errorf("ForRecord = %+v, %v, want the unfinished job %s", j, err, b.ID)
		}
		if _, err := jobs.ForRecord(ctx, d.Read(), "check", "nothing"); !errs.Is(err, errs.NotFound) {
			t.Errorf("ForRecord of a record without jobs: %v", err)
		}
		if _, err := jobs.Get(ctx, d.Read(), db.NewID()); !errors.Is(err, jobs.ErrNoJob) {
			t.Errorf("Get of no job: %v", err)
		}
		if _, err := jobs.Get(ctx, d.Read(), "not an id"); !errors.Is(err, jobs.ErrNoJob) {
			t.Errorf("Get of a malformed id: %v", err)
		}
	})
}

func TestTwoRunnersRunEachJobOnce(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		c := testclock.New(start)
		var mu sync.Mutex
		ran := map[string][]string{}
		handler := func(name string) jobs.Handler {
			return func(ctx context.Context, run *jobs.Run) error {
				mu.Lock()
				ran[run.Job.ID] = append(ran[run.Job.ID], name)
				mu.Unlock()
				time.Sleep(time.Millisecond) // let the other runner try to claim it
				return writeRow(ctx, d, run, name)
			}
		}
		var ids []string
		for i := range 20 {
			ids = append(ids, enqueue(t, d, "check", "rec"+string(rune('a'+i)), c.Now()).ID)
		}
		for _, name := range []string{"a", "b"} {
			r := newRunner(d, c, name)
			r.Handle("check", handler(name))
			run(t, r)
		}
		for _, id := range ids {
			waitState(t, d, id, jobs.Done, 1)
		}
		mu.Lock()
		defer mu.Unlock()
		for _, id := range ids {
			if len(ran[id]) != 1 || len(rows(t, d, id)) != 1 {
				t.Errorf("job %s ran on %v and wrote %v", id, ran[id], rows(t, d, id))
			}
		}
	})
}

func TestProgressReadByAnotherServer(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := testclock.New(start)
		release := newGate()
		a := newRunner(d, c, "a")
		a.Handle("check", func(ctx context.Context, run *jobs.Run) error {
			for i := range 4 {
				run.Progress(i, 10) // reported faster than written
			}
			run.Progress(3, 10)
			<-release.C
			run.Progress(10, 10)
			return nil
		})
		run(t, a)
		t.Cleanup(release.Open)
		j := enqueue(t, d, "check", "rec1", c.Now())
		a.Kick()
		waitState(t, d, j.ID, jobs.Running, 1)
		// The other server has the same handler but the job is a's.
		b := newRunner(d, c, "b")
		b.Handle("check", func(ctx context.Context, run *jobs.Run) error { t.Error("b ran a's job"); return nil })
		run(t, b)
		waitFor(t, "b sees a's progress", func() bool {
			got, err := jobs.ForRecord(ctx, d.Read(), "check", "rec1")
			if err != nil {
				t.Fatal(err)
			}
			return got.State == jobs.Running && got.Done == 3 && got.Total == 10
		})
		if got, err := b.Wait(ctx, j.ID, 20*time.Millisecond); err != nil || got.State != jobs.Running || got.Finished() {
			t.Errorf("Wait before the job ended = %+v, %v", got, err)
		}
		release.Open()
		got, err := b.Wait(ctx, j.ID, 10*time.Second)
		if err != nil || got.State != jobs.Done || got.Done != 10 || got.Total != 10 || !got.FinishedAt.Equal(start) || !got.StartedAt.Equal(start) {
			t.Errorf("Wait = %+v, %v, want done with 10 of 10", got, err)
		}
	})
}

func TestKickStartsAJobAtOnce(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		c := testclock.New(start)
		r := newRunner(d, c, "a")
		r.Poll = time.Hour
		r.Handle("check", func(ctx context.Context, run *jobs.Run) error { return nil })
		run(t, r)
		time.Sleep(20 * time.Millisecond) // the first look for jobs is over
		j := enqueue(t, d, "check", "rec1", c.Now())
		r.Kick()
		if got, err := r.Wait(context.Background(), j.ID, 10*time.Second); err != nil || got.State != jobs.Done {
			t.Errorf("after Kick the job is %+v, %v", got, err)
		}
	})
}

func TestShutdownWaitsForTheRunningJob(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		c := testclock.New(start)
		started, release := make(chan struct{}), newGate()
		r := newRunner(d, c, "a")
		r.Handle("commit", func(ctx context.Context, run *jobs.Run) error {
			close(started)
			<-release.C
			return writeRow(ctx, d, run, "a")
		})
		stop := run(t, r)
		t.Cleanup(release.Open)
		j := enqueue(t, d, "commit", "rec1", c.Now())
		r.Kick()
		<-started
		stopped := make(chan struct{})
		go func() {
			stop()
			close(stopped)
		}()
		select {
		case <-stopped:
			t.Fatal("Run returned with its job running")
		case <-time.After(20 * time.Millisecond):
		}
		release.Open()
		<-stopped
		if got := get(t, d, j.ID); got.State != jobs.Done || len(rows(t, d, j.ID)) != 1 {
			t.Errorf("after the shutdown the job is %+v with rows %v", got, rows(t, d, j.ID))
		}
	})
}

func TestShutdownHandsTheJobBack(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		c := testclock.New(start)
		started := make(chan struct{})
		a := newRunner(d, c, "a")
		a.Grace = 10 * time.Millisecond
		a.Handle("check", func(ctx context.Context, run *jobs.Run) error {
			run.Progress(2, 10)
			close(started)
			<-ctx.Done()
			return ctx.Err()
		})
		stopA := run(t, a)
		j := enqueue(t, d, "check", "rec1", c.Now())
		a.Kick()
		<-started
		stopA()
		got := get(t, d, j.ID)
		if holder, until := leaseOf(t, d, j.ID); got.State != jobs.Queued || got.Attempts != 0 || until != "" || holder != "a" {
			t.Fatalf("handed back the job is %+v, lease %q until %q", got, holder, until)
		}
		b := newRunner(d, c, "b")
		b.Handle("check", func(ctx context.Context, run *jobs.Run) error {
			if run.Job.Done != 2 || run.Job.Total != 10 {
				t.Errorf("b claimed the job with progress %d of %d", run.Job.Done, run.Job.Total)
			}
			return writeRow(ctx, d, run, "b")
		})
		run(t, b)
		waitState(t, d, j.ID, jobs.Done, 1)
		if got := rows(t, d, j.ID); !slices.Equal(got, []string{"b"}) {
			t.Errorf("rows written: %v", got)
		}
	})
}

func TestAJobLeftByADeadServerIsFinishedByAnother(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		c := testclock.New(start)
		started, release := make(chan struct{}), newGate()
		lost := make(chan error, 1)
		// a stops renewing its lease, as a server killed mid-job does,
		// and (with its one worker busy) claims nothing more; then, in
		// this test, it wakes up and tries to commit.
		a := newRunner(d, c, "a")
		a.Heartbeat, a.Workers = time.Hour, 1
		a.Handle("commit", func(ctx context.Context, run *jobs.Run) error {
			close(started)
			<-release.C
			err := writeRow(ctx, d, run, "a")
			lost <- err
			return err
		})
		run(t, a)
		t.Cleanup(release.Open)
		j := enqueue(t, d, "commit", "rec1", c.Now())
		a.Kick()
		<-started
		b := newRunner(d, c, "b")
		b.Handle("commit", func(ctx context.Context, run *jobs.Run) error {
			run.Progress(5, 5)
			return writeRow(ctx, d, run, "b")
		})
		run(t, b)
		time.Sleep(30 * time.Millisecond) // b polls a few times
		if holder, _ := leaseOf(t, d, j.ID); holder != "a" || get(t, d, j.ID).Attempts != 1 {
			t.Fatalf("b took the job while a's lease held: holder %q", holder)
		}
		c.Add(lease + time.Second)
		got := waitState(t, d, j.ID, jobs.Done, 2)
		if got.Done != 5 || got.Total != 5 {
			t.Errorf("b finished with progress %d of %d", got.Done, got.Total)
		}
		release.Open()
		if err := <-lost; !errors.Is(err, jobs.ErrLeaseLost) {
			t.Errorf("a's commit after b's: %v, want ErrLeaseLost", err)
		}
		if got := rows(t, d, j.ID); !slices.Equal(got, []string{"b"}) {
			t.Errorf("rows written: %v, want b's alone", got)
		}
		if holder, _ := leaseOf(t, d, j.ID); holder != "b" || get(t, d, j.ID).State != jobs.Done {
			t.Errorf("the job is %+v held by %q", get(t, d, j.ID), holder)
		}
	})
}

func TestTheHeartbeatKeepsTheLease(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		c := testclock.New(start)
		started, release := make(chan struct{}), newGate()
		a := newRunner(d, c, "a")
		a.Handle("check", func(ctx context.Context, run *jobs.Run) error {
			close(started)
			<-release.C
			return nil
		})
		run(t, a)
		t.Cleanup(release.Open)
		j := enqueue(t, d, "check", "rec1", c.Now())
		a.Kick()
		<-started
		b := newRunner(d, c, "b")
		b.Handle("check", func(ctx context.Context, run *jobs.Run) error { t.Error("b ran a's job"); return nil })
		run(t, b)
		for range 3 {
			c.Add(lease * 3 / 4)
			want := db.Time(c.Now().Add(lease / 2)).(string)
			waitFor(t, "a renews its lease", func() bool {
				_, until := leaseOf(t, d, j.ID)
				return until > want
			})
		}
		release.Open()
		waitState(t, d, j.ID, jobs.Done, 1)
	})
}

func TestErrorsAreTriedAgainThenFail(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		c := testclock.New(start)
		r := newRunner(d, c, "a")
		r.Handle("internal", func(ctx context.Context, run *jobs.Run) error {
			return errors.New("connection refused to 10.0.0.1")
		})
		r.Handle("conflict", func(ctx context.Context, run *jobs.Run) error {
			return errs.E(errs.Conflict, "This file has already been imported")
		})
		run(t, r)
		j := enqueue(t, d, "internal", "rec1", c.Now())
		k := enqueue(t, d, "conflict", "rec1", c.Now())
		r.Kick()
		// An error of the caller's making fails the job at once.
		got := waitState(t, d, k.ID, jobs.Failed, 1)
		if got.Error != "This file has already been imported" || !got.FinishedAt.Equal(start) {
			t.Errorf("the conflict left %+v", got)
		}
		// An internal error is tried again later, MaxAttempts times.
		for n := 1; n < jobs.DefaultMaxAttempts; n++ {
			waitState(t, d, j.ID, jobs.Queued, n)
			time.Sleep(20 * time.Millisecond) // not tried again before it is due
			if got := get(t, d, j.ID); got.Attempts != n || got.Error != "" {
				t.Fatalf("tried again at once: %+v", got)
			}
			c.Add(time.Hour)
			r.Kick()
		}
		got = waitState(t, d, j.ID, jobs.Failed, jobs.DefaultMaxAttempts)
		if got.Error != errs.Public(errors.New("")) || !got.FinishedAt.Equal(c.Now()) {
			t.Errorf("after %d attempts the job is %+v", jobs.DefaultMaxAttempts, got)
		}
	})
}

func TestAPanicFailsTheJobNotTheServer(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		c := testclock.New(start)
		r := newRunner(d, c, "a")
		r.Workers = 1
		r.Handle("panics", func(ctx context.Context, run *jobs.Run) error { panic("index out of range") })
		r.Handle("works", func(ctx context.Context, run *jobs.Run) error { return nil })
		run(t, r)
		p := enqueue(t, d, "panics", "rec1", c.Now())
		r.Kick()
		got := waitState(t, d, p.ID, jobs.Failed, 1)
		if got.Error != errs.Public(errors.New("")) {
			t.Errorf("the panic's job says %q", got.Error)
		}
		w := enqueue(t, d, "works", "rec1", c.Now())
		r.Kick()
		waitState(t, d, w.ID, jobs.Done, 1)
	})
}

func TestAJobWhoseServerDiesEveryTimeFails(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		c := testclock.New(start)
		started, release := make(chan struct{}), newGate()
		defer release.Open()
		a := newRunner(d, c, "a")
		a.MaxAttempts, a.Heartbeat, a.Workers = 1, time.Hour, 1
		a.Handle("check", func(ctx context.Context, run *jobs.Run) error {
			close(started)
			<-release.C
			return nil
		})
		run(t, a)
		t.Cleanup(release.Open)
		j := enqueue(t, d, "check", "rec1", c.Now())
		a.Kick()
		<-started
		b := newRunner(d, c, "b")
		b.MaxAttempts = 1
		b.Handle("check", func(ctx context.Context, run *jobs.Run) error { t.Error("b ran the job again"); return nil })
		run(t, b)
		c.Add(lease + time.Second)
		got := waitState(t, d, j.ID, jobs.Failed, 2)
		if got.Error == "" {
			t.Errorf("the job failed without a message")
		}
	})
}

func TestOldJobsAreDeleted(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		c := testclock.New(start)
		r := newRunner(d, c, "a")
		r.Handle("check", func(ctx context.Context, run *jobs.Run) error { return nil })
		stop := run(t, r)
		j := enqueue(t, d, "check", "rec1", c.Now())
		r.Kick()
		waitState(t, d, j.ID, jobs.Done, 1)
		stop()
		c.Add(jobs.Retain + time.Hour)
		r2 := newRunner(d, c, "a")
		r2.Handle("check", func(ctx context.Context, run *jobs.Run) error { return nil })
		run(t, r2)
		waitFor(t, "the old job is deleted", func() bool {
			_, err := jobs.Get(context.Background(), d.Read(), j.ID)
			return errors.Is(err, jobs.ErrNoJob)
		})
	})
}
