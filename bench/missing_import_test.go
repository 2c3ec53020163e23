package bench

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"testing"
	"time"

	"mace/internal/app"
	"mace/internal/demo"
	"mace/internal/missing"
	"mace/internal/missingimport"
	"mace/internal/people"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/task"
)

// importRows is the size of the police file BenchmarkImport100k imports.
const importRows = 100_000

// BenchmarkImport100k imports a police file of 100,000 missing
// notifications, as `mace import missing FILE --commit` does: the preview
// (reading, checking and matching every row) and the commit (every episode,
// its audit event, its return interview task and the repeat-missing check,
// in one transaction). The file is synthetic: 10,000 young people of the
// seeded Northfield, ten episodes each, each found a day later.
// Run it once per database: -benchtime=1x (each run needs a fresh one).
func BenchmarkImport100k(b *testing.B) {
	for _, dialect := range dialects {
		b.Run(dialect, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				f := newImportFixture(b, dialect)
				if f == nil {
					return
				}
				b.StartTimer()
				start := time.Now() // timing
				p, err := f.im.Preview(f.ctx, "police.csv", "", f.file, nil)
				if err != nil {
					b.Fatal(err)
				}
				preview := time.Since(start) // timing
				c, err := f.im.Commit(f.ctx, p.ID, nil)
				if err != nil {
					b.Fatal(err)
				}
				total := time.Since(start) // timing
				b.StopTimer()
				b.ReportMetric(preview.Seconds(), "preview-s")
				b.ReportMetric((total - preview).Seconds(), "commit-s")
				b.ReportMetric(float64(c.Counts.Create), "created")
				b.ReportMetric(float64(c.Counts.Review), "review")
				b.ReportMetric(float64(c.Tasks), "tasks")
				fmt.Fprintf(os.Stderr, "bench: %s import of %d rows: preview %s, commit %s; %+v, %d tasks\n", dialect,
					importRows, preview.Round(time.Millisecond), (total - preview).Round(time.Millisecond), c.Counts, c.Tasks)
				f.close()
				b.StartTimer()
			}
		})
	}
}

type importFixture struct {
	im    *missingimport.Importer
	ctx   context.Context
	file  []byte
	close func()
}

func newImportFixture(b *testing.B, dialect string) *importFixture {
	b.Helper()
	ctx := context.Background()
	var d *db.DB
	var closeFn func()
	var err error
	switch dialect {
	case "sqlite":
		d, closeFn, err = openSQLite(ctx)
	default:
		if os.Getenv(EnvPG) == "" {
			b.Skip("PostgreSQL benchmarks need " + EnvPG)
		}
		d, closeFn, err = openPostgres(ctx, os.Getenv(EnvPG))
	}
	if err != nil {
		b.Fatal(err)
	}
	if _, err := d.Migrate(ctx, app.Migrations()); err != nil {
		b.Fatal(err)
	}
	now := benchClock()
	a := audit.New(now)
	au := auth.NewService(d, a, now)
	ps := &people.Service{DB: d, Audit: a, Orgs: au, Now: now}
	if err := demo.Seed(ctx, demo.Services{Auth: au, People: ps}, 30_000, benchSeed, now(), io.Discard); err != nil {
		b.Fatal(err)
	}
	cal := &calendar.Service{DB: d, Audit: a, Now: now}
	ts := &task.Service{DB: d, Audit: a, Directory: au, Now: now}
	svc := &missing.Service{DB: d, Audit: a, Directory: au, Tasks: ts, Calendar: cal,
		Timescales: calendar.DefaultTimescales(), Now: now}
	forces, err := svc.Forces(ctx)
	if err != nil || len(forces) == 0 {
		b.Fatalf("no police force: %v", err)
	}
	u, err := au.UserByEmail(ctx, "missing-coordinator@northfield.example")
	if err != nil {
		b.Fatal(err)
	}
	rows, err := d.Read().QueryContext(ctx, `SELECT given_name, family_name, date_of_birth FROM people
		WHERE owner_org_id = $1 AND kind = 'child' AND NOT restricted AND date_of_birth IS NOT NULL
		ORDER BY id LIMIT 10000`, u.Organisation.ID)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"police_reference", "force", "type", "given_name", "family_name", "date_of_birth", "start", "end",
		"risk_grading", "reported_by", "where_found", "looked_after"})
	n := 0
	base := time.Date(2025, 1, 6, 19, 30, 0, 0, civil.London)
	for rows.Next() && n < importRows {
		var given, family string
		var dob civil.Date
		if err := rows.Scan(&given, &family, &dob); err != nil {
			b.Fatal(err)
		}
		for ep := range 10 {
			start := base.AddDate(0, 0, 20*ep+n%50)
			_ = w.Write([]string{fmt.Sprintf("NRP-%07d", n), forces[0].Name, []string{"M", "A"}[n%2], given, family,
				dob.Time(time.UTC).Format("02/01/2006"), start.Format("02/01/2006 15:04"),
				start.Add(22 * time.Hour).Format("2006-01-02 15:04"), []string{"low", "medium", "high"}[n%3],
				"Carer", "Town centre", []string{"Y", "N"}[n%2]})
			n++
		}
	}
	rows.Close()
	w.Flush()
	if n < importRows {
		b.Fatalf("only %d rows: too few young people seeded", n)
	}
	return &importFixture{im: &missingimport.Importer{Svc: svc, People: ps}, ctx: auth.WithUser(ctx, u), file: buf.Bytes(),
		close: closeFn}
}
