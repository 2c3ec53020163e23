package missingimport

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/jobs"
)

// An import's preview and commit run as jobs (package jobs): a row in the
// database that whichever server is free claims with a lease, so that any
// server reports their progress, two servers never run the same one, a
// server stopping hands its job back, and a job left by a server that died
// is run again by another. The preview writes only at its end and never
// over a committed import, so it may simply run again; the commit writes
// everything, and records its job done, in one transaction, so a server
// killed part-way leaves nothing written and another commits from the
// start, and two servers never both commit.

// The kinds of the import's jobs; a job's record is the import's id.
const (
	JobCheck  = "missing-import-check"
	JobCommit = "missing-import-commit"
)

// Handle registers the handlers of the import's jobs with r.
func (im *Importer) Handle(r *jobs.Runner) {
	for _, kind := range []string{JobCheck, JobCommit} {
		r.Handle(kind, func(ctx context.Context, run *jobs.Run) error { return im.RunJob(ctx, run, nil) })
	}
}

// RunJob does the work of one of the import's jobs as the import's
// uploader: its preview, or its commit recorded done (run.FinishTx) in the
// commit's own transaction. progress hears how far it has got
// (run.Progress when nil).
func (im *Importer) RunJob(ctx context.Context, run *jobs.Run, progress func(done, total int)) error {
	if progress == nil {
		progress = run.Progress
	}
	r, err := loadImport(ctx, im.Svc.DB.Read(), run.Job.RecordID, false)
	if err != nil {
		return err
	}
	u, err := im.Users.GetUser(ctx, r.CreatedBy)
	if err != nil {
		return errs.Wrap(err, "reading the import's uploader")
	}
	ctx = auth.WithUser(ctx, u)
	switch run.Job.Kind {
	case JobCheck:
		_, err = im.Check(ctx, r.ID, progress)
	case JobCommit:
		_, err = im.commit(ctx, r.ID, progress, run.FinishTx)
	default:
		err = errors.New("missingimport: a job of another kind")
	}
	return err
}

// Start has the preview (commit false) or commit of an import made in the
// background, for a page to follow with Progress, and waits up to wait for
// it to finish: a small file is done by the time the page answers. It does
// nothing when one is already under way, on any server.
func (im *Importer) Start(ctx context.Context, id string, commit bool, wait time.Duration) error {
	u, err := auth.Actor(ctx)
	if err != nil {
		return err
	}
	if _, err := im.mine(ctx, im.Svc.DB.Read(), u, id, false); err != nil {
		return err
	}
	kind := JobCheck
	if commit {
		kind = JobCommit
	}
	var job jobs.Job
	err = im.Svc.DB.Tx(ctx, func(tx *sql.Tx) error {
		if running, err := im.job(ctx, tx, id); err != nil || !running.Finished() {
			job = running
			return err
		}
		job, err = jobs.Enqueue(ctx, tx, kind, id, im.Svc.StoredNow())
		return err
	})
	if err != nil {
		return errs.Wrap(err, "starting the import")
	}
	if im.Jobs == nil {
		return nil
	}
	im.Jobs.Kick()
	if _, err := im.Jobs.Wait(ctx, job.ID, wait); err != nil && ctx.Err() == nil {
		return errs.Wrap(err, "waiting for the import")
	}
	return nil
}

// job is the import's job of either kind: the unfinished one if there is
// one, else the latest; a job Finished with an empty ID when there is none.
func (im *Importer) job(ctx context.Context, q db.Querier, id string) (jobs.Job, error) {
	var latest jobs.Job
	for _, kind := range []string{JobCheck, JobCommit} {
		j, err := jobs.ForRecord(ctx, q, kind, id)
		if errors.Is(err, jobs.ErrNoJob) {
			continue
		}
		if err != nil {
			return jobs.Job{}, err
		}
		if !j.Finished() {
			return j, nil
		}
		// Ids order jobs made at the same stored time.
		if latest.ID == "" || j.CreatedAt.After(latest.CreatedAt) || (j.CreatedAt.Equal(latest.CreatedAt) && j.ID > latest.ID) {
			latest = j
		}
	}
	if latest.ID == "" {
		latest.State = jobs.Done
	}
	return latest, nil
}

// Progress is how far the preview or commit of the import id has got, for
// the user who uploaded it, whichever server runs it; not running is
// Finished, with the public message of a job that failed.
func (im *Importer) Progress(ctx context.Context, id string) (Progress, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return Progress{}, err
	}
	r, err := im.mine(ctx, im.Svc.DB.Read(), u, id, false)
	if err != nil {
		return Progress{}, err
	}
	j, err := im.job(ctx, im.Svc.DB.Read(), r.ID)
	if err != nil {
		return Progress{}, errs.Wrap(err, "reading the import's progress")
	}
	if j.ID == "" {
		return Progress{Finished: true, Done: r.Rows, Total: r.Rows}, nil
	}
	p := Progress{Phase: ImportChecking, Done: j.Done, Total: j.Total, Finished: j.Finished()}
	if j.Kind == JobCommit {
		p.Phase = "importing"
	}
	if j.State == jobs.Failed {
		p.Error = j.Error
	}
	return p, nil
}

// Running reports whether the import's preview or commit is under way (or
// waiting for a server to run it).
func (im *Importer) Running(ctx context.Context, id string) (bool, error) {
	j, err := im.job(ctx, im.Svc.DB.Read(), id)
	if err != nil {
		return false, errs.Wrap(err, "reading the import's progress")
	}
	return !j.Finished(), nil
}
