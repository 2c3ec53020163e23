package meeting

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// The SQL of arranged assessments.

const assessmentColumns = `id, meeting_id, item_id, person_id, owner_org_id, start_at, end_at, place, online,
	worker_id, invitees, sequence, task_id, created_at, updated_at`

func scanAssessment(row interface{ Scan(...any) error }) (*Assessment, error) {
	a := &Assessment{}
	var invitees string
	err := row.Scan(&a.ID, &a.MeetingID, &a.ItemID, &a.PersonID, &a.OwnerOrgID, db.ScanTime(&a.StartAt),
		db.ScanTime(&a.EndAt), &a.Place, &a.Online, &a.WorkerID, &invitees, &a.Sequence, &a.TaskID,
		db.ScanTime(&a.CreatedAt), db.ScanTime(&a.UpdatedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(errs.NotFound, "No assessment has been arranged from this item")
	}
	if err != nil {
		return nil, fmt.Errorf("reading an assessment: %w", err)
	}
	if err := json.Unmarshal([]byte(invitees), &a.Invitees); err != nil {
		return nil, fmt.Errorf("reading an assessment's invitees: %w", err)
	}
	if a.Invitees == nil {
		a.Invitees = []Invitee{}
	}
	a.setLocal()
	return a, nil
}

func loadAssessment(ctx context.Context, q db.Querier, id string) (*Assessment, error) {
	return scanAssessment(q.QueryRowContext(ctx, "SELECT "+assessmentColumns+" FROM meeting_assessments WHERE id = $1", id))
}

func loadAssessmentByItem(ctx context.Context, q db.Querier, itemID string) (*Assessment, error) {
	return scanAssessment(q.QueryRowContext(ctx, "SELECT "+assessmentColumns+" FROM meeting_assessments WHERE item_id = $1", itemID))
}

// loadAssessments reads the assessments arranged at a meeting, the earliest
// first.
func loadAssessments(ctx context.Context, q db.Querier, meetingID string) ([]*Assessment, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+assessmentColumns+" FROM meeting_assessments WHERE meeting_id = $1 ORDER BY start_at, id", meetingID)
	if err != nil {
		return nil, fmt.Errorf("reading the assessments: %w", err)
	}
	defer rows.Close()
	var out []*Assessment
	for rows.Next() {
		a, err := scanAssessment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func insertAssessment(ctx context.Context, tx *sql.Tx, a *Assessment, by string) error {
	invitees, err := json.Marshal(a.Invitees)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO meeting_assessments (id, meeting_id, item_id, person_id, owner_org_id,
		assessment_date, start_at, end_at, place, online, worker_id, invitees, sequence, task_id, created_by, created_at,
		updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $15, $17)`,
		a.ID, a.MeetingID, a.ItemID, a.PersonID, a.OwnerOrgID, a.Date.String(), db.Time(a.StartAt), db.Time(a.EndAt),
		a.Place, a.Online, a.WorkerID, string(invitees), a.Sequence, a.TaskID, by, db.Time(a.CreatedAt), db.Time(a.UpdatedAt))
	if err != nil {
		return fmt.Errorf("saving the assessment: %w", err)
	}
	return nil
}

func updateAssessment(ctx context.Context, tx *sql.Tx, a *Assessment, by string) error {
	invitees, err := json.Marshal(a.Invitees)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE meeting_assessments SET assessment_date = $1, start_at = $2, end_at = $3,
		place = $4, online = $5, worker_id = $6, invitees = $7, sequence = $8, updated_by = $9, updated_at = $10
		WHERE id = $11 AND sequence = $12`,
		a.Date.String(), db.Time(a.StartAt), db.Time(a.EndAt), a.Place, a.Online, a.WorkerID, string(invitees),
		a.Sequence, by, db.Time(a.UpdatedAt), a.ID, a.Sequence-1)
	if err != nil {
		return fmt.Errorf("changing the assessment: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errStale
	}
	return nil
}
