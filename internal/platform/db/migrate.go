package db

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
)

// Migration is one embedded, ordered schema change. IDs sort in the order
// they must run across every package (a date and sequence prefix, then a
// name: "20261123_01_auth").
type Migration struct {
	ID  string
	SQL string
}

// MigrationsFrom reads every .sql file in dir of fsys as a migration named by
// its file name without the extension.
func MigrationsFrom(fsys fs.FS, dir string) []Migration {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		panic(fmt.Sprintf("db: reading migrations: %v", err))
	}
	var ms []Migration
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".sql" {
			continue
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			panic(fmt.Sprintf("db: reading migration %s: %v", e.Name(), err))
		}
		ms = append(ms, Migration{ID: strings.TrimSuffix(e.Name(), ".sql"), SQL: string(b)})
	}
	return ms
}

// Migrate applies, in ID order, each migration not yet recorded, each in its
// own transaction, and returns the IDs it applied.
func (d *DB) Migrate(ctx context.Context, ms []Migration) ([]string, error) {
	ms = slices.Clone(ms)
	slices.SortFunc(ms, func(a, b Migration) int { return strings.Compare(a.ID, b.ID) })
	for i := 1; i < len(ms); i++ {
		if ms[i].ID == ms[i-1].ID {
			return nil, fmt.Errorf("two migrations share the ID %s", ms[i].ID)
		}
	}
	if _, err := d.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		id TEXT PRIMARY KEY,
		applied_at TEXT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("creating the migrations table: %w", err)
	}
	var applied []string
	for _, m := range ms {
		done := false
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			if err := d.lockMigrations(ctx, tx); err != nil {
				return err
			}
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE id = $1", m.ID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				done = true
				return nil
			}
			for _, stmt := range SplitStatements(m.SQL) {
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("%w\nin: %s", err, stmt)
				}
			}
			_, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)", m.ID, Time(time.Now()))
			return err
		})
		if err != nil {
			return applied, fmt.Errorf("migration %s: %w", m.ID, err)
		}
		if !done {
			applied = append(applied, m.ID)
		}
	}
	return applied, nil
}

// SplitStatements splits a migration into statements at semicolons that end
// a line, dropping "--" comment lines. Migrations keep to that shape.
func SplitStatements(src string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteString("\n")
		if strings.HasSuffix(t, ";") {
			s := strings.TrimSuffix(strings.TrimSpace(cur.String()), ";")
			out = append(out, s)
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}
