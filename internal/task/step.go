package task

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// StepDoneTx marks done, in the caller's transaction, the open task of kind
// made with dedupeKey: the feature has done the step the task stands for
// (a referral decided, an interview held). There being no such open task is
// not an error; it reports whether one was closed.
func (s *Service) StepDoneTx(ctx context.Context, tx *sql.Tx, kind, dedupeKey string) (bool, error) {
	return s.stepDone(ctx, tx, "kind = $1 AND dedupe_key = $2", kind, dedupeKey)
}

// StepDoneForTx is StepDoneTx for a task of the organisation orgID only: a
// step taken by that organisation, from a record another may have named (a
// strategy discussion convened from a referral).
func (s *Service) StepDoneForTx(ctx context.Context, tx *sql.Tx, orgID, kind, dedupeKey string) (bool, error) {
	return s.stepDone(ctx, tx, "kind = $1 AND dedupe_key = $2 AND organisation_id = $3", kind, dedupeKey, orgID)
}

// StepDoneByIDTx marks done, in the caller's transaction, the open task id
// if it is of kind and belongs to the organisation orgID: the step it
// stands for was taken from the task itself (a strategy discussion
// convened from a repeat-missing task). There being no such open task is
// not an error; it reports whether one was closed.
func (s *Service) StepDoneByIDTx(ctx context.Context, tx *sql.Tx, orgID, kind, id string) (bool, error) {
	return s.stepDone(ctx, tx, "id = $1 AND kind = $2 AND organisation_id = $3", id, kind, orgID)
}

// stepDone closes the open task cond finds, as done, with its audit event.
func (s *Service) stepDone(ctx context.Context, tx *sql.Tx, cond string, args ...any) (bool, error) {
	var id, personID string
	err := tx.QueryRowContext(ctx, "SELECT id, COALESCE(person_id, '') FROM tasks WHERE "+cond+" AND state = 'open'",
		args...).Scan(&id, &personID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, errs.Wrap(err, "reading the task")
	}
	ok, err := closeTask(ctx, tx, id, Done, actorID(ctx), "", s.now())
	if err != nil || !ok {
		return false, err
	}
	return true, s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: id,
		PersonID: personID, Detail: "completed: the step was done"})
}

// StepCancelledTx cancels, in the caller's transaction, the open task of
// kind made with dedupeKey: the step it stands for is no longer needed (a
// young person reported returned is missing again). reason says why, on
// the task. There being no such open task is not an error; it reports
// whether one was cancelled.
func (s *Service) StepCancelledTx(ctx context.Context, tx *sql.Tx, kind, dedupeKey, reason string) (bool, error) {
	var id, personID string
	err := tx.QueryRowContext(ctx, "SELECT id, COALESCE(person_id, '') FROM tasks WHERE kind = $1 AND dedupe_key = $2 AND state = 'open'",
		kind, dedupeKey).Scan(&id, &personID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, errs.Wrap(err, "reading the task")
	}
	ok, err := closeTask(ctx, tx, id, Cancelled, actorID(ctx), reason, s.now())
	if err != nil || !ok {
		return false, err
	}
	return true, s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: id,
		PersonID: personID, Detail: "cancelled: the step is no longer needed"})
}

// RescheduleTx gives the task of kind made with dedupeKey a new title and
// due time, in the caller's transaction: the step's deadline has moved (a
// return time corrected). An open task moves; with reopen, a cancelled one
// is opened again too (the step is needed once more: a young person
// missing again has returned again); a done task stays as it was. It
// reports whether a task changed.
func (s *Service) RescheduleTx(ctx context.Context, tx *sql.Tx, kind, dedupeKey, title string, due time.Time, reopen bool) (bool, error) {
	var id, personID, state, wasTitle string
	var was time.Time
	err := tx.QueryRowContext(ctx, "SELECT id, COALESCE(person_id, ''), state, due_at, title FROM tasks WHERE kind = $1 AND dedupe_key = $2",
		kind, dedupeKey).Scan(&id, &personID, &state, db.ScanTime(&was), &wasTitle)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, errs.Wrap(err, "reading the task")
	}
	due = due.UTC().Truncate(time.Microsecond)
	switch {
	case state == Open && was.Equal(due) && wasTitle == title:
		return false, nil
	case state == Open, state == Cancelled && reopen:
	default:
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE tasks SET title = $1, due_at = $2, state = 'open',
		cancelled_at = NULL, cancelled_by = NULL, cancelled_reason = NULL WHERE id = $3`,
		title, db.Time(due), id); err != nil {
		return false, errs.Wrap(err, "moving the task")
	}
	detail := "due " + due.Format(time.RFC3339) + ": the step's deadline moved"
	if was.Equal(due) {
		detail = "renamed: the step changed"
	}
	if state == Cancelled {
		detail = "opened again, due " + due.Format(time.RFC3339) + ": the step is needed once more"
	}
	return true, s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: id,
		PersonID: personID, Detail: detail})
}

// actorID is the signed-in user's id, or "system".
func actorID(ctx context.Context) string {
	if u, err := auth.Actor(ctx); err == nil {
		return u.ID
	}
	return "system"
}
