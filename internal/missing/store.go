package missing

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
)

// The SQL of missing episodes: this package's tables. The person record
// each episode is about (its owner, restriction and date of birth, which
// decide who may see the episode) is read through the people package.

// loadPerson reads the young person an episode is about.
func loadPerson(ctx context.Context, q db.Querier, id string) (*people.Facts, error) {
	p, err := people.LoadFacts(ctx, q, id)
	if errors.Is(err, people.ErrNoPerson) {
		return nil, errNoPerson
	}
	return p, err
}

const columns = `e.id, e.person_id, e.type, e.start_at, e.end_at, e.interview_due_at, e.reported_by,
	COALESCE(e.police_org_id, ''), COALESCE(e.police_reference, ''), e.risk_grading, e.found_place, e.found_postcode,
	e.looked_after, e.recorded_by, e.recorded_by_name, e.created_at, e.updated_at, e.version`

func scanEpisode(row interface{ Scan(...any) error }) (*Episode, error) {
	var e Episode
	err := row.Scan(&e.ID, &e.PersonID, &e.Type, db.ScanTime(&e.StartAt), db.ScanTime(&e.EndAt),
		db.ScanTime(&e.InterviewDueAt), &e.ReportedBy, &e.PoliceOrgID, &e.PoliceReference, &e.RiskGrading,
		&e.FoundPlace.Description, &e.FoundPlace.Postcode, &e.LookedAfter, &e.RecordedByID, &e.RecordedByName,
		db.ScanTime(&e.CreatedAt), db.ScanTime(&e.UpdatedAt), &e.Version)
	return &e, err
}

// loadEpisode reads an episode with the people it names and its interview.
func loadEpisode(ctx context.Context, q db.Querier, id string) (*Episode, error) {
	e, err := scanEpisode(q.QueryRowContext(ctx, "SELECT "+columns+" FROM missing_episodes e WHERE e.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("reading a missing episode: %w", err)
	}
	return e, loadDetails(ctx, q, e)
}

func loadDetails(ctx context.Context, q db.Querier, e *Episode) error {
	var err error
	if e.FoundWith, err = loadAssociates(ctx, q, e.ID, "found"); err != nil {
		return err
	}
	e.Interview, err = loadInterview(ctx, q, e.ID)
	return err
}

func loadAssociates(ctx context.Context, q db.Querier, id, source string) ([]Associate, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, description FROM missing_associates
		WHERE episode_id = $1 AND source = $2 ORDER BY position`, id, source)
	if err != nil {
		return nil, fmt.Errorf("reading who the young person was with: %w", err)
	}
	defer rows.Close()
	out := []Associate{}
	for rows.Next() {
		var a Associate
		if err := rows.Scan(&a.Name, &a.Description); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func loadPlaces(ctx context.Context, q db.Querier, id, source string) ([]Place, error) {
	rows, err := q.QueryContext(ctx, `SELECT description, postcode FROM missing_places
		WHERE episode_id = $1 AND source = $2 ORDER BY position`, id, source)
	if err != nil {
		return nil, fmt.Errorf("reading where the young person was: %w", err)
	}
	defer rows.Close()
	out := []Place{}
	for rows.Next() {
		var p Place
		if err := rows.Scan(&p.Description, &p.Postcode); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func saveAssociates(ctx context.Context, tx *sql.Tx, id, source string, list []Associate) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM missing_associates WHERE episode_id = $1 AND source = $2", id, source); err != nil {
		return fmt.Errorf("clearing who the young person was with: %w", err)
	}
	for i, a := range list {
		if _, err := tx.ExecContext(ctx, `INSERT INTO missing_associates (episode_id, source, position, name, description)
			VALUES ($1, $2, $3, $4, $5)`, id, source, i, a.Name, a.Description); err != nil {
			return fmt.Errorf("saving who the young person was with: %w", err)
		}
	}
	return nil
}

func savePlaces(ctx context.Context, tx *sql.Tx, id, source string, list []Place) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM missing_places WHERE episode_id = $1 AND source = $2", id, source); err != nil {
		return fmt.Errorf("clearing where the young person was: %w", err)
	}
	for i, p := range list {
		if _, err := tx.ExecContext(ctx, `INSERT INTO missing_places (episode_id, source, position, description, postcode)
			VALUES ($1, $2, $3, $4, $5)`, id, source, i, p.Description, p.Postcode); err != nil {
			return fmt.Errorf("saving where the young person was: %w", err)
		}
	}
	return nil
}

func insertEpisode(ctx context.Context, tx *sql.Tx, e *Episode) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO missing_episodes (id, person_id, type, start_at, end_at, interview_due_at,
		reported_by, police_org_id, police_reference, risk_grading, found_place, found_postcode, looked_after,
		recorded_by, recorded_by_name, created_at, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
		e.ID, e.PersonID, e.Type, db.Time(e.StartAt), db.Time(e.EndAt), db.Time(e.InterviewDueAt), e.ReportedBy,
		db.NullText(e.PoliceOrgID), db.NullText(e.PoliceReference), e.RiskGrading, e.FoundPlace.Description,
		e.FoundPlace.Postcode, e.LookedAfter, e.RecordedByID, e.RecordedByName,
		db.Time(e.CreatedAt), db.Time(e.UpdatedAt), e.Version)
	if err != nil {
		return err
	}
	return saveAssociates(ctx, tx, e.ID, "found", e.FoundWith)
}

// updateEpisode saves e over the stored version; a version that moved on
// meanwhile is a conflict.
func updateEpisode(ctx context.Context, tx *sql.Tx, e *Episode, version int) error {
	res, err := tx.ExecContext(ctx, `UPDATE missing_episodes SET type = $1, start_at = $2, end_at = $3,
		interview_due_at = $4, reported_by = $5, police_org_id = $6, police_reference = $7, risk_grading = $8,
		found_place = $9, found_postcode = $10, looked_after = $11, updated_at = $12, version = version + 1
		WHERE id = $13 AND version = $14`,
		e.Type, db.Time(e.StartAt), db.Time(e.EndAt), db.Time(e.InterviewDueAt), e.ReportedBy, db.NullText(e.PoliceOrgID),
		db.NullText(e.PoliceReference), e.RiskGrading, e.FoundPlace.Description, e.FoundPlace.Postcode, e.LookedAfter,
		db.Time(e.UpdatedAt), e.ID, version)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errors.Join(err, ErrStale)
	}
	return saveAssociates(ctx, tx, e.ID, "found", e.FoundWith)
}

// lockPerson makes concurrent changes to one young person's episodes wait
// for each other, so two overlapping episodes cannot both pass the check.
func lockPerson(ctx context.Context, tx *sql.Tx, personID string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO missing_locks (lock_key, taken_at) VALUES ($1, $2)
		ON CONFLICT (lock_key) DO UPDATE SET taken_at = excluded.taken_at`, "person:"+personID, db.Time(now))
	if err != nil {
		return fmt.Errorf("locking the young person's episodes: %w", err)
	}
	return nil
}

