package missing

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"mace/internal/platform/db"
)

// The SQL of return interviews.

func splitLines(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, "\n")
}

// loadInterview reads the episode's interview, or nil when none is recorded.
func loadInterview(ctx context.Context, q db.Querier, id string) (*Interview, error) {
	var iv Interview
	var concerns, follow, tasks string
	err := q.QueryRowContext(ctx, `SELECT offered_at, offered_by, offered_service, outcome, held_at, push_factors,
		pull_factors, concerns, indicators, disclosures, shared_with_police, follow_ups, follow_up_tasks,
		recorded_by, recorded_by_name, created_at, updated_at, version
		FROM return_interviews WHERE episode_id = $1`, id).Scan(db.ScanTime(&iv.OfferedAt), &iv.OfferedBy,
		&iv.OfferedService, &iv.Outcome, db.ScanTime(&iv.HeldAt), &iv.PushFactors, &iv.PullFactors, &concerns,
		&iv.Indicators, &iv.Disclosures, &iv.SharedWithPolice, &follow, &tasks, &iv.RecordedByID,
		&iv.RecordedByName, db.ScanTime(&iv.CreatedAt), db.ScanTime(&iv.UpdatedAt), &iv.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading a return interview: %w", err)
	}
	iv.Concerns, iv.FollowUps, iv.FollowUpTaskIDs = splitLines(concerns), splitLines(follow), splitLines(tasks)
	if iv.Places, err = loadPlaces(ctx, q, id, "interview"); err != nil {
		return nil, err
	}
	if iv.With, err = loadAssociates(ctx, q, id, "interview"); err != nil {
		return nil, err
	}
	return &iv, nil
}

// saveInterview inserts or replaces the episode's interview. version is the
// stored interview's (0 when there is none); a version that moved on
// meanwhile is a conflict.
func saveInterview(ctx context.Context, tx *sql.Tx, id string, iv *Interview, version int) error {
	args := []any{db.Time(iv.OfferedAt), iv.OfferedBy, iv.OfferedService, iv.Outcome, db.Time(iv.HeldAt),
		iv.PushFactors, iv.PullFactors, strings.Join(iv.Concerns, "\n"), iv.Indicators, iv.Disclosures,
		iv.SharedWithPolice, strings.Join(iv.FollowUps, "\n"), strings.Join(iv.FollowUpTaskIDs, "\n"),
		db.Time(iv.UpdatedAt), id}
	if version == 0 {
		args = append(args, iv.RecordedByID, iv.RecordedByName, db.Time(iv.CreatedAt))
		if _, err := tx.ExecContext(ctx, `INSERT INTO return_interviews (offered_at, offered_by, offered_service,
			outcome, held_at, push_factors, pull_factors, concerns, indicators, disclosures, shared_with_police,
			follow_ups, follow_up_tasks, updated_at, episode_id, recorded_by, recorded_by_name, created_at, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 1)`, args...); err != nil {
			return err
		}
	} else {
		args = append(args, version)
		res, err := tx.ExecContext(ctx, `UPDATE return_interviews SET offered_at = $1, offered_by = $2,
			offered_service = $3, outcome = $4, held_at = $5, push_factors = $6, pull_factors = $7, concerns = $8,
			indicators = $9, disclosures = $10, shared_with_police = $11, follow_ups = $12, follow_up_tasks = $13,
			updated_at = $14, version = version + 1 WHERE episode_id = $15 AND version = $16`, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errors.Join(err, ErrStale)
		}
	}
	if err := savePlaces(ctx, tx, id, "interview", iv.Places); err != nil {
		return err
	}
	return saveAssociates(ctx, tx, id, "interview", iv.With)
}
