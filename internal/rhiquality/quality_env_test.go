package rhiquality_test

import (
	"context"
	"database/sql"
	"time"

	"mace/internal/missing"
	"mace/internal/platform/access"
	"mace/internal/platform/db"
)

// interview is a held return interview for the quality audit tests.
type interview struct {
	service      string
	offeredAfter time.Duration // after the return
	push, pull   string
	shared       bool
	followUps    string
	outcome      string // Accepted unless set
}

// held records an ended episode of the child starting at start (lasting a
// few hours) and its interview, written straight to the table as the
// interview pages would.
func (e *env) held(start time.Time, iv interview) *missing.Episode {
	e.t.Helper()
	in := e.Input(start)
	in.EndAt = ptr(start.Add(6 * time.Hour))
	ep := e.Create(e.Coordinator, in)
	offered := in.EndAt.Add(iv.offeredAfter)
	heldAt := offered.Add(2 * time.Hour)
	if iv.outcome == "" {
		iv.outcome = missing.Accepted
	}
	var heldArg any = db.Time(heldAt)
	if iv.outcome != missing.Accepted {
		heldArg = nil
	}
	err := e.DB.Tx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.ExecContext(context.Background(), `INSERT INTO return_interviews (episode_id, offered_at, offered_by,
			offered_service, outcome, held_at, push_factors, pull_factors, shared_with_police, follow_ups, recorded_by,
			recorded_by_name, created_at, updated_at) VALUES ($1, $2, 'Casey Lund', $3, $4, $5, $6, $7, $8, $9, $10,
			'Morgan Reece', $11, $11)`, ep.ID, db.Time(offered), iv.service, iv.outcome, heldArg, iv.push, iv.pull,
			iv.shared, iv.followUps, e.Coordinator.ID, db.Time(heldAt))
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return ep
}

// involve makes org involved with the child's record.
func (e *env) involve(orgID string) {
	e.t.Helper()
	err := e.DB.Tx(context.Background(), func(tx *sql.Tx) error {
		return access.Involve(context.Background(), tx, "person", e.Child.ID, orgID, "return interviews", e.Clock.Now())
	})
	if err != nil {
		e.t.Fatal(err)
	}
}
