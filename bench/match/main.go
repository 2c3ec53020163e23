// Command match is the benchmark of finding the right child: it loads the
// same synthetic people into mace on SQLite (through the production bulk
// import and key code) and into PostgreSQL with pg_trgm, asks both the same
// referral-style queries with realistic mistakes, and reports recall,
// false matches and latency. See bench/README.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"sort"
	"syscall"
	"time"

	"mace/internal/app"
	"mace/internal/people"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "match benchmark:", err)
		os.Exit(1)
	}
}

// asOf is the benchmark's today: ages and dates of birth are reckoned on it.
var asOf = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("match", flag.ContinueOnError)
	nPeople := fs.Int("people", 1_000_000, "synthetic people to load")
	nQueries := fs.Int("queries", 10_000, "queries to ask")
	warm := fs.Int("warm", 500, "queries asked first and not measured")
	dir := fs.String("dir", "", "folder for the SQLite database (default: a new temporary folder, removed after)")
	pg := fs.String("pg", "", "postgres:// URL of a database for the pg_trgm baseline (its own schema is made and dropped)")
	seed := fs.Uint64("seed", 1, "seed of the synthetic data")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	reuse := fs.Bool("reuse", false, "use the SQLite database a run with the same -dir, -people and -seed loaded, instead of loading it again")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if *dir == "" {
		d, err := os.MkdirTemp("", "mace-match-bench")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		*dir = d
	}
	t0 := time.Now()
	data := generatePeople(*nPeople, *seed, asOf)
	qs := makeQueries(data, *nQueries, *seed+1, asOf)
	fmt.Fprintf(out, "generated %d people and %d queries in %s\n", len(data), len(qs), time.Since(t0).Round(time.Millisecond))

	m, err := loadMace(ctx, filepath.Join(*dir, "mace.db"), data, *reuse, out)
	if err != nil {
		return err
	}
	defer m.db.Close()
	var t *trgm
	if *pg != "" {
		if t, err = loadTrgm(ctx, *pg, data, out); err != nil {
			return err
		}
		defer t.close()
	}

	fmt.Fprintf(out, "warming up with %d queries each\n", *warm)
	for _, q := range qs[:min(*warm, len(qs))] {
		if _, err := m.search(q); err != nil {
			return err
		}
		if t != nil {
			if _, err := t.search(ctx, q); err != nil {
				return err
			}
		}
	}
	mr := measure(qs, m.search)
	if mr.err != nil {
		return mr.err
	}
	report(out, "mace (SQLite, match keys)", qs, mr)
	if t != nil {
		tr := measure(qs, func(q query) (results, error) { return t.search(ctx, q) })
		if tr.err != nil {
			return tr.err
		}
		report(out, "PostgreSQL pg_trgm (GIN on full name, top 10 by similarity, re-ranked by date of birth)", qs, tr)
	}
	return nil
}

// results is one system's answer: person indexes best first, and whether
// the best is "likely the same young person" by the system's threshold.
type results struct {
	ranked []int
	likely bool
}

