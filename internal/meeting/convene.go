package meeting

import (
	"context"
	"database/sql"
)

// A strategy discussion is convened by a screening decision, a
// repeat-missing task or an item at another meeting. When it is recorded
// as held, the step that asked for it is done: the referral's "hold a
// strategy discussion" task, or the repeat-missing task.

// Convener closes, inside the caller's transaction, the step that convened
// a strategy discussion now held (byType and byID are the meeting's
// convened_by fields), if it is a step of the meeting's authority orgID:
// a meeting never closes another authority's task. The application
// provides it.
type Convener interface {
	ConvenedTx(ctx context.Context, tx *sql.Tx, orgID, byType, byID string) error
}

// held tells the convener that m, a strategy discussion, has been held,
// when it was not before (wasHeld).
func (s *Service) held(ctx context.Context, tx *sql.Tx, m *Meeting, wasHeld bool) error {
	if s.Convener == nil || wasHeld || m.State != Held || m.Kind != Strategy || m.ConvenedByType == "" {
		return nil
	}
	return s.Convener.ConvenedTx(ctx, tx, m.OwnerOrgID, m.ConvenedByType, m.ConvenedByID)
}
