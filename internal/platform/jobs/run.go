package jobs

// One run of a job by this server: its claim, the lease kept while the
// handler works, the progress it reports, and how the run ends (done in the
// handler's transaction, failed, or handed back for any server).

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"mace/internal/platform/db"
)

// Run is one run of a job by this server, for its handler.
type Run struct {
	// Job is the job as claimed: Attempts counts this run.
	Job Job

	r      *Runner
	token  string
	cancel context.CancelFunc

	mu          sync.Mutex
	done, total int
	dirty       atomic.Bool
	lost        atomic.Bool
	finishing   atomic.Bool
}

// Progress reports how far the job has got: done of total. It never waits
// on the database (the progress is written in the background, at most
// every ProgressEvery), so it may be called often, and from inside a
// transaction.
func (c *Run) Progress(done, total int) {
	c.mu.Lock()
	c.done, c.total = done, total
	c.mu.Unlock()
	c.dirty.Store(true)
}

func (c *Run) progress() (int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.done, c.total
}

// FinishTx records the job done inside tx, the transaction that makes the
// job's work visible, so that the work and its being done commit together.
// It returns ErrLeaseLost, and tx must roll back, when this server no
// longer holds the job.
func (c *Run) FinishTx(ctx context.Context, tx *sql.Tx) error {
	done, total := c.progress()
	res, err := tx.ExecContext(ctx, `UPDATE jobs SET state = $1, progress_done = $2, progress_total = $3, finished_at = $4,
		lease_until = NULL, lease_token = NULL
		WHERE id = $5 AND lease_token = $6 AND state = $7`,
		string(Done), done, total, db.Time(c.r.now()), c.Job.ID, c.token, string(Running))
	if err != nil {
		return fmt.Errorf("jobs: recording a job done: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		return ErrLeaseLost
	}
	c.finishing.Store(true)
	return nil
}

// write updates the job's row with the progress reported and set (an
// assignment list using $3 onwards, or empty), provided this server still
// holds the job, and returns how many rows it changed (0 or 1).
func (c *Run) write(set string, args ...any) (int64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), db.TxTimeout)
	defer cancel()
	c.dirty.Store(false)
	done, total := c.progress()
	if set != "" {
		set = ", " + set
	}
	n := len(args)
	args = append([]any{done, total}, args...)
	args = append(args, c.Job.ID, c.token, string(Running))
	res, err := c.r.DB.Write().ExecContext(ctx, fmt.Sprintf(`UPDATE jobs SET progress_done = $1, progress_total = $2%s
		WHERE id = $%d AND lease_token = $%d AND state = $%d`, set, n+3, n+4, n+5), args...)
	if err != nil {
		return 0, fmt.Errorf("jobs: updating a job: %w", err)
	}
	return res.RowsAffected()
}

// claim takes the lease on job id, unless it is finished, not yet due or
// leased to another server whose lease has not run out. The condition is
// checked by the UPDATE itself, so of two servers claiming at once exactly
// one succeeds (PostgreSQL re-checks the row once the other's update
// commits; SQLite has one writer). It returns nil when the job was not
// claimed.
func (r *Runner) claim(ctx context.Context, id string) (*Run, error) {
	// A claim is not broken off part-way by a shutdown.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), db.TxTimeout)
	defer cancel()
	now := r.now()
	c := &Run{r: r, token: db.NewID()}
	res, err := r.DB.Write().ExecContext(ctx, `UPDATE jobs SET state = $1, lease_token = $2, lease_holder = $3, lease_until = $4,
		attempts = attempts + 1, started_at = $5
		WHERE id = $6 AND ((state = $7 AND due_at <= $5) OR (state = $1 AND lease_until < $5))`,
		string(Running), c.token, r.name(), db.Time(now.Add(r.lease())), db.Time(now), id, string(Queued))
	if err != nil {
		return nil, fmt.Errorf("jobs: claiming a job: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return nil, err
	}
	c.Job, err = scan(r.DB.Write().QueryRowContext(ctx, `SELECT `+columns+` FROM jobs WHERE id = $1 AND lease_token = $2`, id, c.token))
	if errors.Is(err, ErrNoJob) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	c.done, c.total = c.Job.Done, c.Job.Total
	return c, nil
}

func (r *Runner) fail(c *Run, message string) (int64, error) {
	return c.write(`state = $3, public_error = $4, finished_at = $5, lease_until = NULL, lease_token = NULL`,
		string(Failed), message, db.Time(r.now()))
}

// handBack makes a job queued again, due now, for any server; the run
// handed back does not count as an attempt.
func (r *Runner) handBack(c *Run) (int64, error) {
	return c.write(`state = $3, due_at = $4, attempts = attempts - 1, lease_until = NULL, lease_token = NULL`,
		string(Queued), db.Time(r.now()))
}

// keep renews the job's lease every Heartbeat and writes the progress
// reported at most every ProgressEvery, until stop is closed. When the job
// turns out to be held by another server it ends the handler's context.
func (r *Runner) keep(c *Run, stop <-chan struct{}) {
	renew := time.NewTicker(r.heartbeat())
	defer renew.Stop()
	progress := time.NewTicker(orDefault(r.ProgressEvery, DefaultProgressEvery))
	defer progress.Stop()
	for {
		var (
			n   int64
			err error
		)
		select {
		case <-stop:
			return
		case <-renew.C:
			n, err = c.write(`lease_until = $3`, db.Time(r.now().Add(r.lease())))
		case <-progress.C:
			if !c.dirty.Load() {
				continue
			}
			n, err = c.write(``)
		}
		switch {
		case err != nil:
			r.log().Warn("renewing a job's lease", "job_id", c.Job.ID, "err", err)
		case n == 0 && c.finishing.Load():
			return // recorded done in the handler's transaction
		case n == 0:
			c.lost.Store(true)
			c.cancel()
			return
		}
	}
}
