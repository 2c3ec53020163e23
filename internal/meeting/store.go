package meeting

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// The SQL of meetings: this package's tables only.

var errNotFound = errs.E(errs.NotFound, "There is no such meeting")

var errStale = errs.E(errs.Conflict, "Someone else changed this meeting while you were editing it. Your changes have not been saved: check the meeting and make them again.")

const columns = `m.id, m.kind, m.owner_org_id, m.start_at, m.chair_id, m.state, m.reason, m.convened_by_type,
	m.convened_by_id, m.created_at, m.updated_at, m.version`

func scanMeeting(row interface{ Scan(...any) error }) (*Meeting, error) {
	var m Meeting
	err := row.Scan(&m.ID, &m.Kind, &m.OwnerOrgID, db.ScanTime(&m.StartAt), &m.ChairID, &m.State, &m.Reason,
		&m.ConvenedByType, &m.ConvenedByID, db.ScanTime(&m.CreatedAt), db.ScanTime(&m.UpdatedAt), &m.Version)
	m.setLocal()
	return &m, err
}

// setLocal fills the London date and time from StartAt.
func (m *Meeting) setLocal() {
	m.Date = calendar.LondonDate(m.StartAt)
	m.Time = m.StartAt.In(civil.London).Format("15:04")
}

// load reads a meeting with its attendance, agenda (without dropped
// items) and actions.
func load(ctx context.Context, q db.Querier, id string) (*Meeting, error) {
	m, err := scanMeeting(q.QueryRowContext(ctx, "SELECT "+columns+" FROM meetings m WHERE m.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("reading a meeting: %w", err)
	}
	if m.Attendees, err = loadAttendees(ctx, q, id); err != nil {
		return nil, err
	}
	if m.Items, err = loadItems(ctx, q, id); err != nil {
		return nil, err
	}
	if m.Actions, err = loadActions(ctx, q, id); err != nil {
		return nil, err
	}
	return m, nil
}

func loadAttendees(ctx context.Context, q db.Querier, meetingID string) ([]Attendee, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, COALESCE(user_id, ''), name, organisation_id, organisation_type, status
		FROM meeting_attendees WHERE meeting_id = $1 ORDER BY position`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("reading attendance: %w", err)
	}
	defer rows.Close()
	out := []Attendee{}
	for rows.Next() {
		var a Attendee
		if err := rows.Scan(&a.ID, &a.UserID, &a.Name, &a.OrganisationID, &a.OrganisationType, &a.Status); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func loadItems(ctx context.Context, q db.Querier, meetingID string) ([]Item, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, position, subject_kind, COALESCE(person_id, ''), subject, reasons,
		decision, outcome, conference_needed FROM meeting_items WHERE meeting_id = $1 AND NOT dropped
		ORDER BY position, id`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("reading the agenda: %w", err)
	}
	defer rows.Close()
	out := []Item{}
	index := map[string]int{}
	for rows.Next() {
		var it Item
		var reasons string
		if err := rows.Scan(&it.ID, &it.Position, &it.SubjectKind, &it.PersonID, &it.Subject, &reasons,
			&it.Decision, &it.Outcome, &it.ConferenceNeeded); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(reasons), &it.Reasons); err != nil {
			return nil, fmt.Errorf("reading an item's reasons: %w", err)
		}
		it.Shared = []Shared{}
		index[it.ID] = len(out)
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	srows, err := q.QueryContext(ctx, `SELECT id, item_id, organisation_id, text, not_beyond, recorded_by, created_at
		FROM meeting_shared WHERE meeting_id = $1 ORDER BY created_at, id`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("reading what was shared: %w", err)
	}
	defer srows.Close()
	for srows.Next() {
		var sh Shared
		var itemID string
		if err := srows.Scan(&sh.ID, &itemID, &sh.OrganisationID, &sh.Text, &sh.NotBeyond, &sh.RecordedBy,
			db.ScanTime(&sh.CreatedAt)); err != nil {
			return nil, err
		}
		if i, ok := index[itemID]; ok {
			out[i].Shared = append(out[i].Shared, sh)
		}
	}
	return out, srows.Err()
}

func loadActions(ctx context.Context, q db.Querier, meetingID string) ([]Action, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, COALESCE(item_id, ''), text, COALESCE(owner_user_id, ''),
		COALESCE(owner_team_id, ''), organisation_id, due_date, disruption, task_id, created_at
		FROM meeting_actions WHERE meeting_id = $1 ORDER BY created_at, id`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("reading actions: %w", err)
	}
	defer rows.Close()
	out := []Action{}
	for rows.Next() {
		var a Action
		if err := rows.Scan(&a.ID, &a.ItemID, &a.Text, &a.OwnerUserID, &a.OwnerTeamID, &a.OrganisationID,
			&a.DueDate, &a.Disruption, &a.TaskID, db.ScanTime(&a.CreatedAt)); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func insert(ctx context.Context, tx *sql.Tx, m *Meeting, createdBy string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO meetings (id, kind, owner_org_id, start_at, chair_id, state, reason,
		convened_by_type, convened_by_id, created_by, created_at, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, 1)`,
		m.ID, m.Kind, m.OwnerOrgID, db.Time(m.StartAt), m.ChairID, m.State, m.Reason, m.ConvenedByType,
		m.ConvenedByID, createdBy, db.Time(m.CreatedAt))
	if err != nil {
		return fmt.Errorf("inserting a meeting: %w", err)
	}
	return nil
}

