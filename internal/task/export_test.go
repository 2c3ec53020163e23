package task

import (
	"context"
	"strings"

	"mace/internal/platform/db"
)

// ExplainList is the database's plan of the query of a page of the open
// (or, with state, done or cancelled) tasks of the users and teams, after
// a cursor when after is set, or of their count when count is set: one line
// a step.
func ExplainList(ctx context.Context, d *db.DB, users, teams []string, state string, after, count bool) ([]string, error) {
	f := filter{OwnerUsers: users, OwnerTeams: teams, State: state, Limit: DefaultPageSize + 1}
	if after {
		f.After = &cursor{Order: orderName(state), Key: "2026-12-03T10:00:00.000000Z", ID: db.NewID()}
	}
	query, a := listSQL(f)
	if count {
		query, a = countSQL(f, CountUpTo)
	}
	explain := "EXPLAIN QUERY PLAN "
	if d.Dialect == db.Postgres {
		explain = "EXPLAIN "
	}
	rows, err := d.Read().QueryContext(ctx, explain+query, a...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, strings.TrimSpace(toString(vals[len(vals)-1])))
	}
	return out, rows.Err()
}

func toString(v any) string {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case string:
		return x
	}
	return ""
}
