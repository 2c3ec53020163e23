package app

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"mace/internal/demo"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/testclock"
	"mace/internal/ssda903"
)

// The SSDA903 Missing return of the demo data has rows and passes every
// check of the Missing table's rules.
func TestDemo903ReturnIsClean(t *testing.T) {
	e := sqliteEnv(t)
	ctx := context.Background()
	now := e.clock.Now()
	if err := demo.SeedMissing(ctx, e.svc.Auth, e.svc.People, e.svc.Missing, now); err != nil {
		t.Fatal(err)
	}
	la := e.user("screener@northfield.example").Organisation.ID
	// The collection year in progress: the demo episodes are recent.
	year := ssda903.LatestCollectionYear(now) + 1
	ret, err := e.svc.Returns.Export903ForAuthority(ctx, la, year)
	if err != nil {
		t.Fatal(err)
	}
	if ret.RowCount == 0 {
		t.Fatalf("the demo's %s return has no rows: no looked-after child went missing", ret.Label)
	}
	if len(ret.Problems) != 0 {
		t.Fatalf("the demo's return breaks the rules: %+v", ret.Problems)
	}
	last, err := e.svc.Returns.Export903ForAuthority(ctx, la, year-1)
	if err != nil {
		t.Fatal(err)
	}
	if problems := ssda903.Validate903(ret.Rows, year, last.Rows); len(problems) != 0 {
		t.Fatalf("revalidated, the rows break the rules: %+v", problems)
	}
}

