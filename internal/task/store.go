package task

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// The SQL of tasks. Besides its own table it only reads the platform's
// users, teams and team members, to check owners and to find a manager's
// teams' members.

const taskColumns = `t.id, t.kind, t.title, t.record_type, t.record_id, t.person_id, t.owner_user_id,
	t.owner_team_id, t.organisation_id, t.due_at, t.state, t.created_at, t.created_by, t.completed_at,
	t.completed_by, t.cancelled_at, t.cancelled_by, t.cancelled_reason, t.dedupe_key`

func scanTask(row interface{ Scan(...any) error }) (Task, error) {
	var t Task
	var person, user, team, completedBy, cancelledBy, reason, key sql.NullString
	err := row.Scan(&t.ID, &t.Kind, &t.Title, &t.RecordType, &t.RecordID, &person, &user, &team,
		&t.OrganisationID, db.ScanTime(&t.DueAt), &t.State, db.ScanTime(&t.CreatedAt), &t.CreatedBy,
		db.ScanTime(&t.CompletedAt), &completedBy, db.ScanTime(&t.CancelledAt), &cancelledBy, &reason, &key)
	t.PersonID, t.OwnerUserID, t.OwnerTeamID = person.String, user.String, team.String
	t.CompletedBy, t.CancelledBy, t.CancelledReason, t.DedupeKey = completedBy.String, cancelledBy.String, reason.String, key.String
	return t, err
}

