package ssda903_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"mace/internal/missing"
	"mace/internal/people"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/ssda903"
)

// The 2025 return holds the looked-after episodes of Northfield's children
// that overlap 1 April 2025 to 31 March 2026 by the day in England, and
// each row meets the Department's rules (571: no end outside the year).
// At the boundaries: the one from 31 March 2025 22:00 to 23:00 is in the
// year before only; the one from ten past midnight on 1 April (still 31
// March in UTC) is in; the one from 31 March 2026 23:30 to 1 April 00:30 is
// in both years, open in 2025 and ended in 2026; the one from 30 March 2025
// (the night the clocks went forward) to 1 April 2025 00:30 (31 March in
// UTC) is open in 2024 and ended in 2025; the one over the night the
// clocks went forward in 2026 is in 2025 only; the one open since December
// 2025 is open in 2025 and 2026; the one starting 1 April 2026 is in 2026
// only. An episode not while looked after, and another authority's child,
// are left out. Each report and export is audited with counts.
func TestReturn903(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := as(e.Coordinator)
		in := func(start, end []int, typ string, lookedAfter bool, personID string) {
			t.Helper()
			i := e.Input(london(start[0], timeMonth(start[1]), start[2], start[3], start[4]))
			i.Type, i.LookedAfter, i.PersonID = typ, lookedAfter, personID
			if end != nil {
				i.EndAt = ptr(london(end[0], timeMonth(end[1]), end[2], end[3], end[4]))
			}
			e.Create(e.Coordinator, i)
		}
		other := e.NorthChild(e.Coordinator, "Casey", "Doyle", "2012-07-01")
		third := e.NorthChild(e.Coordinator, "Sam", "Ainsworth", "2010-02-11")
		in([]int{2025, 3, 31, 22, 0}, []int{2025, 3, 31, 23, 0}, missing.Missing, true, e.Child.ID) // year before
		in([]int{2025, 4, 1, 0, 10}, []int{2025, 4, 1, 10, 0}, missing.Missing, true, e.Child.ID)
		in([]int{2025, 6, 1, 9, 0}, []int{2025, 6, 1, 20, 0}, missing.Away, false, e.Child.ID) // not looked after
		in([]int{2026, 3, 31, 23, 30}, []int{2026, 4, 1, 0, 30}, missing.Missing, true, e.Child.ID)
		in([]int{2026, 4, 1, 1, 0}, []int{2026, 4, 1, 3, 0}, missing.Missing, true, e.Child.ID)   // year after
		in([]int{2025, 12, 1, 18, 0}, nil, missing.Away, true, other.ID)                          // still open
		in([]int{2025, 3, 30, 0, 30}, []int{2025, 4, 1, 0, 30}, missing.Away, true, third.ID)     // from before the year
		in([]int{2026, 3, 28, 23, 30}, []int{2026, 3, 29, 3, 0}, missing.Missing, true, third.ID) // clocks forward
		south, err := e.People.Create(as(e.SouthCoordinator), people.Input{Kind: people.Child, GivenName: "Alex",
			FamilyName: "Penrose", DateOfBirth: "2010-01-01", Gender: "not-known", OwnerOrgID: e.South.ID}, "")
		if err != nil {
			t.Fatal(err)
		}
		i := e.Input(london(2025, 9, 1, 12, 0))
		i.PersonID = south.ID
		e.Create(e.SouthCoordinator, i)

		code := map[string]string{e.Child.ID: ssda903.ChildCode(e.Child.ID) + ",14/03/2011,",
			other.ID: ssda903.ChildCode(other.ID) + ",01/07/2012,", third.ID: ssda903.ChildCode(third.ID) + ",11/02/2010,"}
		years := map[int]map[string][]string{
			2024: {e.Child.ID: {"M,31/03/2025,31/03/2025"}, third.ID: {"A,30/03/2025,"}},
			2025: {e.Child.ID: {"M,01/04/2025,01/04/2025", "M,31/03/2026,"}, other.ID: {"A,01/12/2025,"},
				third.ID: {"A,30/03/2025,01/04/2025", "M,28/03/2026,29/03/2026"}},
			2026: {e.Child.ID: {"M,31/03/2026,01/04/2026", "M,01/04/2026,01/04/2026"}, other.ID: {"A,01/12/2025,"}},
		}
		ids := []string{e.Child.ID, other.ID, third.ID}
		slices.Sort(ids)
		returns := map[int]*ssda903.Return903{}
		for _, year := range []int{2024, 2025, 2026} {
			r, err := e.returns.Report903(ctx, year)
			if err != nil {
				t.Fatal(err)
			}
			returns[year] = r
			want := []string{"CHILD,DOB,MISSING,MIS_START,MIS_END"}
			for _, id := range ids {
				for _, row := range years[year][id] {
					want = append(want, code[id]+row)
				}
			}
			var csv bytes.Buffer
			if err := ssda903.Write903CSV(&csv, r.Rows); err != nil {
				t.Fatal(err)
			}
			if got := strings.Split(strings.TrimSuffix(csv.String(), "\n"), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%d CSV\n%s\nwant\n%s", year, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if !r.Valid || len(r.Problems) != 0 || len(r.NotChecked) == 0 || len(r.Checked) != len(ssda903.Rules903) {
				t.Errorf("%d: %+v", year, r.Problems)
			}
			checkRows903(t, year, r.Rows)
		}
		// Each year again with the year before, row by row.
		for _, year := range []int{2025, 2026} {
			if ps := ssda903.Validate903(returns[year].Rows, year, returns[year-1].Rows); len(ps) != 0 {
				t.Errorf("%d after %d: %+v", year, year-1, ps)
			}
		}
		r := returns[2025]
		if r.RowCount != 5 || r.Children != 3 || r.Open != 2 || r.StartedBefore != 1 || r.Withheld != 0 ||
			r.Label != "2025-26" || r.AuthorityID != e.North.ID || r.Filename() != "ssda903-missing-2025-26.csv" {
			t.Errorf("report %+v", r)
		}
		if len(ssda903.ChildCode(e.Child.ID)) != ssda903.ChildCodeLength {
			t.Errorf("child code %q", ssda903.ChildCode(e.Child.ID))
		}
		if _, err := e.returns.Export903(ctx, 2025); err != nil {
			t.Fatal(err)
		}
		all, err := e.returns.Export903ForAuthority(context.Background(), e.South.ID, 2025)
		if err != nil || all.RowCount != 1 || all.AuthorityName != "Southby Borough Council" {
			t.Errorf("the command line's export of Southby: %+v %v", all, err)
		}
		wantEvents := []string{
			e.Coordinator.ID + " view SSDA903 Missing validation report, collection year 2024-25: 2 rows, 2 children, 0 problems, 0 withheld",
			e.Coordinator.ID + " view SSDA903 Missing validation report, collection year 2025-26: 5 rows, 3 children, 0 problems, 0 withheld",
			e.Coordinator.ID + " view SSDA903 Missing validation report, collection year 2026-27: 3 rows, 2 children, 0 problems, 0 withheld",
			e.Coordinator.ID + " export SSDA903 Missing export, collection year 2025-26: 5 rows, 3 children, 0 problems, 0 withheld",
		}
		if got := e.Trail(ssda903.RecordType903, e.North.ID); strings.Join(got, "\n") != strings.Join(wantEvents, "\n") {
			t.Errorf("audit %q, want %q", got, wantEvents)
		}
		if got := e.Trail(ssda903.RecordType903, e.South.ID); len(got) != 1 || !strings.HasPrefix(got[0], "system export ") {
			t.Errorf("the command line's audit %q", got)
		}
		e.Verify()

		// Who may, and which years.
		if _, err := e.returns.Report903(as(e.Practitioner), 2025); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a practitioner makes no returns: %v", err)
		}
		if _, err := e.returns.Report903(as(e.Officer), 2025); !errs.Is(err, errs.Forbidden) {
			t.Errorf("the police make no returns: %v", err)
		}
		for _, y := range []int{1999, 2027} {
			if _, err := e.returns.Report903(ctx, y); errs.Fields(err) == nil || errs.Fields(err)[0].Field != "year" {
				t.Errorf("year %d: %v", y, err)
			}
		}
		if _, err := e.returns.Export903ForAuthority(context.Background(), e.Police.ID, 2025); !errs.Is(err, errs.NotFound) {
			t.Errorf("a police force makes no return: %v", err)
		}
		// A restricted record's rows go only to the users named on it; the
		// others are told how many were left out; the command line has all.
		manager := e.User(e.North, "Mara Quill", nil, auth.Manager)
		if err := e.People.Restrict(as(manager), e.Child.ID, true, []string{manager.ID}); err != nil {
			t.Fatal(err)
		}
		if r, err := e.returns.Report903(ctx, 2025); err != nil || r.RowCount != 3 || r.Withheld != 2 || r.Children != 2 || !r.Valid {
			t.Errorf("not named on the restricted record: %+v %v", r, err)
		}
		if r, err := e.returns.Report903(as(manager), 2025); err != nil || r.RowCount != 5 || r.Withheld != 0 {
			t.Errorf("named on the restricted record: %+v %v", r, err)
		}
		if r, err := e.returns.Export903ForAuthority(context.Background(), e.North.ID, 2025); err != nil || r.RowCount != 5 {
			t.Errorf("the command line: %+v %v", r, err)
		}
		if n := e.Count("SELECT COUNT(*) FROM audit_events WHERE action = $1 AND record_type = $2", audit.Export, ssda903.RecordType903); n != 3 {
			t.Errorf("%d exports audited, want 3", n)
		}
	})
}

func timeMonth(m int) time.Month { return time.Month(m) }

// checkRows903 checks each row of the year's return against the rules
// on its dates directly: a start on or before the year's last day, an end
// blank or within the year, not before the start.
func checkRows903(t *testing.T, year int, rows []ssda903.Row903) {
	t.Helper()
	first, last := ssda903.CollectionYear(year)
	for i, r := range rows {
		start, err := ssda903.ParseDate903(r.Start)
		if err != nil || start.After(last) || (r.Missing != "M" && r.Missing != "A") {
			t.Errorf("%d row %d: %+v", year, i+1, r)
			continue
		}
		if r.End == "" {
			continue
		}
		if end, err := ssda903.ParseDate903(r.End); err != nil || end.Before(first) || end.After(last) || end.Before(start) {
			t.Errorf("%d row %d: the end is outside the year (571) or before the start: %+v", year, i+1, r)
		}
	}
}
