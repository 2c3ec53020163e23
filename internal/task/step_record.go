package task

import (
	"context"
	"database/sql"
	"errors"

	"mace/internal/platform/audit"
	"mace/internal/platform/errs"
)

// SetPersonTx names personID as the person of every task of the record
// recordType recordID, open or closed, in the caller's transaction: the
// record has been linked to the young person's record (a referral matched
// to its child), so its tasks follow that person. Each task changed is
// audited; it returns how many changed.
func (s *Service) SetPersonTx(ctx context.Context, tx *sql.Tx, recordType, recordID, personID string) (int, error) {
	if recordType == "" || recordID == "" || personID == "" {
		return 0, errs.E(errs.Invalid, "A record and a person are needed to link tasks to a person")
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, COALESCE(person_id, '') FROM tasks
		WHERE record_type = $1 AND record_id = $2 ORDER BY id`, recordType, recordID)
	if err != nil {
		return 0, errs.Wrap(err, "reading the record's tasks")
	}
	type was struct{ id, personID string }
	var tasks []was
	for rows.Next() {
		var t was
		if err := rows.Scan(&t.id, &t.personID); err != nil {
			rows.Close()
			return 0, errs.Wrap(err, "reading the record's tasks")
		}
		if t.personID != personID {
			tasks = append(tasks, t)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, errs.Wrap(err, "reading the record's tasks")
	}
	for _, t := range tasks {
		if _, err := tx.ExecContext(ctx, "UPDATE tasks SET person_id = $1 WHERE id = $2", personID, t.id); err != nil {
			return 0, errs.Wrap(err, "linking a task to the person")
		}
		detail := "linked to person " + personID + ": its record was linked"
		if t.personID != "" {
			detail = "moved from person " + t.personID + " to person " + personID + ": its record was linked again"
		}
		if err := s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: t.id,
			PersonID: personID, Detail: detail}); err != nil {
			return 0, err
		}
	}
	return len(tasks), nil
}

// ReopenTx opens again, in the caller's transaction, the done task of kind
// made with dedupeKey: the step it stands for must be taken again (a
// referral's decision sent back by the manager). An open or cancelled task
// stays as it was, and there being no such task is not an error; it
// reports whether a task was opened.
func (s *Service) ReopenTx(ctx context.Context, tx *sql.Tx, kind, dedupeKey string) (bool, error) {
	var id, personID string
	err := tx.QueryRowContext(ctx, "SELECT id, COALESCE(person_id, '') FROM tasks WHERE kind = $1 AND dedupe_key = $2 AND state = 'done'",
		kind, dedupeKey).Scan(&id, &personID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, errs.Wrap(err, "reading the task")
	}
	res, err := tx.ExecContext(ctx, `UPDATE tasks SET state = 'open', completed_at = NULL, completed_by = NULL
		WHERE id = $1 AND state = 'done'`, id)
	if err != nil {
		return false, errs.Wrap(err, "opening the task again")
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return false, err
	}
	return true, s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: id,
		PersonID: personID, Detail: "opened again: the step must be taken again"})
}
