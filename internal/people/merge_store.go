package people

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

// The SQL of merging: tombstones, the merge record and its changes, and
// moving linked rows.

// mergedInto reads where a record was merged to, "" if it was not.
func mergedInto(ctx context.Context, q db.Querier, id string) (string, time.Time, error) {
	var into sql.NullString
	var at time.Time
	err := q.QueryRowContext(ctx, "SELECT merged_into, merged_at FROM people WHERE id = $1", id).Scan(&into, db.ScanTime(&at))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", at, fmt.Errorf("reading a tombstone: %w", err)
	}
	return into.String, at, nil
}

// lockPeople takes the row locks of the records, in id order, so that two
// merges of the same records wait for each other and never deadlock.
func lockPeople(ctx context.Context, tx *sql.Tx, a, b string) error {
	if b < a {
		a, b = b, a
	}
	for _, id := range []string{a, b} {
		if _, err := tx.ExecContext(ctx, "UPDATE people SET version = version WHERE id = $1", id); err != nil {
			return fmt.Errorf("locking a person: %w", err)
		}
	}
	return nil
}

// setTombstone marks dup as merged into keep (or, with keep "", clears the
// mark) if its version is still fromVersion.
func setTombstone(ctx context.Context, tx *sql.Tx, dup, keep string, fromVersion int, now time.Time) error {
	var into, at any
	if keep != "" {
		into, at = keep, db.Time(now)
	}
	res, err := tx.ExecContext(ctx, `UPDATE people SET merged_into = $1, merged_at = $2, updated_at = $3, version = version + 1
		WHERE id = $4 AND version = $5`, into, at, db.Time(now), dup, fromVersion)
	if err != nil {
		return fmt.Errorf("marking a merged record: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.Conflict, staleMerge)
	}
	return nil
}

const staleMerge = "One of these records changed while you were looking at it. Nothing has been merged: check both records and try again."

// clearMatchKeys removes a record's match keys, moving the counts down, so
// matching no longer finds it.
func clearMatchKeys(ctx context.Context, tx *sql.Tx, id string) error {
	rows, err := tx.QueryContext(ctx, "SELECT key FROM person_match_keys WHERE person_id = $1 AND key < $2", id, countingKeyLimit)
	if err != nil {
		return fmt.Errorf("reading match keys: %w", err)
	}
	delta := map[int64]int{}
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return err
		}
		delta[k]--
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM person_match_keys WHERE person_id = $1", id); err != nil {
		return fmt.Errorf("clearing match keys: %w", err)
	}
	return addCounts(ctx, tx, delta)
}

// moveLinked moves the rows of l from one person to another and returns
// the ids of the rows it moved.
func moveLinked(ctx context.Context, tx *sql.Tx, l Link, from, to string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, "UPDATE "+l.Table+" SET "+l.PersonColumn+" = $1 WHERE "+l.PersonColumn+" = $2 RETURNING "+
		l.IDColumn, to, from)
	if err != nil {
		return nil, fmt.Errorf("moving %s rows: %w", l.Table, err)
	}
	return collectIDs(rows)
}

// moveBack returns one moved row to the duplicate, or says why it cannot.
// A moved row's change holds its table's id column and person column in
// Column, as "id/person_id".
func moveBack(ctx context.Context, tx *sql.Tx, c MergeChange, keep, dup string) error {
	idCol, personCol, _ := strings.Cut(c.Column, "/")
	l := Link{Table: c.Table, IDColumn: idCol, PersonColumn: personCol}
	if !l.valid() {
		return fmt.Errorf("a merge change names %q.%q, not a plain table and column", c.Table, c.Column)
	}
	var now sql.NullString
	err := tx.QueryRowContext(ctx, "SELECT "+l.PersonColumn+" FROM "+l.Table+" WHERE "+l.IDColumn+" = $1", c.RowID).Scan(&now)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return errs.E(errs.Conflict, "This merge cannot be undone exactly: a %s record it moved (%s) has since been deleted.",
			singular(l.Table), c.RowID)
	case err != nil:
		return fmt.Errorf("reading a moved %s row: %w", l.Table, err)
	case now.String != keep:
		return errs.E(errs.Conflict, "This merge cannot be undone exactly: a %s record it moved (%s) has since been moved to another record.",
			singular(l.Table), c.RowID)
	}
	_, err = tx.ExecContext(ctx, "UPDATE "+l.Table+" SET "+l.PersonColumn+" = $1 WHERE "+l.IDColumn+" = $2", dup, c.RowID)
	return err
}

func singular(table string) string { return strings.TrimSuffix(table, "s") }

func insertMerge(ctx context.Context, tx *sql.Tx, m *Merge) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO person_merges (id, kept_id, duplicate_id, reason, merged_by, merged_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, m.ID, m.KeptID, m.DuplicateID, m.Reason, m.MergedBy, db.Time(m.MergedAt)); err != nil {
		return fmt.Errorf("recording a merge: %w", err)
	}
	for i, c := range m.Changes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO person_merge_changes (merge_id, position, kind, table_name, column_name,
			row_id, value, old_value) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			m.ID, i, c.Kind, c.Table, c.Column, c.RowID, c.Value, c.OldValue); err != nil {
			return fmt.Errorf("recording a merge change: %w", err)
		}
	}
	return nil
}

const mergeColumns = "id, kept_id, duplicate_id, reason, merged_by, merged_at, COALESCE(undone_by, ''), undone_at"

func scanMerge(row interface{ Scan(...any) error }) (*Merge, error) {
	var m Merge
	err := row.Scan(&m.ID, &m.KeptID, &m.DuplicateID, &m.Reason, &m.MergedBy, db.ScanTime(&m.MergedAt), &m.UndoneBy,
		db.ScanTime(&m.UndoneAt))
	return &m, err
}

// loadMerge reads a merge with its changes.
func loadMerge(ctx context.Context, q db.Querier, id string) (*Merge, error) {
	m, err := scanMerge(q.QueryRowContext(ctx, "SELECT "+mergeColumns+" FROM person_merges WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(errs.NotFound, "There is no such merge")
	}
	if err != nil {
		return nil, fmt.Errorf("reading a merge: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT kind, table_name, column_name, row_id, value, old_value FROM person_merge_changes
		WHERE merge_id = $1 ORDER BY position`, id)
	if err != nil {
		return nil, fmt.Errorf("reading a merge's changes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c MergeChange
		if err := rows.Scan(&c.Kind, &c.Table, &c.Column, &c.RowID, &c.Value, &c.OldValue); err != nil {
			return nil, err
		}
		m.Changes = append(m.Changes, c)
	}
	return m, rows.Err()
}

// mergesOf lists the merges into or of a person, newest first.
func mergesOf(ctx context.Context, q db.Querier, personID string) ([]*Merge, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+mergeColumns+` FROM person_merges WHERE kept_id = $1 OR duplicate_id = $1
		ORDER BY merged_at DESC, id`, personID)
	if err != nil {
		return nil, fmt.Errorf("listing merges: %w", err)
	}
	var ids []string
	for rows.Next() {
		m, err := scanMerge(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, m.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*Merge, 0, len(ids))
	for _, id := range ids {
		m, err := loadMerge(ctx, q, id)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

func markUndone(ctx context.Context, tx *sql.Tx, id, by string, now time.Time) error {
	res, err := tx.ExecContext(ctx, "UPDATE person_merges SET undone_by = $1, undone_at = $2 WHERE id = $3 AND undone_at IS NULL",
		by, db.Time(now), id)
	if err != nil {
		return fmt.Errorf("marking a merge undone: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.Conflict, "This merge has already been undone")
	}
	return nil
}