// insertTask adds t unless a task of its kind with its dedupe key exists,
// and reports whether it did. On PostgreSQL a concurrent insert of the same
// key waits for the other transaction and then inserts nothing.
func insertTask(ctx context.Context, tx *sql.Tx, t *Task) (bool, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO tasks (id, kind, title, record_type, record_id, person_id,
		owner_user_id, owner_team_id, organisation_id, due_at, state, created_at, created_by, dedupe_key)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
		ON CONFLICT (kind, dedupe_key) DO NOTHING`,
		t.ID, t.Kind, t.Title, t.RecordType, t.RecordID, db.NullText(t.PersonID), db.NullText(t.OwnerUserID), db.NullText(t.OwnerTeamID),
		t.OrganisationID, db.Time(t.DueAt), t.State, db.Time(t.CreatedAt), t.CreatedBy, db.NullText(t.DedupeKey))
	if err != nil {
		return false, fmt.Errorf("inserting a task: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// insertTasks adds the tasks, many to a statement, leaving out those whose
// kind and dedupe key exist already, and returns the ids of those added.
func insertTasks(ctx context.Context, tx *sql.Tx, ts []*Task) (map[string]bool, error) {
	const perStatement = 300 // 14 arguments a row
	made := make(map[string]bool, len(ts))
	for start := 0; start < len(ts); start += perStatement {
		var a db.Args
		values := make([]string, 0, perStatement)
		for _, t := range ts[start:min(start+perStatement, len(ts))] {
			values = append(values, "("+strings.Join([]string{a.Add(t.ID), a.Add(t.Kind), a.Add(t.Title), a.Add(t.RecordType),
				a.Add(t.RecordID), a.Add(db.NullText(t.PersonID)), a.Add(db.NullText(t.OwnerUserID)), a.Add(db.NullText(t.OwnerTeamID)),
				a.Add(t.OrganisationID), a.Add(db.Time(t.DueAt)), a.Add(t.State), a.Add(db.Time(t.CreatedAt)),
				a.Add(t.CreatedBy), a.Add(db.NullText(t.DedupeKey))}, ", ")+")")
		}
		rows, err := tx.QueryContext(ctx, `INSERT INTO tasks (id, kind, title, record_type, record_id, person_id,
			owner_user_id, owner_team_id, organisation_id, due_at, state, created_at, created_by, dedupe_key)
			VALUES `+strings.Join(values, ", ")+`
			ON CONFLICT (kind, dedupe_key) DO NOTHING RETURNING id`, a...)
		if err != nil {
			return nil, fmt.Errorf("inserting tasks: %w", err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			made[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("inserting tasks: %w", err)
		}
	}
	return made, nil
}

func loadTask(ctx context.Context, q db.Querier, id string) (Task, error) {
	t, err := scanTask(q.QueryRowContext(ctx, "SELECT "+taskColumns+" FROM tasks t WHERE t.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return Task{}, errs.E(errs.NotFound, "There is no such task")
	}
	if err != nil {
		return Task{}, fmt.Errorf("reading a task: %w", err)
	}
	return t, nil
}

func loadByKey(ctx context.Context, q db.Querier, kind, key string) (Task, error) {
	t, err := scanTask(q.QueryRowContext(ctx, "SELECT "+taskColumns+" FROM tasks t WHERE t.kind = $1 AND t.dedupe_key = $2", kind, key))
	if err != nil {
		return Task{}, fmt.Errorf("reading a task by its key: %w", err)
	}
	return t, nil
}

// closeTask moves an open task to done or cancelled, and reports whether it
// was still open.
func closeTask(ctx context.Context, tx *sql.Tx, id, state, by, reason string, at time.Time) (bool, error) {
	query := "UPDATE tasks SET state = $1, completed_at = $2, completed_by = $3 WHERE id = $4 AND state = 'open'"
	args := []any{state, db.Time(at), by, id}
	if state == Cancelled {
		query = "UPDATE tasks SET state = $1, cancelled_at = $2, cancelled_by = $3, cancelled_reason = $5 WHERE id = $4 AND state = 'open'"
		args = append(args, reason)
	}
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return false, fmt.Errorf("closing a task: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func setOwner(ctx context.Context, tx *sql.Tx, id string, o Owner) (bool, error) {
	res, err := tx.ExecContext(ctx, "UPDATE tasks SET owner_user_id = $1, owner_team_id = $2 WHERE id = $3 AND state = 'open'",
		db.NullText(o.UserID), db.NullText(o.TeamID), id)
	if err != nil {
		return false, fmt.Errorf("reassigning a task: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// filter picks the tasks of a list: those in State (open, done or
// cancelled) owned by one of OwnerUsers or OwnerTeams (with both empty,
// none) unless AnyOwner, of Organisation when set, due from DueFrom and
// before DueBefore when set, and after the cursor After when set.
type filter struct {
	OwnerUsers, OwnerTeams []string
	AnyOwner               bool
	Organisation           string
	State                  string
	DueFrom, DueBefore     time.Time
	After                  *cursor
	Limit                  int // the most to list; 0 for all
}

// ownedBy is the filter of open tasks owned by the user or any of the teams.
func ownedBy(userID string, teamIDs []string) filter {
	return filter{OwnerUsers: []string{userID}, OwnerTeams: teamIDs, State: Open}
}

// owners are the conditions on the owner, one for each user and team
// named (each served by its index), or the organisation's for AnyOwner.
func (f filter) owners(a *db.Args) []string {
	if f.AnyOwner {
		return []string{"t.organisation_id = " + a.Add(f.Organisation)}
	}
	var out []string
	seen := map[string]bool{}
	for _, id := range f.OwnerUsers {
		if !seen["u"+id] {
			seen["u"+id] = true
			out = append(out, "t.owner_user_id = "+a.Add(id))
		}
	}
	for _, id := range f.OwnerTeams {
		if !seen["t"+id] {
			seen["t"+id] = true
			out = append(out, "t.owner_team_id = "+a.Add(id))
		}
	}
	return out
}

// rest is the filter's condition other than the owner, its values added
// to a.
func (f filter) rest(a *db.Args) string {
	var conds []string
	if f.AnyOwner && f.Organisation == "" {
		conds = append(conds, "FALSE")
	}
	if !f.AnyOwner && f.Organisation != "" {
		conds = append(conds, "t.organisation_id = "+a.Add(f.Organisation))
	}
	switch f.State {
	case Done:
		conds = append(conds, "t.state = 'done'")
	case Cancelled:
		conds = append(conds, "t.state = 'cancelled'")
	default:
		conds = append(conds, "t.state = 'open'")
	}
	if !f.DueFrom.IsZero() {
		conds = append(conds, "t.due_at >= "+a.Add(db.Time(f.DueFrom)))
	}
	if !f.DueBefore.IsZero() {
		conds = append(conds, "t.due_at < "+a.Add(db.Time(f.DueBefore)))
	}
	if f.After != nil {
		col, desc := f.sortColumn()
		op := ">"
		if desc {
			op = "<"
		}
		conds = append(conds, "(t."+col+", t.id) "+op+" ("+a.Add(f.After.Key)+", "+a.Add(f.After.ID)+")")
	}
	return strings.Join(conds, " AND ")
}

// sortColumn is the column the list is in the order of, then by id: the
// due time for open tasks, soonest first, and when they were done or
// cancelled for the others, the latest first.
func (f filter) sortColumn() (col string, desc bool) {
	switch f.State {
	case Done:
		return "completed_at", true
	case Cancelled:
		return "cancelled_at", true
	}
	return "due_at", false
}

// order is the list's order, on the columns named in a (t.) or out of a
// subquery ("").
func (f filter) order(prefix string) string {
	col, desc := f.sortColumn()
	if desc {
		return prefix + col + " DESC, " + prefix + "id DESC"
	}
	return prefix + col + ", " + prefix + "id"
}

// listSQL is the query of the filter's list and its arguments. Each owner
// is its own subquery, reading its index in the list's order and stopping
// at the limit, and the subqueries' rows are merged in that order: an
// owner's thousands of open tasks are never read or sorted whole. (One
// condition on all the owners, joined by OR, is read through several
// indexes and has to be sorted whole.)
func listSQL(f filter) (string, db.Args) {
	var a db.Args
	owners := f.owners(&a)
	if len(owners) == 0 {
		return "SELECT " + taskColumns + " FROM tasks t WHERE FALSE", a
	}
	limit := ""
	if f.Limit > 0 {
		limit = " LIMIT " + a.Add(f.Limit)
	}
	arm := func(owner string) string {
		return "SELECT " + taskColumns + " FROM tasks t WHERE " + owner + " AND " + f.rest(&a) + " ORDER BY " + f.order("t.") + limit
	}
	if len(owners) == 1 {
		return arm(owners[0]), a
	}
	arms := make([]string, len(owners))
	for i, o := range owners {
		arms[i] = fmt.Sprintf("SELECT * FROM (%s) AS a%d", arm(o), i)
	}
	return "SELECT * FROM (" + strings.Join(arms, " UNION ALL ") + ") AS t ORDER BY " + f.order("t.") + limit, a
}

// listTasks returns the tasks the filter picks, in its order.
func listTasks(ctx context.Context, q db.Querier, f filter) ([]Task, error) {
	query, a := listSQL(f)
	rows, err := q.QueryContext(ctx, query, a...)
	if err != nil {
		return nil, fmt.Errorf("listing tasks: %w", err)
	}
	defer rows.Close()
	var out []Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// countSQL is the query counting the tasks the filter picks, up to
// upTo+1 of each owner (read from its index, never more).
func countSQL(f filter, upTo int) (string, db.Args) {
	var a db.Args
	owners := f.owners(&a)
	if len(owners) == 0 {
		return "SELECT 0", a
	}
	arms := make([]string, len(owners))
	for i, o := range owners {
		arms[i] = fmt.Sprintf("SELECT 1 AS one FROM (SELECT 1 AS one FROM tasks t WHERE %s AND %s LIMIT %s) AS c%d",
			o, f.rest(&a), a.Add(upTo+1), i)
	}
	return "SELECT COUNT(*) FROM (" + strings.Join(arms, " UNION ALL ") + ") AS c", a
}

// countTasks counts the tasks the filter picks, reading no more than
// upTo+1 of each owner's: a count above upTo is "more than upTo".
func countTasks(ctx context.Context, q db.Querier, f filter, upTo int) (Count, error) {
	query, a := countSQL(f, upTo)
	var n int
	if err := q.QueryRowContext(ctx, query, a...).Scan(&n); err != nil {
		return Count{}, fmt.Errorf("counting tasks: %w", err)
	}
	if n > upTo {
		return Count{N: upTo, More: true}, nil
	}
	return Count{N: n}, nil
}
