// Package jobs runs background work that outlives the request that asked
// for it, on whichever server is free: a job is a row in the database,
// enqueued in the caller's transaction, claimed by one server's Runner
// with a lease, renewed while it runs and handed back on shutdown. Any
// server can report a job's state and progress, and a job left by a
// server that died is claimed again once its lease runs out.
//
// A job may therefore run more than once: after a server died part-way,
// after a shutdown handed it back, after an error. A handler must be safe
// to run again, and must never leave half its work visible. For an import
// of a file (the missing notifications' import is the model) that means:
//
//   - The preview writes nothing but the preview itself, in one short
//     transaction at the end, so it can simply run again from the start.
//     It must not overwrite an import already committed: its save checks
//     the import's state in the UPDATE itself.
//   - The commit writes every row in one transaction (as the missing
//     import's Commit does, under ImportTxTimeout) and, in that same
//     transaction, records the job done with Run.FinishTx. A server killed
//     during the commit leaves nothing written, its transaction rolled
//     back by the database, and the job running with a lease that runs
//     out: another server claims it and commits from the start. FinishTx
//     fails (ErrLeaseLost) when another server has claimed the job since,
//     so two servers can never both commit it; the import's own check of
//     its state inside the transaction ("already imported") is the second
//     guard.
//   - Were a commit ever split into batches, the batches must write rows
//     nobody reads until a last short transaction publishes them (sets the
//     import committed and calls FinishTx), and a batch run again must
//     replace what an earlier attempt wrote, not add to it.
//   - A job runs with no signed-in user: the handler puts the user who
//     asked for the work (the import's uploader, from its own record) in
//     the context with auth.WithUser before calling the service.
//   - Progress is reported with Run.Progress, which never waits on the
//     database: a commit may report from inside its transaction. On SQLite
//     the one writer is then busy, so the progress is seen, and the lease
//     renewed, only when the transaction ends: a runner whose jobs hold one
//     transaction longer than its Lease (an import's ImportTxTimeout) needs
//     a longer Lease there.
//   - A handler's context is cancelled when its server stops and the
//     grace period has passed, or when the lease was lost. A preview
//     stops then and runs again elsewhere. A commit whose statements run
//     with that context fails its next statement and its transaction
//     rolls back whole (db.Tx itself outlives the context, and a commit
//     that reaches FinishTx first commits): half a commit is never
//     written.
//
// Errors: a handler's error of a kind other than errs.Internal (a
// conflict, an invalid file) fails the job at once with its public
// message; an internal error is logged and tried again later, and fails
// the job with the service's apology after MaxAttempts; a panic fails the
// job at once and does not stop the server.
package jobs

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"time"

	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Migrations are this package's table: jobs.
var Migrations = db.MigrationsFrom(migrationFS, "migrations")

// State is where a job has got.
type State string

// The states of a job. Queued and Running are unfinished.
const (
	Queued  State = "queued"
	Running State = "running"
	Done    State = "done"
	Failed  State = "failed"
)

// Job is one piece of background work for one record, as any server sees
// it.
type Job struct {
	ID       string `json:"id"`
	Kind     string `json:"kind"`
	RecordID string `json:"record_id"`
	State    State  `json:"state"`
	// Done and Total are the progress the handler last reported (written
	// at most every ProgressEvery while it runs).
	Done  int `json:"done"`
	Total int `json:"total"`
	// Error is the public message of a failed job.
	Error string `json:"error,omitempty"`
	// Attempts counts the runs started (a run handed back at shutdown
	// does not count).
	Attempts  int       `json:"attempts"`
	CreatedAt time.Time `json:"created_at"`
	// StartedAt is when the latest run started.
	StartedAt  time.Time `json:"started_at,omitzero"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
}

// Finished reports whether the job is done or failed.
func (j Job) Finished() bool { return j.State == Done || j.State == Failed }

// ErrNoJob is the NotFound error of Get and ForRecord.
var ErrNoJob = errs.E(errs.NotFound, "There is no such job")

const columns = `id, kind, record_id, state, progress_done, progress_total, public_error, attempts, created_at, started_at, finished_at`

func scan(row interface{ Scan(...any) error }) (Job, error) {
	var j Job
	err := row.Scan(&j.ID, &j.Kind, &j.RecordID, &j.State, &j.Done, &j.Total, &j.Error, &j.Attempts,
		db.ScanTime(&j.CreatedAt), db.ScanTime(&j.StartedAt), db.ScanTime(&j.FinishedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return Job{}, ErrNoJob
	}
	if err != nil {
		return Job{}, fmt.Errorf("jobs: reading a job: %w", err)
	}
	return j, nil
}

// Enqueue adds a job of kind for the record recordID inside tx, due at
// now, to run once tx commits (call Runner.Kick after the commit so that
// this server starts it at once). When an unfinished job of that kind for
// that record exists it returns that one instead, so asking twice runs the
// work once.
func Enqueue(ctx context.Context, tx *sql.Tx, kind, recordID string, now time.Time) (Job, error) {
	if kind == "" || recordID == "" {
		return Job{}, errors.New("jobs: a job needs a kind and a record")
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO jobs (id, kind, record_id, state, due_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT DO NOTHING`, db.NewID(), kind, recordID, string(Queued), db.Time(now))
	if err != nil {
		return Job{}, fmt.Errorf("jobs: adding a job: %w", err)
	}
	return scan(tx.QueryRowContext(ctx, `SELECT `+columns+` FROM jobs
		WHERE kind = $1 AND record_id = $2 AND state IN ($3, $4)`, kind, recordID, string(Queued), string(Running)))
}

// Get reads the job id (ErrNoJob when there is none).
func Get(ctx context.Context, q db.Querier, id string) (Job, error) {
	if !db.ValidID(id) {
		return Job{}, ErrNoJob
	}
	return scan(q.QueryRowContext(ctx, `SELECT `+columns+` FROM jobs WHERE id = $1`, id))
}

// ForRecord reads the job of kind for the record recordID: the unfinished
// one if there is one, else the latest (ErrNoJob when there is none).
func ForRecord(ctx context.Context, q db.Querier, kind, recordID string) (Job, error) {
	return scan(q.QueryRowContext(ctx, `SELECT `+columns+` FROM jobs WHERE kind = $1 AND record_id = $2
		ORDER BY CASE WHEN state IN ($3, $4) THEN 0 ELSE 1 END, created_at DESC, id DESC LIMIT 1`,
		kind, recordID, string(Queued), string(Running)))
}
