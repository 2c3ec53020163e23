package people

import (
	"context"
	"database/sql"
	"fmt"

	"mace/internal/people/match"
	"mace/internal/platform/db"
)

// rebuildBatch is how many records one rebuild transaction takes.
const rebuildBatch = 500

// RebuildMatchKeys gives every record the keys of the current key version
// (match.KeyVersion): records stored before matching existed, or whose keys
// an older version made. It runs at start-up (migrate and serve) and does
// nothing once the database records that the current version is done. Each
// batch is its own transaction and first takes the lock row in
// person_match_state, so several servers starting at once share the work
// without clashing; a record changed meanwhile is locked before it is read,
// so its new keys are never overwritten with old ones. It returns how many
// records it rebuilt.
func RebuildMatchKeys(ctx context.Context, d *db.DB) (int, error) {
	var v int
	if err := d.Read().QueryRowContext(ctx, "SELECT value FROM person_match_state WHERE name = 'key_version'").Scan(&v); err != nil {
		return 0, fmt.Errorf("reading the match key version: %w", err)
	}
	if v == match.KeyVersion {
		return 0, nil
	}
	total := 0
	for {
		n, done := 0, false
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			var err error
			n, done, err = rebuildSome(ctx, tx)
			return err
		})
		if err != nil {
			return total, fmt.Errorf("rebuilding match keys: %w", err)
		}
		total += n
		if done {
			return total, nil
		}
	}
}

// rebuildSome rebuilds up to rebuildBatch records whose keys are not of the
// current version, and reports done when there were none left.
func rebuildSome(ctx context.Context, tx *sql.Tx) (int, bool, error) {
	var v int
	// Taking the row lock serialises rebuilders across servers.
	if err := tx.QueryRowContext(ctx, `UPDATE person_match_state SET value = value WHERE name = 'key_version'
		RETURNING value`).Scan(&v); err != nil {
		return 0, false, err
	}
	if v == match.KeyVersion {
		return 0, true, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT p.id FROM people p WHERE p.merged_into IS NULL AND NOT EXISTS (
		SELECT 1 FROM person_match_keys k WHERE k.person_id = p.id AND k.key = $1) ORDER BY p.id LIMIT $2`,
		match.VersionKey(), rebuildBatch)
	if err != nil {
		return 0, false, err
	}
	ids, err := collectIDs(rows)
	if err != nil {
		return 0, false, err
	}
	if len(ids) == 0 {
		_, err := tx.ExecContext(ctx, "UPDATE person_match_state SET value = $1 WHERE name = 'key_version'", match.KeyVersion)
		return 0, true, err
	}
	var a db.Args
	// Lock the records before reading them: a change committed by another
	// server is then either seen here or made after these keys.
	if _, err := tx.ExecContext(ctx, "UPDATE people SET version = version WHERE id IN "+a.In(ids), a...); err != nil {
		return 0, false, err
	}
	for _, id := range ids {
		p, err := loadPerson(ctx, tx, id)
		if err != nil {
			return 0, false, err
		}
		if err := loadDetails(ctx, tx, p); err != nil {
			return 0, false, err
		}
		if err := syncMatchKeys(ctx, tx, p, false); err != nil {
			return 0, false, err
		}
	}
	return len(ids), false, nil
}

func collectIDs(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
