package meeting

import (
	"context"
	"database/sql"

	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
)

// Assessments are the initial exploitation assessments arranged from the
// items of a meeting the signed-in user may see, by item id, for the
// meeting's page. Reading them is on each child's audit trail.
func (s *Service) Assessments(ctx context.Context, meetingID string) (map[string]*Assessment, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]*Assessment{}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		m, err := read(ctx, tx, u, meetingID)
		if err != nil {
			return err
		}
		list, err := loadAssessments(ctx, tx, m.ID)
		if err != nil {
			return err
		}
		var events []audit.Event
		for _, a := range list {
			if _, err := itemOf(m, a.ItemID); err != nil {
				continue // an item dropped from the agenda
			}
			out[a.ItemID] = a
			events = append(events, audit.Event{Action: audit.View, RecordType: RecordType, RecordID: m.ID,
				PersonID: a.PersonID, Detail: "viewed the arranged initial exploitation assessment"})
		}
		return s.record(ctx, tx, events...)
	})
	if err != nil {
		return nil, err
	}
	for _, a := range out {
		s.nameWorker(ctx, a)
	}
	return out, nil
}