// A realistic year of police files: about 2,500 looked-after Northfield
// children with about 6,000 episodes a year from February 2024 to June
// 2026, imported as two police files, some episodes crossing 1 April
// (among them ones from 31 March 23:30 to 1 April 00:30 and ones over the
// nights the clocks change), some open. The returns of two consecutive
// collection years, 2024-25 and 2025-26, break none of the Department's
// rules of the Missing table, each alone and the second against the first
// (576); an episode open at the end of 2024-25 is in 2025-26 with the same
// start.
func TestGenerated903TwoYearsPassEveryRule(t *testing.T) {
	t.Parallel()
	children, episodesPerChild := 2500, 6
	if testing.Short() {
		children = 250
	}
	ctx := context.Background()
	d := dbtest.SQLite(t, Migrations())
	clock := testclock.New(testStart)
	svc := newServices(d, clock.Now)
	// About a third of the caseload are Northfield's children.
	if err := demo.Seed(ctx, demo.Services{Auth: svc.Auth, People: svc.People}, children*7/2, 17, clock.Now(), io.Discard); err != nil {
		t.Fatal(err)
	}
	coordinator, err := svc.Auth.UserByEmail(ctx, "missing-coordinator@northfield.example")
	if err != nil {
		t.Fatal(err)
	}
	forces, err := svc.Missing.Forces(ctx)
	if err != nil || len(forces) == 0 {
		t.Fatalf("no police force: %v", err)
	}
	type child struct {
		given, family string
		dob           civil.Date
	}
	// Children whose name and date of birth are their own, so each row
	// finds its record.
	rows, err := d.Read().QueryContext(ctx, `SELECT given_name, family_name, date_of_birth FROM people
		WHERE owner_org_id = $1 AND kind = 'child' AND date_of_birth IS NOT NULL AND date_of_birth < '2024-01-01'
		ORDER BY id LIMIT 20000`, coordinator.Organisation.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kids []child
	seen := map[string]int{}
	for rows.Next() {
		var c child
		if err := rows.Scan(&c.given, &c.family, &c.dob); err != nil {
			t.Fatal(err)
		}
		seen[strings.ToLower(c.given+" "+c.family+" "+c.dob.String())]++
		kids = append(kids, c)
	}
	rows.Close()
	var unique []child
	for _, c := range kids {
		if seen[strings.ToLower(c.given+" "+c.family+" "+c.dob.String())] == 1 && len(unique) < children {
			unique = append(unique, c)
		}
	}
	if len(unique) < children*9/10 {
		t.Fatalf("only %d children to go missing", len(unique))
	}
	london := func(y int, m time.Month, d, h, min int) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, civil.London)
	}
	// Episodes each child must have, at the boundaries of the years.
	fixed := [][2]time.Time{
		{london(2025, 3, 31, 23, 30), london(2025, 4, 1, 0, 30)},  // across the start of 2025-26
		{london(2026, 3, 31, 23, 30), london(2026, 4, 1, 0, 30)},  // across the end of 2025-26
		{london(2025, 3, 30, 0, 30), london(2025, 3, 30, 3, 0)},   // clocks forward, 2025
		{london(2025, 10, 25, 23, 0), london(2025, 10, 26, 3, 0)}, // clocks back, 2025
		{london(2025, 3, 20, 18, 0), london(2025, 4, 12, 9, 0)},   // from before the year into it
		{london(2026, 3, 29, 0, 15), london(2026, 3, 29, 4, 0)},   // clocks forward, 2026
	}
	rng := rand.New(rand.NewPCG(903, 17))
	files := map[int]*bytes.Buffer{}
	writers := map[int]*csv.Writer{}
	header := []string{"police_reference", "force", "type", "given_name", "family_name", "date_of_birth", "start", "end",
		"risk_grading", "reported_by", "where_found", "looked_after"}
	written := 0
	write := func(c child, start, end time.Time, lookedAfter bool) {
		file := start.Year() // one file a calendar year
		w := writers[file]
		if w == nil {
			files[file] = &bytes.Buffer{}
			w = csv.NewWriter(files[file])
			_ = w.Write(header)
			writers[file] = w
		}
		endText, found := "", ""
		if !end.IsZero() {
			endText, found = end.In(civil.London).Format("02/01/2006 15:04"), "Town centre"
		}
		written++
		_ = w.Write([]string{fmt.Sprintf("NRP-903-%06d", written), forces[0].Name, []string{"M", "A"}[rng.IntN(2)], c.given,
			c.family, c.dob.Time(time.UTC).Format("02/01/2006"), start.In(civil.London).Format("02/01/2006 15:04"), endText,
			[]string{"low", "medium", "high"}[rng.IntN(3)], "Carer", found, map[bool]string{true: "Y", false: "N"}[lookedAfter]})
	}
	from, until := london(2024, 2, 1, 0, 0), london(2026, 6, 30, 0, 0)
	span := until.Sub(from)
	for k, c := range unique {
		var must [][2]time.Time
		if k%10 < len(fixed) {
			must = append(must, fixed[k%10])
		}
		t0 := from.Add(time.Duration(rng.Int64N(int64(span) / int64(episodesPerChild))))
		for t0.Before(until) {
			if len(must) > 0 && !t0.After(must[0][0]) && !t0.Add(72*time.Hour).Before(must[0][0]) {
				// The boundary episode, then on from its end.
				write(c, must[0][0], must[0][1], true)
				t0 = must[0][1].Add(time.Duration(2+rng.IntN(400)) * time.Hour)
				must = must[1:]
				continue
			}
			var dur time.Duration
			switch r := rng.IntN(100); {
			case r < 70:
				dur = time.Duration(1+rng.IntN(30)) * time.Hour
			case r < 95:
				dur = time.Duration(1+rng.IntN(10)) * 24 * time.Hour
			default:
				dur = time.Duration(10+rng.IntN(40)) * 24 * time.Hour
			}
			end := t0.Add(dur + time.Duration(rng.IntN(60))*time.Minute)
			if len(must) > 0 && !end.Before(must[0][0].Add(-2*time.Hour)) {
				t0 = must[0][0] // no overlap with the boundary episode: go to it
				continue
			}
			write(c, t0, end, rng.IntN(20) != 0)
			t0 = end.Add(time.Duration(2+rng.IntN(int(span.Hours())*2/episodesPerChild)) * time.Hour)
		}
		if k%40 == 7 { // missing now
			write(c, london(2026, 11, 20, 21, 0), time.Time{}, true)
		}
	}
	as := auth.WithUser(ctx, coordinator)
	for year := 2024; year <= 2026; year++ {
		writers[year].Flush()
		p, err := svc.MissingImport.Preview(as, fmt.Sprintf("police-%d.csv", year), "", files[year].Bytes(), nil)
		if err != nil {
			t.Fatal(err)
		}
		c, err := svc.MissingImport.Commit(as, p.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if total := c.Counts.Create + c.Counts.Close + c.Counts.None + c.Counts.Review + c.Counts.Problem; c.Counts.Problem > 0 || c.Counts.Create < total*9/10 {
			t.Fatalf("police file %d: %+v", year, c.Counts)
		}
	}

	returns := map[int]*ssda903.Return903{}
	for _, year := range []int{2023, 2024, 2025} {
		r, err := svc.Returns.Export903ForAuthority(ctx, coordinator.Organisation.ID, year)
		if err != nil {
			t.Fatal(err)
		}
		returns[year] = r
	}
	for _, year := range []int{2024, 2025} {
		r := returns[year]
		t.Logf("%s: %d rows of %d children, %d started before the year, %d open at its end", r.Label, r.RowCount, r.Children,
			r.StartedBefore, r.Open)
		if !r.Valid || len(r.Problems) != 0 {
			n := min(len(r.Problems), 10)
			t.Errorf("%s breaks the rules: %d problems, the first %+v", r.Label, len(r.Problems), r.Problems[:n])
		}
		if ps := ssda903.Validate903(r.Rows, year, returns[year-1].Rows); len(ps) != 0 {
			t.Errorf("%s revalidated against %s: %+v", r.Label, returns[year-1].Label, ps[:min(len(ps), 10)])
		}
		if r.RowCount < children*2 || r.StartedBefore == 0 || r.Open == 0 {
			t.Errorf("%s is not a realistic year: %+v", r.Label, r)
		}
		// Row by row: each date as the rules need it.
		first, last := ssda903.CollectionYear(year)
		for i, row := range r.Rows {
			start, err := ssda903.ParseDate903(row.Start)
			if err != nil || start.After(last) || (row.Missing != "M" && row.Missing != "A") {
				t.Fatalf("%s row %d: %+v", r.Label, i+1, row)
			}
			if row.End == "" {
				continue
			}
			if end, err := ssda903.ParseDate903(row.End); err != nil || end.Before(first) || end.After(last) || end.Before(start) {
				t.Fatalf("%s row %d: MIS_END outside the year (571): %+v", r.Label, i+1, row)
			}
		}
	}
	// What 2024-25 leaves open, 2025-26 carries with the same start; the
	// episodes from 31 March 2025 23:30 to 1 April 00:30 are among them.
	next := map[string]bool{}
	for _, row := range returns[2025].Rows {
		next[row.Child+" "+row.Start] = true
	}
	crossing := 0
	for _, row := range returns[2024].Rows {
		if row.End != "" {
			continue
		}
		if !next[row.Child+" "+row.Start] {
			t.Errorf("open at the end of 2024-25 but not in 2025-26: %+v", row)
		}
		if row.Start == "31/03/2025" {
			crossing++
		}
	}
	if crossing == 0 {
		t.Error("no episode from 31 March 2025 is left open in 2024-25")
	}
}