type measured struct {
	answers []results
	times   []time.Duration
	cpu     time.Duration // CPU time of this process over all the queries
	err     error
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func measure(qs []query, search func(query) (results, error)) (m measured) {
	m = measured{answers: make([]results, len(qs)), times: make([]time.Duration, len(qs))}
	start := cpuTime()
	defer func() { m.cpu = cpuTime() - start }()
	for i, q := range qs {
		t := time.Now()
		r, err := search(q)
		m.times[i] = time.Since(t)
		if err != nil {
			m.err = err
			return m
		}
		m.answers[i] = r
	}
	return m
}

func report(out io.Writer, name string, qs []query, m measured) {
	type tally struct{ n, at1, at10 int }
	byKind := map[string]*tally{}
	var all tally
	noMatch, falseMatches := 0, 0
	for i, q := range qs {
		a := m.answers[i]
		if q.Truth < 0 {
			noMatch++
			if a.likely {
				falseMatches++
			}
			continue
		}
		k := byKind[q.Kind]
		if k == nil {
			k = &tally{}
			byKind[q.Kind] = k
		}
		k.n++
		all.n++
		if len(a.ranked) > 0 && a.ranked[0] == q.Truth {
			k.at1++
			all.at1++
		}
		if slices.Contains(a.ranked[:min(10, len(a.ranked))], q.Truth) {
			k.at10++
			all.at10++
		}
	}
	ts := slices.Clone(m.times)
	sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
	pct := func(p float64) float64 { return float64(ts[int(p*float64(len(ts)-1))].Microseconds()) / 1000 }
	fmt.Fprintf(out, "\n== %s\n", name)
	fmt.Fprintf(out, "queries with a true match: %d; recall@1 %.4f; recall@10 %.4f\n", all.n,
		float64(all.at1)/float64(all.n), float64(all.at10)/float64(all.n))
	fmt.Fprintf(out, "queries with no true match: %d; top result above the likely threshold: %d (%.2f%%)\n", noMatch,
		falseMatches, 100*float64(falseMatches)/float64(max(noMatch, 1)))
	fmt.Fprintf(out, "latency over all %d queries, one at a time: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms\n",
		len(ts), pct(0.5), pct(0.95), pct(0.99), pct(1))
	fmt.Fprintf(out, "CPU time of the benchmark process per query: %.2f ms (for PostgreSQL, the client's only; the server's is not counted)\n",
		float64(m.cpu.Microseconds())/1000/float64(len(qs)))
	fmt.Fprintf(out, "%-20s %6s %9s %9s\n", "kind", "n", "recall@1", "recall@10")
	for _, k := range kinds {
		if t := byKind[k]; t != nil {
			fmt.Fprintf(out, "%-20s %6d %9.4f %9.4f\n", k, t.n, float64(t.at1)/float64(t.n), float64(t.at10)/float64(t.n))
		}
	}
}

// maceDB is mace's people service on SQLite, loaded with the data.
type maceDB struct {
	db    *db.DB
	svc   *people.Service
	ctx   context.Context
	index map[string]int // person id to data index
}

func loadMace(ctx context.Context, path string, data []person, reuse bool, out io.Writer) (*maceDB, error) {
	if reuse {
		return reopenMace(ctx, path, data, out)
	}
	d, err := db.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	if _, err := d.Migrate(ctx, app.Migrations()); err != nil {
		return nil, err
	}
	// A bulk load of a million records: a 4 GB page cache on the one
	// writer connection keeps the indexes in memory, so that a key landing
	// anywhere in the key index does not read a page from disk.
	if _, err := d.Write().ExecContext(ctx, "PRAGMA cache_size = -4194304"); err != nil {
		return nil, err
	}
	now := func() time.Time { return asOf }
	a := audit.New(now)
	au := auth.NewService(d, a, now)
	svc := &people.Service{DB: d, Audit: a, Orgs: au, Now: now}
	org, err := au.CreateOrganisation(ctx, "Northfield County Council", auth.LocalAuthority)
	if err != nil {
		return nil, err
	}
	u, err := au.CreateUser(ctx, auth.UserInput{Email: "screener@northfield.example", Name: "Bench Screener",
		OrganisationID: org.ID, Password: "a long benchmark password", Roles: []auth.Role{auth.Screener}, Active: true})
	if err != nil {
		return nil, err
	}
	if u, err = au.GetUser(ctx, u.ID); err != nil {
		return nil, err
	}
	m := &maceDB{db: d, svc: svc, ctx: auth.WithUser(ctx, u), index: make(map[string]int, len(data))}
	t0 := time.Now()
	const chunk = 5000 // each import is one transaction, within db.TxTimeout
	for start := 0; start < len(data); start += chunk {
		end := min(start+chunk, len(data))
		recs := make([]people.NewRecord, 0, end-start)
		for _, p := range data[start:end] {
			recs = append(recs, people.NewRecord{Input: p.input(org.ID)})
		}
		ids, err := svc.Import(ctx, recs)
		if err != nil {
			return nil, fmt.Errorf("importing people %d to %d: %w", start+1, end, err)
		}
		for i, id := range ids {
			m.index[id] = start + i
		}
		if end%100_000 == 0 || end == len(data) {
			fmt.Fprintf(out, "mace: imported %d people in %s\n", end, time.Since(t0).Round(time.Second))
		}
	}
	if _, err := people.RebuildMatchKeys(ctx, d); err != nil {
		return nil, err
	}
	if err := saveIDs(path+".ids", m.index, len(data)); err != nil {
		return nil, err
	}
	var keys int
	_ = d.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM person_match_keys").Scan(&keys)
	st, _ := os.Stat(path)
	size := int64(0)
	if st != nil {
		size = st.Size()
	}
	fmt.Fprintf(out, "mace: %d match keys (%.1f a person); database file %.0f MB; load took %s\n", keys,
		float64(keys)/float64(max(len(data), 1)), float64(size)/1e6, time.Since(t0).Round(time.Second))
	return m, nil
}

func (m *maceDB) search(q query) (results, error) {
	ms, err := m.svc.Matches(m.ctx, q.MatchQuery, 10)
	if err != nil {
		return results{}, err
	}
	var r results
	for _, x := range ms {
		r.ranked = append(r.ranked, m.index[x.PersonID])
	}
	r.likely = len(ms) > 0 && ms[0].Likely
	return r, nil
}
