package meeting

import (
	"context"
	"database/sql"
	"fmt"

	"mace/internal/platform/db"
)

// The SQL of the associations recorded at meetings.

func countLinks(ctx context.Context, q db.Querier, meetingID string) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM meeting_links WHERE meeting_id = $1", meetingID).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting associations: %w", err)
	}
	return n, nil
}

func insertLink(ctx context.Context, tx *sql.Tx, l *Link) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO meeting_links (id, meeting_id, person_id, other_kind, other_person_id,
		other_text, relation, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		l.ID, l.MeetingID, l.PersonID, l.OtherKind, db.NullText(l.OtherPersonID), l.OtherText, l.Relation, l.Note,
		l.CreatedBy, db.Time(l.CreatedAt))
	if err != nil {
		return fmt.Errorf("saving the association: %w", err)
	}
	return nil
}

func loadLinks(ctx context.Context, q db.Querier, meetingID string) ([]Link, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, meeting_id, person_id, other_kind, COALESCE(other_person_id, ''), other_text,
		relation, note, created_by, created_at FROM meeting_links WHERE meeting_id = $1 ORDER BY created_at, id`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("reading associations: %w", err)
	}
	defer rows.Close()
	var out []Link
	for rows.Next() {
		var l Link
		if err := rows.Scan(&l.ID, &l.MeetingID, &l.PersonID, &l.OtherKind, &l.OtherPersonID, &l.OtherText, &l.Relation,
			&l.Note, &l.CreatedBy, db.ScanTime(&l.CreatedAt)); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
