package missing

import (
	"context"
	"fmt"
	"time"

	"mace/internal/platform/db"
)

// Reads of many episodes for other features: the return interviews held,
// for the quality audit, and the episodes of looked-after children, for
// the SSDA903 return. The young people are chosen by a condition the
// people package builds (people.ScopeSQL), so this package names only its
// own tables.

// PeopleCond is an SQL condition on the column personIDCol of a person id,
// adding its arguments to a.
type PeopleCond func(a *db.Args, personIDCol string) string

// HeldInterview is a return interview that was held.
type HeldInterview struct {
	EpisodeID, PersonID, Service string
	HeldAt                       time.Time
}

// HeldFilter chooses the interviews HeldInterviews lists.
type HeldFilter struct {
	From, To time.Time // held in [From, To)
	// ServiceKey, when set, keeps the interviews offered by that service
	// (as access.ServiceKey writes it).
	ServiceKey string
	// People keeps the interviews of the young people it keeps.
	People PeopleCond
}

// HeldInterviews lists the return interviews held that f chooses, in the
// order they were held.
func (s *Service) HeldInterviews(ctx context.Context, q db.Querier, f HeldFilter) ([]HeldInterview, error) {
	var a db.Args
	where := fmt.Sprintf("ri.outcome = %s AND ri.held_at >= %s AND ri.held_at < %s",
		a.Add(Accepted), a.Add(db.Time(f.From)), a.Add(db.Time(f.To)))
	if f.ServiceKey != "" {
		where += " AND LOWER(ri.offered_service) = " + a.Add(f.ServiceKey)
	}
	where += " AND " + f.People(&a, "e.person_id")
	rows, err := q.QueryContext(ctx, `SELECT e.id, e.person_id, ri.offered_service, ri.held_at
		FROM return_interviews ri JOIN missing_episodes e ON e.id = ri.episode_id
		WHERE `+where+" ORDER BY ri.held_at, e.id", a...)
	if err != nil {
		return nil, fmt.Errorf("listing interviews held: %w", err)
	}
	defer rows.Close()
	var out []HeldInterview
	for rows.Next() {
		var h HeldInterview
		if err := rows.Scan(&h.EpisodeID, &h.PersonID, &h.Service, db.ScanTime(&h.HeldAt)); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// LookedAfterFilter chooses the episodes LookedAfter lists.
type LookedAfterFilter struct {
	// From, To: the episodes overlapping [From, To), that is starting
	// before To and ending at or after From, or still open.
	From, To time.Time
	// People keeps the episodes of the young people it keeps.
	People PeopleCond
}

// LookedAfter lists the episodes of looked-after children that f chooses,
// by young person then start, with only their ids, young person, type and
// times filled.
func (s *Service) LookedAfter(ctx context.Context, q db.Querier, f LookedAfterFilter) ([]Episode, error) {
	var a db.Args
	where := fmt.Sprintf("e.looked_after = %s AND e.start_at < %s AND (e.end_at IS NULL OR e.end_at >= %s) AND %s",
		a.Add(true), a.Add(db.Time(f.To)), a.Add(db.Time(f.From)), f.People(&a, "e.person_id"))
	rows, err := q.QueryContext(ctx, `SELECT e.id, e.person_id, e.type, e.start_at, e.end_at
		FROM missing_episodes e WHERE `+where+" ORDER BY e.person_id, e.start_at, e.id", a...)
	if err != nil {
		return nil, fmt.Errorf("reading the episodes of looked-after children: %w", err)
	}
	defer rows.Close()
	var out []Episode
	for rows.Next() {
		var e Episode
		if err := rows.Scan(&e.ID, &e.PersonID, &e.Type, db.ScanTime(&e.StartAt), db.ScanTime(&e.EndAt)); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
