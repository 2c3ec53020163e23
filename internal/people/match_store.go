package people

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"mace/internal/people/match"
	"mace/internal/platform/db"
)

// The SQL of matching: the keys of each record, kept in the same
// transaction as every change of the record, and the counts of the
// counting keys.

// matchPerson is what matching knows of a stored record.
func matchPerson(p *Person) match.Person {
	m := match.Person{GivenNames: p.GivenName, FamilyName: p.FamilyName, DateOfBirth: p.DateOfBirth,
		OtherNames: slices.Concat(p.KnownAs, p.Aliases), AgeYears: p.EstimatedAge, AgeOn: p.EstimatedOn}
	for _, a := range p.Addresses {
		if pc := match.PostcodeKey(a.Postcode); pc != "" && !slices.Contains(m.Postcodes, pc) {
			m.Postcodes = append(m.Postcodes, pc)
		}
	}
	for _, ph := range p.Phones {
		if k := match.PhoneKey(ph); k != "" && !slices.Contains(m.Phones, k) {
			m.Phones = append(m.Phones, k)
		}
	}
	return m
}

// countingKeyLimit is the lowest key that is not a counting key.
const countingKeyLimit = int64(16) << 56

// syncMatchKeys replaces the stored keys of p with those the current key
// version gives, and moves the counts by the difference. fresh says p has
// no keys yet (it is being inserted).
func syncMatchKeys(ctx context.Context, tx *sql.Tx, p *Person, fresh bool) error {
	delta := map[int64]int{}
	if !fresh {
		rows, err := tx.QueryContext(ctx, "SELECT key FROM person_match_keys WHERE person_id = $1 AND key < $2",
			p.ID, countingKeyLimit)
		if err != nil {
			return fmt.Errorf("reading match keys: %w", err)
		}
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
		if _, err := tx.ExecContext(ctx, "DELETE FROM person_match_keys WHERE person_id = $1", p.ID); err != nil {
			return fmt.Errorf("clearing match keys: %w", err)
		}
	}
	keys := match.Keys(matchPerson(p))
	for _, k := range keys {
		if match.IsFrequencyKey(k) {
			delta[k]++
		}
	}
	if err := insertMatchKeys(ctx, tx, map[string][]int64{p.ID: keys}); err != nil {
		return err
	}
	return addCounts(ctx, tx, delta)
}

// insertMatchKeys writes keys for records that have none, many rows to a
// statement.
func insertMatchKeys(ctx context.Context, tx *sql.Tx, keys map[string][]int64) error {
	const perStatement = maxArgs / 2
	var a db.Args
	var values []string
	flush := func() error {
		if len(values) == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO person_match_keys (person_id, key) VALUES "+strings.Join(values, ", "), a...)
		a, values = a[:0], values[:0]
		if err != nil {
			return fmt.Errorf("inserting match keys: %w", err)
		}
		return nil
	}
	// In key order: the rows land together in the key index.
	type row struct {
		id string
		k  int64
	}
	var rows []row
	for id, ks := range keys {
		for _, k := range ks {
			rows = append(rows, row{id, k})
		}
	}
	slices.SortFunc(rows, func(a, b row) int {
		if c := cmp.Compare(a.k, b.k); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	for _, r := range rows {
		values = append(values, "("+a.Add(r.id)+", "+a.Add(r.k)+")")
		if len(values) == perStatement {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// addCounts moves the counts of counting keys, in key order, so that two
// transactions never wait on each other's rows the wrong way round.
func addCounts(ctx context.Context, tx *sql.Tx, delta map[int64]int) error {
	const perStatement = maxArgs / 2
	ks := slices.Sorted(maps.Keys(delta))
	ks = slices.DeleteFunc(ks, func(k int64) bool { return delta[k] == 0 })
	for len(ks) > 0 {
		n := min(len(ks), perStatement)
		var a db.Args
		values := make([]string, 0, n)
		for _, k := range ks[:n] {
			values = append(values, "("+a.Add(k)+", "+a.Add(delta[k])+")")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO person_match_counts (key, n) VALUES `+strings.Join(values, ", ")+`
			ON CONFLICT (key) DO UPDATE SET n = person_match_counts.n + excluded.n`, a...); err != nil {
			return fmt.Errorf("counting match keys: %w", err)
		}
		ks = ks[n:]
	}
	return nil
}

// loadCounts reads the counts of the given keys and of all records.
func loadCounts(ctx context.Context, q db.Querier, keys []int64) (match.Frequencies, error) {
	f := match.Frequencies{Counts: map[int64]int{}}
	keys = append(slices.Clone(keys), match.TotalKey())
	slices.Sort(keys)
	keys = slices.Compact(keys)
	var a db.Args
	ph := make([]string, len(keys))
	for i, k := range keys {
		ph[i] = a.Add(k)
	}
	rows, err := q.QueryContext(ctx, "SELECT key, n FROM person_match_counts WHERE key IN ("+strings.Join(ph, ", ")+")", a...)
	if err != nil {
		return f, fmt.Errorf("reading match counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k int64
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return f, err
		}
		f.Counts[k] = n
	}
	f.Total = f.Counts[match.TotalKey()]
	return f, rows.Err()
}
