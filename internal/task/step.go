package task

import (
	"context"
	"database/sql"
	"errors"

	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
)

// StepDoneTx marks done, in the caller's transaction, the open task of kind
// made with dedupeKey: the feature has done the step the task stands for
// (a referral decided, an interview held). There being no such open task is
// not an error; it reports whether one was closed.
func (s *Service) StepDoneTx(ctx context.Context, tx *sql.Tx, kind, dedupeKey string) (bool, error) {
	var id, personID string
	err := tx.QueryRowContext(ctx, "SELECT id, COALESCE(person_id, '') FROM tasks WHERE kind = $1 AND dedupe_key = $2 AND state = 'open'",
		kind, dedupeKey).Scan(&id, &personID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, errs.Wrap(err, "reading the task")
	}
	by := "system"
	if u := auth.UserFrom(ctx); u != nil {
		by = u.ID
	}
	ok, err := closeTask(ctx, tx, id, Done, by, "", s.now())
	if err != nil || !ok {
		return false, err
	}
	return true, s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: id,
		PersonID: personID, Detail: "completed: the step was done"})
}
