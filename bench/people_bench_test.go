// Package bench holds the service's benchmarks: Go benchmarks of the people
// service on SQLite and PostgreSQL here, and the load tests of the running
// service in run.sh (see README.md). Nothing here passes or fails on speed.
package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"mace/internal/app"
	"mace/internal/demo"
	"mace/internal/people"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/testclock"
)

// EnvPG names the variable holding a PostgreSQL database for the postgres
// sub-benchmarks (each run makes its own schema there and drops it).
const EnvPG = "MACE_BENCH_PG"

const (
	// benchPeople is the size of the seeded caseload: big enough that a
	// record is not always in the cache, small enough to seed in seconds.
	benchPeople = 5000
	benchSeed   = 1
	// benchUser reads the records: a screener at Northfield, who sees
	// Northfield's records in full.
	benchUser = "screener@northfield.example"
)

// benchStart is when the benchmarks' data is made and read: a fixed
// moment, so that the results do not depend on the day they are run.
var benchStart = time.Date(2026, 12, 2, 11, 30, 0, 0, time.UTC)

// benchClock is a clock for the services, stopped at benchStart.
func benchClock() func() time.Time { return testclock.New(benchStart).Now }

// fixture is a seeded database and its services, made once per dialect
// and shared by every benchmark that asks for it.
type fixture struct {
	db      *db.DB
	auth    *auth.Service
	people  *people.Service
	ctx     context.Context // signed in as benchUser
	ids     []string        // records benchUser may see in full
	close   func()
	skipMsg string
	err     error
}

var (
	fixturesMu sync.Mutex
	fixtures   = map[string]*fixture{}
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, f := range fixtures {
		if f.close != nil {
			f.close()
		}
	}
	os.Exit(code)
}

// seeded returns the fixture of dialect ("sqlite" or "postgres") with
// size people, making it on first use; it skips the benchmark when
// PostgreSQL is asked for and MACE_BENCH_PG is unset.
func seeded(b *testing.B, dialect string, size int) *fixture {
	b.Helper()
	key := fmt.Sprintf("%s/%d", dialect, size)
	fixturesMu.Lock()
	defer fixturesMu.Unlock()
	f, ok := fixtures[key]
	if !ok {
		f = newFixture(dialect, size)
		fixtures[key] = f
	}
	if f.skipMsg != "" {
		b.Skip(f.skipMsg)
	}
	if f.err != nil {
		b.Fatal(f.err)
	}
	return f
}

func newFixture(dialect string, size int) *fixture {
	ctx := context.Background()
	f := &fixture{}
	var err error
	switch dialect {
	case "sqlite":
		f.db, f.close, err = openSQLite(ctx)
	case "postgres":
		if os.Getenv(EnvPG) == "" {
			f.skipMsg = "PostgreSQL benchmarks need " + EnvPG + " (e.g. postgres://postgres@127.0.0.1:5432/mace_bench)"
			return f
		}
		f.db, f.close, err = openPostgres(ctx, os.Getenv(EnvPG))
	default:
		err = fmt.Errorf("no dialect %q", dialect)
	}
	if err != nil {
		f.err = err
		return f
	}
	if _, err := f.db.Migrate(ctx, app.Migrations()); err != nil {
		f.err = err
		return f
	}
	// The services as the server builds them (app.newServices).
	now := benchClock()
	a := audit.New(now)
	f.auth = auth.NewService(f.db, a, now)
	f.people = &people.Service{DB: f.db, Audit: a, Orgs: f.auth, Now: now}
	start := time.Now() // timing
	if err := demo.Seed(ctx, demo.Services{Auth: f.auth, People: f.people}, size, benchSeed, now(), io.Discard); err != nil {
		f.err = fmt.Errorf("seeding %s: %w", dialect, err)
		return f
	}
	u, err := f.auth.UserByEmail(ctx, benchUser)
	if err != nil {
		f.err = err
		return f
	}
	f.ctx = audit.WithAddress(auth.WithUser(ctx, u), "127.0.0.1")
	rows, err := f.db.Read().QueryContext(ctx, `SELECT id FROM people
		WHERE owner_org_id = $1 AND NOT restricted ORDER BY substr(id, 11) LIMIT 1000`, u.Organisation.ID)
	if err != nil {
		f.err = err
		return f
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			f.err = err
			return f
		}
		f.ids = append(f.ids, id)
	}
	if err := rows.Err(); err != nil {
		f.err = err
		return f
	}
	if len(f.ids) == 0 && size > 0 {
		f.err = fmt.Errorf("no records for %s to read", benchUser)
		return f
	}
	fmt.Fprintf(os.Stderr, "bench: seeded %d people on %s in %s\n", size, dialect, time.Since(start).Round(time.Millisecond)) // timing
	return f
}

