package meeting

import (
	"context"
	"fmt"
	"time"

	"mace/internal/platform/civil"
	"mace/internal/platform/db"
)

// The SQL the daily meeting's agenda is written from: when an authority's
// daily meeting starts, and what its other meetings raised since the last.

// since asks for what an authority's meetings recorded from From up to To.
type since struct {
	OrgID    string
	From, To time.Time
}

// dailyStart is when the authority orgID's first daily meeting on day
// that is not cancelled starts, or the zero time when none is recorded.
func dailyStart(ctx context.Context, q db.Querier, orgID string, day civil.Date) (time.Time, error) {
	var at time.Time
	err := q.QueryRowContext(ctx, `SELECT MIN(start_at) FROM meetings WHERE owner_org_id = $1 AND kind = $2
		AND state <> $3 AND start_at >= $4 AND start_at < $5`, orgID, Daily, Cancelled,
		db.Time(day.Time(civil.London)), db.Time(day.AddDays(1).Time(civil.London))).Scan(db.ScanTime(&at))
	if err != nil {
		return time.Time{}, fmt.Errorf("reading the daily meeting: %w", err)
	}
	return at, nil
}

// raisedTheme is a theme on the agenda of a meeting other than a daily
// meeting.
type raisedTheme struct {
	Subject, MeetingKind string
	MeetingAt            time.Time
}

// themesRaised are the themes added in the period to the agendas of the
// authority's meetings other than its daily meetings, the earliest first.
func themesRaised(ctx context.Context, q db.Querier, f since) ([]raisedTheme, error) {
	rows, err := q.QueryContext(ctx, `SELECT i.subject, m.kind, m.start_at FROM meeting_items i
		JOIN meetings m ON m.id = i.meeting_id
		WHERE m.owner_org_id = $1 AND m.kind <> $2 AND i.subject_kind = $3 AND NOT i.dropped
		AND i.created_at >= $4 AND i.created_at < $5 ORDER BY i.created_at, i.id`,
		f.OrgID, Daily, SubjectTheme, db.Time(f.From), db.Time(f.To))
	if err != nil {
		return nil, fmt.Errorf("reading the themes raised: %w", err)
	}
	defer rows.Close()
	var out []raisedTheme
	for rows.Next() {
		var t raisedTheme
		if err := rows.Scan(&t.Subject, &t.MeetingKind, db.ScanTime(&t.MeetingAt)); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// recordedLink is an association recorded at one of the authority's
// meetings, with the other person's record id when there is one.
type recordedLink struct {
	LinkFact
	OtherID string
}

// linksRecorded are the associations recorded in the period at the
// authority's meetings, the earliest first.
func linksRecorded(ctx context.Context, q db.Querier, f since) ([]recordedLink, error) {
	rows, err := q.QueryContext(ctx, `SELECT l.person_id, COALESCE(l.other_person_id, ''), l.other_text, l.relation,
		m.kind, m.start_at, l.created_at FROM meeting_links l JOIN meetings m ON m.id = l.meeting_id
		WHERE m.owner_org_id = $1 AND l.created_at >= $2 AND l.created_at < $3 ORDER BY l.created_at, l.id`,
		f.OrgID, db.Time(f.From), db.Time(f.To))
	if err != nil {
		return nil, fmt.Errorf("reading the associations recorded: %w", err)
	}
	defer rows.Close()
	var out []recordedLink
	for rows.Next() {
		var r recordedLink
		if err := rows.Scan(&r.PersonID, &r.OtherID, &r.Other, &r.Relation, &r.MeetingKind, db.ScanTime(&r.MeetingAt),
			db.ScanTime(&r.RecordedAt)); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