// farFuture stands for the end of an open episode when comparing times.
var farFuture = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// overlapping reports whether another episode of the person overlaps the
// time from start to end (zero end: still open). Episodes may touch: one
// may start the minute another ends.
func overlapping(ctx context.Context, q db.Querier, personID, exceptID string, start, end time.Time) (bool, error) {
	if end.IsZero() {
		end = farFuture
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM missing_episodes
		WHERE person_id = $1 AND id <> $2 AND start_at < $3 AND (end_at IS NULL OR end_at > $4)`,
		personID, exceptID, db.Time(end), db.Time(start)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("checking for overlapping episodes: %w", err)
	}
	return n > 0, nil
}

func idByReference(ctx context.Context, q db.Querier, orgID, ref string) (string, error) {
	var id string
	err := q.QueryRowContext(ctx, "SELECT id FROM missing_episodes WHERE police_org_id = $1 AND police_reference = $2",
		orgID, ref).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// startsOf are the ids and starts of every episode of each of the people,
// by person, each list in order of start.
func startsOf(ctx context.Context, q db.Querier, personIDs []string) (map[string][]Episode, error) {
	out := make(map[string][]Episode, len(personIDs))
	err := db.Chunks(personIDs, func(part []string) error {
		var a db.Args
		rows, err := q.QueryContext(ctx, `SELECT id, person_id, start_at FROM missing_episodes
			WHERE person_id IN `+a.In(part)+` ORDER BY person_id, start_at, id`, a...)
		if err != nil {
			return fmt.Errorf("reading episodes' starts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var e Episode
			if err := rows.Scan(&e.ID, &e.PersonID, db.ScanTime(&e.StartAt)); err != nil {
				return err
			}
			out[e.PersonID] = append(out[e.PersonID], e)
		}
		return rows.Err()
	})
	return out, err
}

// listForPerson is every episode of a person, most recent first.
func listForPerson(ctx context.Context, q db.Querier, personID string) ([]Episode, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+columns+` FROM missing_episodes e
		WHERE e.person_id = $1 ORDER BY e.start_at DESC, e.id`, personID)
	if err != nil {
		return nil, fmt.Errorf("listing episodes: %w", err)
	}
	var out []Episode
	for rows.Next() {
		e, err := scanEpisode(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, *e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := loadDetails(ctx, q, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// listFilter chooses the episodes of a list; a zero field does not narrow
// it.
type listFilter struct {
	Open  bool // still missing
	Ended bool // found or returned
	// StartFrom and StartBefore keep the episodes starting in that time.
	StartFrom, StartBefore time.Time
	// RecordedBefore keeps the episodes recorded before it.
	RecordedBefore time.Time
	// EndBefore keeps the episodes that ended before it.
	EndBefore time.Time
	// DueBefore keeps the episodes whose return interview fell due before it.
	DueBefore time.Time
	// ReturnedOrDueFrom and ReturnedOrDueBefore keep the episodes that
	// ended from ReturnedOrDueFrom on, or whose interview fell due in that
	// time.
	ReturnedOrDueFrom, ReturnedOrDueBefore time.Time
	// NoInterview keeps the episodes with no return interview recorded.
	NoInterview bool
	// ByDue orders the list by the interview's due time, soonest first;
	// otherwise it is by start, earliest first.
	ByDue bool
	// After is the cursor the page starts after: the sort time (as stored)
	// and id of the last episode of the page before.
	After []string
	// Limit is the most to list: AgendaLimit when 0.
	Limit int
}

// AgendaLimit is the most episodes a part of the daily meeting's agenda lists.
const AgendaLimit = 500

// orderName names the order of f's list, for its cursors.
func (f listFilter) orderName() string {
	if f.ByDue {
		return "missing-by-due"
	}
	return "missing-by-start"
}

// keys are the sort keys of s in f's order, for the cursor after it.
func (f listFilter) keys(s Summary) []string {
	at := s.StartAt
	if f.ByDue {
		at = s.InterviewDueAt
	}
	key, _ := db.Time(at).(string)
	return []string{key, s.EpisodeID}
}

// where is the SQL condition of f over missing_episodes e, and its order.
func (f listFilter) where(a *db.Args) (cond, order string) {
	conds := []string{"TRUE"}
	add := func(c string) { conds = append(conds, c) }
	at := func(col, op string, t time.Time) {
		if !t.IsZero() {
			add(col + " " + op + " " + a.Add(db.Time(t)))
		}
	}
	if f.Open {
		add("e.end_at IS NULL")
	}
	if f.Ended {
		add("e.end_at IS NOT NULL")
	}
	at("e.start_at", ">=", f.StartFrom)
	at("e.start_at", "<", f.StartBefore)
	at("e.created_at", "<", f.RecordedBefore)
	at("e.end_at", "<", f.EndBefore)
	at("e.interview_due_at", "<", f.DueBefore)
	if !f.ReturnedOrDueFrom.IsZero() {
		from, before := a.Add(db.Time(f.ReturnedOrDueFrom)), a.Add(db.Time(f.ReturnedOrDueBefore))
		add(fmt.Sprintf("(e.end_at >= %s OR (e.interview_due_at >= %s AND e.interview_due_at < %s))", from, from, before))
	}
	if f.NoInterview {
		add("NOT EXISTS (SELECT 1 FROM return_interviews r WHERE r.episode_id = e.id)")
	}
	col := "e.start_at"
	if f.ByDue {
		col = "e.interview_due_at"
	}
	if len(f.After) == 2 {
		add("(" + col + ", e.id) > (" + a.Add(f.After[0]) + ", " + a.Add(f.After[1]) + ")")
	}
	return strings.Join(conds, " AND "), col + ", e.id"
}

// summaries lists, for u, the episodes f chooses of the young people u may
// see (access.MissingScope, by people.ScopeSQL), at most f.Limit, with the
// young people's names.
func summaries(ctx context.Context, q db.Querier, u *auth.User, f listFilter) ([]Summary, error) {
	var a db.Args
	cond, order := f.where(&a)
	where := cond + " AND " + people.ScopeSQL(u, &a, "e.person_id", access.MissingScope)
	limit := f.Limit
	if limit <= 0 {
		limit = AgendaLimit
	}
	rows, err := q.QueryContext(ctx, `SELECT e.id, e.person_id, e.type, e.start_at, e.end_at, e.risk_grading,
		e.looked_after, e.interview_due_at FROM missing_episodes e
		WHERE `+where+` ORDER BY `+order+` LIMIT `+a.Add(limit), a...)
	if err != nil {
		return nil, fmt.Errorf("listing episodes: %w", err)
	}
	out := []Summary{}
	for rows.Next() {
		var s Summary
		if err := rows.Scan(&s.EpisodeID, &s.PersonID, &s.Type, db.ScanTime(&s.StartAt),
			db.ScanTime(&s.EndAt), &s.RiskGrading, &s.LookedAfter, db.ScanTime(&s.InterviewDueAt)); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ids := make([]string, len(out))
	for i, s := range out {
		ids[i] = s.PersonID
	}
	facts, err := people.LoadManyFacts(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if p := facts[out[i].PersonID]; p != nil {
			out[i].PersonName = p.Name
		}
	}
	return out, nil
}
