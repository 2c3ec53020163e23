package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"mace/internal/platform/civil"
)

// trgm is the baseline: the people in one PostgreSQL table with a GIN
// trigram index on the full name.
type trgm struct {
	conn   *pgx.Conn
	schema string
	admin  string
}

// trgmLikely is the baseline's "likely the same young person": similarity
// plus 0.5 for the same date of birth at least 1 (a close name and the
// same date of birth, or a near-identical name alone).
const trgmLikely = 1.0

func loadTrgm(ctx context.Context, pgURL string, data []person, out io.Writer) (*trgm, error) {
	schema := fmt.Sprintf("match_bench_%d", time.Now().Unix())
	admin, err := pgx.Connect(ctx, pgURL)
	if err != nil {
		return nil, err
	}
	defer admin.Close(ctx)
	for _, stmt := range []string{"CREATE EXTENSION IF NOT EXISTS pg_trgm", "CREATE SCHEMA " + schema} {
		if _, err := admin.Exec(ctx, stmt); err != nil {
			return nil, fmt.Errorf("%s: %w", stmt, err)
		}
	}
	u, err := url.Parse(pgURL)
	if err != nil {
		return nil, err
	}
	qv := u.Query()
	qv.Set("search_path", schema+",public")
	u.RawQuery = qv.Encode()
	conn, err := pgx.Connect(ctx, u.String())
	if err != nil {
		return nil, err
	}
	t := &trgm{conn: conn, schema: schema, admin: pgURL}
	if _, err := conn.Exec(ctx, `CREATE TABLE people (id INTEGER PRIMARY KEY, full_name TEXT NOT NULL,
		date_of_birth DATE, estimated_age INTEGER, postcode TEXT, phone TEXT)`); err != nil {
		t.close()
		return nil, err
	}
	t0 := time.Now()
	rows := make([][]any, len(data))
	for i, p := range data {
		var dob any
		if !p.DateOfBirth.IsZero() {
			dob = p.DateOfBirth
		}
		rows[i] = []any{i, strings.ToLower(p.GivenName + " " + p.FamilyName), dob, p.EstimatedAge, p.Postcode, p.Phone}
	}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"people"}, []string{"id", "full_name", "date_of_birth", "estimated_age",
		"postcode", "phone"}, pgx.CopyFromRows(rows)); err != nil {
		t.close()
		return nil, err
	}
	if _, err := conn.Exec(ctx, "CREATE INDEX people_name_trgm ON people USING gin (full_name gin_trgm_ops)"); err != nil {
		t.close()
		return nil, err
	}
	if _, err := conn.Exec(ctx, "ANALYZE people"); err != nil {
		t.close()
		return nil, err
	}
	fmt.Fprintf(out, "pg_trgm: loaded and indexed %d people in %s (schema %s)\n", len(data), time.Since(t0).Round(time.Second), schema)
	return t, nil
}

func (t *trgm) close() {
	ctx := context.Background()
	t.conn.Close(ctx)
	if admin, err := pgx.Connect(ctx, t.admin); err == nil {
		admin.Exec(ctx, "DROP SCHEMA "+t.schema+" CASCADE")
		admin.Close(ctx)
	}
}

// search asks for the ten most similar full names (the known-as name in
// place of the given name when that is all there is) and re-ranks them by
// date of birth, or by age when only an age is known.
func (t *trgm) search(ctx context.Context, q query) (results, error) {
	given := q.GivenNames
	if given == "" && len(q.OtherNames) > 0 {
		given = q.OtherNames[0]
	}
	name := strings.ToLower(strings.TrimSpace(given + " " + q.FamilyName))
	rows, err := t.conn.Query(ctx, `SELECT id, date_of_birth, estimated_age, similarity(full_name, $1) AS s
		FROM people WHERE full_name % $1 ORDER BY s DESC LIMIT 10`, name)
	if err != nil {
		return results{}, err
	}
	type hit struct {
		id    int
		score float64
	}
	var hits []hit
	today := civil.Of(asOf)
	for rows.Next() {
		var id int
		var dob *time.Time
		var est *int
		var s float32
		if err := rows.Scan(&id, &dob, &est, &s); err != nil {
			rows.Close()
			return results{}, err
		}
		score := float64(s)
		switch {
		case !q.DateOfBirth.IsZero() && dob != nil && civil.Of(*dob) == q.DateOfBirth:
			score += 0.5
		case !q.DateOfBirth.IsZero() && dob != nil && dob.Year() == q.DateOfBirth.Year:
			score += 0.1
		case q.AgeYears > 0 && dob != nil && abs(civil.Of(*dob).AgeOn(today)-q.AgeYears) <= 1:
			score += 0.1
		}
		hits = append(hits, hit{id, score})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return results{}, err
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].score > hits[j].score })
	var r results
	for _, h := range hits {
		r.ranked = append(r.ranked, h.id)
	}
	r.likely = len(hits) > 0 && hits[0].score >= trgmLikely
	return r, nil
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
