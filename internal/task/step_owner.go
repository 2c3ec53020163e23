package task

import (
	"context"
	"database/sql"
	"errors"

	"mace/internal/platform/audit"
	"mace/internal/platform/errs"
)

// ReownTx gives the open task of kind made with dedupeKey to a new owner,
// in the caller's transaction: the feature has moved the step to someone
// else (an assessment given to another social worker). The feature has
// checked the owner; a closed task stays as it was. It reports whether a
// task changed.
func (s *Service) ReownTx(ctx context.Context, tx *sql.Tx, kind, dedupeKey string, to Owner) (bool, error) {
	var id, personID, userID, teamID string
	err := tx.QueryRowContext(ctx, `SELECT id, COALESCE(person_id, ''), COALESCE(owner_user_id, ''), COALESCE(owner_team_id, '')
		FROM tasks WHERE kind = $1 AND dedupe_key = $2 AND state = 'open'`, kind, dedupeKey).Scan(&id, &personID, &userID, &teamID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, errs.Wrap(err, "reading the task")
	}
	to = Owner{UserID: trim(to.UserID), TeamID: trim(to.TeamID)}
	from := Owner{UserID: userID, TeamID: teamID}
	if to == from {
		return false, nil
	}
	var v errs.Validation
	checkOwner(&v, to)
	if err := v.Err(); err != nil {
		return false, err
	}
	ok, err := setOwner(ctx, tx, id, to)
	if err != nil || !ok {
		return false, err
	}
	return true, s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: id,
		PersonID: personID, Detail: "reassigned from " + from.describe() + " to " + to.describe() + ": the step moved"})
}