func openSQLite(ctx context.Context) (*db.DB, func(), error) {
	dir, err := os.MkdirTemp("", "mace-bench-")
	if err != nil {
		return nil, nil, err
	}
	d, err := db.Open(ctx, filepath.Join(dir, "mace.db"))
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	return d, func() { d.Close(); os.RemoveAll(dir) }, nil
}

// openPostgres makes a new schema in the database at base and opens it.
func openPostgres(ctx context.Context, base string) (*db.DB, func(), error) {
	admin, err := db.Open(ctx, base)
	if err != nil {
		return nil, nil, err
	}
	var r [6]byte
	_, _ = rand.Read(r[:])
	schema := "mace_bench_" + hex.EncodeToString(r[:])
	if _, err := admin.Write().ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		return nil, nil, err
	}
	drop := func() {
		_, _ = admin.Write().ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	}
	u, err := url.Parse(base)
	if err != nil {
		drop()
		return nil, nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	d, err := db.Open(ctx, u.String())
	if err != nil {
		drop()
		return nil, nil, err
	}
	return d, func() { d.Close(); drop() }, nil
}

var dialects = []string{"sqlite", "postgres"}

// BenchmarkPersonGet reads person records one after another, as the person
// page and GET /api/v1/people/{id} do: the record with the access rules
// applied, and the view written to the audit trail, in one transaction.
func BenchmarkPersonGet(b *testing.B) {
	for _, dialect := range dialects {
		b.Run(dialect, func(b *testing.B) {
			f := seeded(b, dialect, benchPeople)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := f.people.Get(f.ctx, f.ids[i%len(f.ids)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkPersonGetParallel is BenchmarkPersonGet from 4×GOMAXPROCS
// goroutines at once (8 on two CPUs, like the load tests' 8 connections):
// every view is a write (its audit event), so the views queue for the
// SQLite writer or for PostgreSQL's lock on the audit trail's head.
func BenchmarkPersonGetParallel(b *testing.B) {
	for _, dialect := range dialects {
		b.Run(dialect, func(b *testing.B) {
			f := seeded(b, dialect, benchPeople)
			b.ReportAllocs()
			var mu sync.Mutex
			next := 0
			b.SetParallelism(4)
			b.RunParallel(func(pb *testing.PB) {
				mu.Lock()
				i := next * 397
				next++
				mu.Unlock()
				for pb.Next() {
					if _, err := f.people.Get(f.ctx, f.ids[i%len(f.ids)]); err != nil {
						b.Error(err)
						return
					}
					i++
				}
			})
		})
	}
}

// BenchmarkCreateMany loads people in batches through CreateMany, as
// `mace demo` and imports do; one op is a batch of createBatch people.
func BenchmarkCreateMany(b *testing.B) {
	const createBatch = 100
	for _, dialect := range dialects {
		b.Run(dialect, func(b *testing.B) {
			f := seeded(b, dialect, 0)
			ctx := context.Background()
			orgs, err := f.auth.ListOrganisations(ctx)
			if err != nil {
				b.Fatal(err)
			}
			areaLA := map[string]string{}
			var police []string
			for _, o := range orgs {
				switch {
				case o.Name == "Northfield County Council":
					areaLA["A"] = o.ID
				case o.Name == "Riverside Borough Council":
					areaLA["B"] = o.ID
				case o.Type == auth.PoliceForce:
					police = append(police, o.ID)
				}
			}
			g := demo.NewGenerator(benchSeed)
			asOf := benchStart
			n := 0
			recs := make([]people.NewRecord, createBatch)
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				for j := range recs {
					var p demo.Person
					if n%9 == 8 {
						p = g.Adult(asOf)
					} else {
						p = g.Child(asOf)
					}
					recs[j] = people.NewRecord{Input: p.Input(areaLA[p.Area])}
					if p.IsChild && n%6 == 0 {
						recs[j].InvolvedOrgIDs = police
					}
					n++
				}
				b.StartTimer()
				if _, err := f.people.CreateMany(ctx, recs); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "people/s")
		})
	}
}

// BenchmarkDemoSeed is the work of `serve --demo` on an empty SQLite
// database, less the server: open, migrate, and create the demo partnership
// with its 400 people. One op is one fresh database.
func BenchmarkDemoSeed(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		d, closeDB, err := openSQLite(ctx)
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
		if err := demo.Seed(ctx, demo.Services{Auth: au, People: ps}, demo.Sizes["small"], benchSeed, now(), io.Discard); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		closeDB()
		b.StartTimer()
	}
}
