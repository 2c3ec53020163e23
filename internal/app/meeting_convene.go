package app

import (
	"context"
	"database/sql"

	"mace/internal/missing"
	"mace/internal/referral"
	"mace/internal/task"
)

// meetingConvener closes the step that convened a strategy discussion once
// it is held: the referral's "hold a strategy discussion" task, or the
// repeat-missing task it was convened from, when the task is the meeting's
// authority's.
type meetingConvener struct{ tasks *task.Service }

func (c meetingConvener) ConvenedTx(ctx context.Context, tx *sql.Tx, orgID, byType, byID string) error {
	var err error
	switch byType {
	case "referral":
		_, err = c.tasks.StepDoneForTx(ctx, tx, orgID, referral.TaskNext, byID+":"+referral.Strategy)
	case "task":
		_, err = c.tasks.StepDoneByIDTx(ctx, tx, orgID, missing.TaskStrategyDiscussion, byID)
	}
	return err
}
