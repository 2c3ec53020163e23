package ssda903_test

import (
	"bytes"
	"context"
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
// that start from 1 April 2025 to 31 March 2026 by the day in England: the
// one starting ten past midnight on 1 April (still 31 March in UTC) is in,
// the one starting on 31 March 2025 and the one starting on 1 April 2026
// are not; an open episode has a blank end; an episode not while looked
// after, and another authority's child, are left out. The clean data
// breaks no rule, and each report and export is audited with counts.
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
		in([]int{2025, 3, 31, 22, 0}, []int{2025, 3, 31, 23, 0}, missing.Missing, true, e.Child.ID) // year before
		in([]int{2025, 4, 1, 0, 10}, []int{2025, 4, 1, 10, 0}, missing.Missing, true, e.Child.ID)
		in([]int{2025, 6, 1, 9, 0}, []int{2025, 6, 1, 20, 0}, missing.Away, false, e.Child.ID) // not looked after
		in([]int{2026, 3, 31, 23, 30}, []int{2026, 4, 1, 0, 20}, missing.Missing, true, e.Child.ID)
		in([]int{2026, 4, 1, 1, 0}, []int{2026, 4, 1, 3, 0}, missing.Missing, true, e.Child.ID) // year after
		in([]int{2025, 12, 1, 18, 0}, nil, missing.Away, true, other.ID)                        // still open
		south, err := e.People.Create(as(e.SouthCoordinator), people.Input{Kind: people.Child, GivenName: "Alex",
			FamilyName: "Penrose", DateOfBirth: "2010-01-01", Gender: "not-known", OwnerOrgID: e.South.ID}, "")
		if err != nil {
			t.Fatal(err)
		}
		i := e.Input(london(2025, 9, 1, 12, 0))
		i.PersonID = south.ID
		e.Create(e.SouthCoordinator, i)

		r, err := e.returns.Report903(ctx, 2025)
		if err != nil {
			t.Fatal(err)
		}
		a := []string{ssda903.ChildCode(e.Child.ID) + ",14/03/2011,M,01/04/2025,01/04/2025",
			ssda903.ChildCode(e.Child.ID) + ",14/03/2011,M,31/03/2026,01/04/2026"}
		b := []string{ssda903.ChildCode(other.ID) + ",01/07/2012,A,01/12/2025,"}
		want := append(append([]string{"CHILD,DOB,MISSING,MIS_START,MIS_END"}, a...), b...)
		if other.ID < e.Child.ID {
			want = append(append([]string{want[0]}, b...), a...)
		}
		var csv bytes.Buffer
		if err := ssda903.Write903CSV(&csv, r.Rows); err != nil {
			t.Fatal(err)
		}
		if got := strings.Split(strings.TrimSuffix(csv.String(), "\n"), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("CSV\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if !r.Valid || len(r.Problems) != 0 || r.RowCount != 3 || r.Children != 2 || r.Open != 1 || r.Withheld != 0 ||
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
			e.Coordinator.ID + " view SSDA903 Missing validation report, collection year 2025-26: 3 rows, 2 children, 0 problems, 0 withheld",
			e.Coordinator.ID + " export SSDA903 Missing export, collection year 2025-26: 3 rows, 2 children, 0 problems, 0 withheld",
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
		if r, err := e.returns.Report903(ctx, 2026); err != nil || r.RowCount != 1 {
			t.Errorf("the year in progress: %+v %v", r, err)
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
		if r, err := e.returns.Report903(ctx, 2025); err != nil || r.RowCount != 1 || r.Withheld != 2 || r.Children != 1 {
			t.Errorf("not named on the restricted record: %+v %v", r, err)
		}
		if r, err := e.returns.Report903(as(manager), 2025); err != nil || r.RowCount != 3 || r.Withheld != 0 {
			t.Errorf("named on the restricted record: %+v %v", r, err)
		}
		if r, err := e.returns.Export903ForAuthority(context.Background(), e.North.ID, 2025); err != nil || r.RowCount != 3 {
			t.Errorf("the command line: %+v %v", r, err)
		}
		if n := e.Count("SELECT COUNT(*) FROM audit_events WHERE action = $1 AND record_type = $2", audit.Export, ssda903.RecordType903); n != 3 {
			t.Errorf("%d exports audited, want 3", n)
		}
	})
}

func timeMonth(m int) time.Month { return time.Month(m) }
