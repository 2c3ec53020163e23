package meeting

import (
	"context"
	"database/sql"

	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
)

// Assessments are the initial exploitation assessments arranged from the
// items of a meeting the signed-in user may see, by item id, for the
// meeting's page, leaving out those about a young person u may not see.
// Reading them is on each child's audit trail.
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
		var ids []string
		for _, a := range list {
			ids = append(ids, a.PersonID)
		}
		facts, err := records(ctx, tx, ids)
		if err != nil {
			return err
		}
		see := userSight(u, facts)
		var events []audit.Event
		for _, a := range list {
			if _, err := itemOf(m, a.ItemID); err != nil {
				continue // an item dropped from the agenda
			}
			if !see(a.PersonID) {
				continue // about a young person u may not see
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