// update writes m's own fields over the stored meeting if its version is
// still fromVersion.
func update(ctx context.Context, tx *sql.Tx, m *Meeting, fromVersion int) error {
	res, err := tx.ExecContext(ctx, `UPDATE meetings SET start_at = $1, chair_id = $2, state = $3, reason = $4,
		convened_by_type = $5, convened_by_id = $6, updated_at = $7, version = version + 1
		WHERE id = $8 AND version = $9`,
		db.Time(m.StartAt), m.ChairID, m.State, m.Reason, m.ConvenedByType, m.ConvenedByID, db.Time(m.UpdatedAt),
		m.ID, fromVersion)
	if err != nil {
		return fmt.Errorf("updating a meeting: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errStale
	}
	return nil
}

// bump marks a change to a meeting's attendance, agenda or actions: a new
// version, refused as stale if the version is no longer fromVersion.
func bump(ctx context.Context, tx *sql.Tx, id string, fromVersion int, now time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE meetings SET version = version + 1, updated_at = $1
		WHERE id = $2 AND version = $3`, db.Time(now), id, fromVersion)
	if err != nil {
		return fmt.Errorf("updating a meeting: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errStale
	}
	return nil
}

func replaceAttendees(ctx context.Context, tx *sql.Tx, meetingID string, as []Attendee) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM meeting_attendees WHERE meeting_id = $1", meetingID); err != nil {
		return fmt.Errorf("clearing attendance: %w", err)
	}
	for i, a := range as {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_attendees (id, meeting_id, position, user_id, name,
			organisation_id, organisation_type, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			a.ID, meetingID, i+1, db.NullText(a.UserID), a.Name, a.OrganisationID, string(a.OrganisationType),
			a.Status); err != nil {
			return fmt.Errorf("recording an attendee: %w", err)
		}
	}
	return nil
}

func insertItem(ctx context.Context, tx *sql.Tx, meetingID string, it *Item, by string, now time.Time) error {
	reasons, err := json.Marshal(it.Reasons)
	if err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM meeting_items
		WHERE meeting_id = $1`, meetingID).Scan(&it.Position); err != nil {
		return fmt.Errorf("placing an item: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO meeting_items (id, meeting_id, position, subject_kind, person_id,
		subject, reasons, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
		it.ID, meetingID, it.Position, it.SubjectKind, db.NullText(it.PersonID), it.Subject, string(reasons), by,
		db.Time(now))
	if err != nil {
		return fmt.Errorf("adding an item: %w", err)
	}
	return nil
}

func setPosition(ctx context.Context, tx *sql.Tx, itemID string, pos int, now time.Time) error {
	_, err := tx.ExecContext(ctx, "UPDATE meeting_items SET position = $1, updated_at = $2 WHERE id = $3",
		pos, db.Time(now), itemID)
	if err != nil {
		return fmt.Errorf("moving an item: %w", err)
	}
	return nil
}

func dropItem(ctx context.Context, tx *sql.Tx, itemID string, now time.Time) error {
	_, err := tx.ExecContext(ctx, "UPDATE meeting_items SET dropped = TRUE, updated_at = $1 WHERE id = $2",
		db.Time(now), itemID)
	if err != nil {
		return fmt.Errorf("dropping an item: %w", err)
	}
	return nil
}

func setDecision(ctx context.Context, tx *sql.Tx, itemID string, in DecisionInput, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE meeting_items SET decision = $1, outcome = $2, conference_needed = $3,
		updated_at = $4 WHERE id = $5`, in.Decision, in.Outcome, in.ConferenceNeeded, db.Time(now), itemID)
	if err != nil {
		return fmt.Errorf("recording a decision: %w", err)
	}
	return nil
}

func insertShared(ctx context.Context, tx *sql.Tx, meetingID, itemID string, sh *Shared) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO meeting_shared (id, meeting_id, item_id, organisation_id, text,
		not_beyond, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		sh.ID, meetingID, itemID, sh.OrganisationID, sh.Text, sh.NotBeyond, sh.RecordedBy, db.Time(sh.CreatedAt))
	if err != nil {
		return fmt.Errorf("recording what was shared: %w", err)
	}
	return nil
}

func insertAction(ctx context.Context, tx *sql.Tx, meetingID, by string, a *Action) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO meeting_actions (id, meeting_id, item_id, text, owner_user_id,
		owner_team_id, organisation_id, due_date, disruption, task_id, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		a.ID, meetingID, db.NullText(a.ItemID), a.Text, db.NullText(a.OwnerUserID), db.NullText(a.OwnerTeamID),
		a.OrganisationID, a.DueDate, a.Disruption, a.TaskID, by, db.Time(a.CreatedAt))
	if err != nil {
		return fmt.Errorf("recording an action: %w", err)
	}
	return nil
}

// presentSQL is the condition that someone from the organisation orgParam
// was present at the meeting m.
func presentSQL(orgParam string) string {
	return `EXISTS (SELECT 1 FROM meeting_attendees ma WHERE ma.meeting_id = m.id AND ma.status = 'present'
		AND ma.organisation_id = ` + orgParam + `)`
}

// list reads up to limit meetings lq picks, in date order (latest first
// with lq.Desc), after the meeting with the sort keys after (its start as
// stored and id; none for the first page).
func list(ctx context.Context, q db.Querier, u *auth.User, lq ListQuery, after []string, limit int) ([]Summary, error) {
	var a db.Args
	conds := []string{access.MeetingScope(u, &a, "m.owner_org_id", presentSQL)}
	if !lq.From.IsZero() {
		conds = append(conds, "m.start_at >= "+a.Add(db.Time(lq.From.Time(civil.London))))
	}
	if !lq.To.IsZero() {
		conds = append(conds, "m.start_at < "+a.Add(db.Time(lq.To.AddDays(1).Time(civil.London))))
	}
	if lq.Kind != "" {
		conds = append(conds, "m.kind = "+a.Add(lq.Kind))
	}
	op, dir := ">", ""
	if lq.Desc {
		op, dir = "<", " DESC"
	}
	if len(after) == 2 {
		at := a.Add(after[0])
		conds = append(conds, "(m.start_at "+op+" "+at+" OR (m.start_at = "+at+" AND m.id "+op+" "+a.Add(after[1])+"))")
	}
	rows, err := q.QueryContext(ctx, `SELECT m.id, m.kind, m.owner_org_id, m.start_at, m.chair_id, m.state
		FROM meetings m WHERE `+strings.Join(conds, " AND ")+` ORDER BY m.start_at`+dir+`, m.id`+dir+` LIMIT `+a.Add(limit), a...)
	if err != nil {
		return nil, fmt.Errorf("listing meetings: %w", err)
	}
	defer rows.Close()
	out := []Summary{}
	for rows.Next() {
		var s Summary
		if err := rows.Scan(&s.ID, &s.Kind, &s.OwnerOrg, db.ScanTime(&s.StartAt), &s.ChairID, &s.State); err != nil {
			return nil, err
		}
		s.Date = calendar.LondonDate(s.StartAt)
		s.Time = s.StartAt.In(civil.London).Format("15:04")
		out = append(out, s)
	}
	return out, rows.Err()
}

// attendanceRow is one attendee of a meeting in a period, for the absence
// report.
type attendanceRow struct {
	MeetingID, Kind, OrgID, Status string
	OrgType                        auth.OrgType
}

// meetingsIn reads the meetings of an authority that were not cancelled in
// a period of London dates (inclusive), and their attendance.
func meetingsIn(ctx context.Context, q db.Querier, orgID string, from, to civil.Date) (map[string]string, []attendanceRow, error) {
	lo, hi := db.Time(from.Time(civil.London)), db.Time(to.AddDays(1).Time(civil.London))
	rows, err := q.QueryContext(ctx, `SELECT id, kind FROM meetings WHERE owner_org_id = $1 AND state <> $2
		AND start_at >= $3 AND start_at < $4`, orgID, Cancelled, lo, hi)
	if err != nil {
		return nil, nil, fmt.Errorf("reading meetings: %w", err)
	}
	defer rows.Close()
	kinds := map[string]string{}
	for rows.Next() {
		var id, kind string
		if err := rows.Scan(&id, &kind); err != nil {
			return nil, nil, err
		}
		kinds[id] = kind
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows.Close()
	arows, err := q.QueryContext(ctx, `SELECT ma.meeting_id, m.kind, ma.organisation_id, ma.organisation_type, ma.status
		FROM meeting_attendees ma JOIN meetings m ON m.id = ma.meeting_id
		WHERE m.owner_org_id = $1 AND m.state <> $2 AND m.start_at >= $3 AND m.start_at < $4`, orgID, Cancelled, lo, hi)
	if err != nil {
		return nil, nil, fmt.Errorf("reading attendance: %w", err)
	}
	defer arows.Close()
	var out []attendanceRow
	for arows.Next() {
		var r attendanceRow
		if err := arows.Scan(&r.MeetingID, &r.Kind, &r.OrgID, &r.OrgType, &r.Status); err != nil {
			return nil, nil, err
		}
		out = append(out, r)
	}
	return kinds, out, arows.Err()
}
