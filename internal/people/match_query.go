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
	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
)

// Candidate look-up: the SQL that turns a referral's blocking keys into the
// records to score.

// Bounds on candidate look-up: each key contributes at most blockLimit
// records (a key shared by thousands says little and would only slow the
// search), and at most candidateLimit records are scored, those sharing the
// most keys with the referral first.
const (
	blockLimit     = 200
	hitLimit       = 120 // records gathered from the keys, before the scope
	candidateLimit = 60
)

// candidate is a record to score, with what scoring needs.
type candidate struct {
	Summary
	EstimatedOn civil.Date
	OtherNames  []string
	Postcodes   []string
	Phones      []string
}

// candidateFilter says which records may be candidates: those not merged
// away whose content User may see, or every one of them when Every is set.
type candidateFilter struct {
	User  *auth.User
	Every bool
}

// findCandidates returns the records sharing a key with the referral that
// the filter lets in, those sharing the most keys first. It first gathers
// the ids from the keys alone (each key's block bounded), so that the access
// scope is evaluated only for them, never for the whole table.
func findCandidates(ctx context.Context, q db.Querier, keys []int64, f candidateFilter) ([]*candidate, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	var a db.Args
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("SELECT person_id, key FROM (SELECT person_id, key FROM person_match_keys WHERE key = %s LIMIT %d) k%d",
			a.Add(k), blockLimit, i)
	}
	rows, err := q.QueryContext(ctx, strings.Join(parts, " UNION ALL "), a...)
	if err != nil {
		return nil, fmt.Errorf("finding candidates: %w", err)
	}
	// Each record's keys in common, weighed by how telling the key is.
	hits := map[string]int{}
	for rows.Next() {
		var id string
		var k int64
		if err := rows.Scan(&id, &k); err != nil {
			rows.Close()
			return nil, err
		}
		hits[id] += match.KeyWeight(k)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(hits) == 0 {
		return nil, err
	}
	ids := slices.SortedFunc(maps.Keys(hits), func(x, y string) int {
		if c := cmp.Compare(hits[y], hits[x]); c != 0 {
			return c
		}
		return strings.Compare(x, y)
	})
	if len(ids) > hitLimit {
		ids = ids[:hitLimit]
	}
	var scopeArgs db.Args
	scope := "p.merged_into IS NULL"
	if !f.Every {
		scope += " AND " + access.ContentScope(f.User, &scopeArgs, RecordType, "p.id", "p.owner_org_id", "p.restricted")
	}
	// The records are read in turn, those sharing the most keys first, a
	// batch at a time, until candidateLimit of them are in scope: over
	// every record, the first batch is usually all.
	var out []*candidate
	for start := 0; start < len(ids) && len(out) < candidateLimit; start += candidateLimit {
		batch := ids[start:min(start+candidateLimit, len(ids))]
		a := append(db.Args(nil), scopeArgs...)
		rows, err := q.QueryContext(ctx, `SELECT p.id, p.kind, p.given_name, p.family_name, p.date_of_birth, p.estimated_age,
				p.estimated_on, p.gender, p.owner_org_id, p.restricted
			FROM people p WHERE `+scope+` AND p.id IN `+a.In(batch), a...)
		if err != nil {
			return nil, fmt.Errorf("finding candidates: %w", err)
		}
		for rows.Next() {
			var c candidate
			var est sql.NullInt64
			if err := rows.Scan(&c.ID, &c.Kind, &c.GivenName, &c.FamilyName, &c.DateOfBirth, &est, &c.EstimatedOn, &c.Gender,
				&c.OwnerOrgID, &c.Restricted); err != nil {
				rows.Close()
				return nil, err
			}
			c.EstimatedAge = int(est.Int64)
			out = append(out, &c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, func(x, y *candidate) int {
		if c := cmp.Compare(hits[y.ID], hits[x.ID]); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	})
	if len(out) > candidateLimit {
		out = out[:candidateLimit]
	}
	return out, nil
}

// loadCandidateDetails fills the other names, postcodes and phone numbers
// of the candidates, three queries for all of them.
func loadCandidateDetails(ctx context.Context, q db.Querier, cs []*candidate) error {
	if len(cs) == 0 {
		return nil
	}
	byID := make(map[string]*candidate, len(cs))
	ids := make([]string, len(cs))
	for i, c := range cs {
		byID[c.ID] = c
		ids[i] = c.ID
	}
	var a db.Args
	in := a.In(ids)
	for _, s := range []struct {
		query string
		fill  func(c *candidate, v string)
	}{
		{"SELECT person_id, name FROM person_names WHERE person_id IN " + in + " ORDER BY person_id, kind, position",
			func(c *candidate, v string) { c.OtherNames = append(c.OtherNames, v) }},
		{"SELECT person_id, postcode FROM person_addresses WHERE person_id IN " + in + " ORDER BY person_id, position",
			func(c *candidate, v string) { c.Postcodes = append(c.Postcodes, v) }},
		{"SELECT person_id, number FROM person_phones WHERE person_id IN " + in + " ORDER BY person_id, position",
			func(c *candidate, v string) { c.Phones = append(c.Phones, v) }},
	} {
		rows, err := q.QueryContext(ctx, s.query, a...)
		if err != nil {
			return fmt.Errorf("reading candidates: %w", err)
		}
		for rows.Next() {
			var id, v string
			if err := rows.Scan(&id, &v); err != nil {
				rows.Close()
				return err
			}
			if c := byID[id]; c != nil && v != "" {
				s.fill(c, v)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}
