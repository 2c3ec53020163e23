package ssda903_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"mace/internal/platform/civil"
	"mace/internal/ssda903"
)

// Each row breaks one rule of the Missing table, and each is reported by
// that rule on that row; the rows that break none are not reported.
func TestValidate903ReportsEachRule(t *testing.T) {
	rows := []ssda903.Row903{
		{Child: "AAAAAAAAAA", DOB: "14/03/2011", Missing: "M", Start: "02/04/2025", End: "03/04/2025"}, // 1 clean
		{Child: "AAAAAAAAAA", DOB: "14/03/2011", Missing: "M", Start: "03/04/2025", End: "03/04/2025"}, // 2 touches row 1: clean
		{Child: "BBBBBBBBBB", DOB: "31/02/2011", Missing: "M", Start: "02/04/2025"},                    // 3 DOB not a date
		{Child: "CCCCCCCCCC", DOB: "14/03/2011", Missing: "M", Start: "2025-04-02"},                    // 4 start not dd/mm/yyyy
		{Child: "DDDDDDDDDD", DOB: "14/03/2011", Missing: "X", Start: "02/04/2025"},                    // 5 bad code
		{Child: "EEEEEEEEEE", DOB: "14/03/2011", Missing: "M"},                                         // 6 code without start
		{Child: "FFFFFFFFFF", DOB: "14/03/2011", Start: "02/04/2025", End: "04/04/2025"},               // 7 start without code
		{Child: "GGGGGGGGGG", DOB: "14/03/2011", Missing: "A", Start: "05/04/2025", End: "04/04/2025"}, // 8 end before start
		{Child: "HHHHHHHHHH", DOB: "14/03/2011", Missing: "M", Start: "01/05/2025", End: "10/05/2025"}, // 9 clean
		{Child: "HHHHHHHHHH", DOB: "14/03/2011", Missing: "A", Start: "09/05/2025", End: "12/05/2025"}, // 10 overlaps row 9
		{Child: "IIIIIIIIII", DOB: "14/03/2011", Missing: "M", Start: "01/06/2025"},                    // 11 open: clean
		{Child: "IIIIIIIIII", DOB: "14/03/2011", Missing: "M", Start: "02/07/2025", End: "03/07/2025"}, // 12 during the open row 11
		{Child: "JJJJJJJJJJ", DOB: "14/03/2026", Missing: "M", Start: "01/06/2025", End: "02/06/2025"}, // 13 before birth
		{Child: "", DOB: "14/03/2011", Missing: "M", Start: "01/06/2025"},                              // 14 no child
		{Child: "KKKKKKKKKK", DOB: "", Missing: "M", Start: "01/06/2025"},                              // 15 no DOB
		{Child: "LLLLLLLLLL", DOB: "14/03/2011", Missing: "M", Start: "01/06/2025", End: "1/6/2025"},   // 16 end not dd/mm/yyyy
		{Child: "MMMMMMMMMM", DOB: "14/03/2011", End: "01/06/2025"},                                    // 17 end without start
		{Child: "NNNNNNNNNN", DOB: "14/03/2011", Missing: "M", Start: "01/08/2025", End: "30/08/2025"}, // 18 clean
		{Child: "NNNNNNNNNN", DOB: "14/03/2011", Missing: "M", Start: "02/08/2025", End: "03/08/2025"}, // 19 inside row 18
		{Child: "NNNNNNNNNN", DOB: "14/03/2011", Missing: "M", Start: "10/08/2025", End: "11/08/2025"}, // 20 inside row 18 too
	}
	want := map[int][]string{
		3: {ssda903.RuleDate}, 4: {ssda903.RuleDate}, 5: {ssda903.RuleCode}, 6: {ssda903.RuleTogether},
		7: {ssda903.RuleTogether}, 8: {ssda903.RuleOrder}, 10: {ssda903.RuleOverlap}, 12: {ssda903.RuleOverlap},
		13: {ssda903.RuleBirth}, 14: {ssda903.RuleChild}, 15: {ssda903.RuleDate}, 16: {ssda903.RuleDate},
		17: {ssda903.RuleTogether}, 19: {ssda903.RuleOverlap}, 20: {ssda903.RuleOverlap},
	}
	got := map[int][]string{}
	for _, p := range ssda903.Validate903(rows) {
		got[p.Row] = append(got[p.Row], p.Rule)
		if p.Message == "" || p.Column == "" || p.Child != rows[p.Row-1].Child {
			t.Errorf("problem %+v lacks its words, column or child", p)
		}
	}
	for i := range rows {
		if !slices.Equal(got[i+1], want[i+1]) {
			t.Errorf("row %d: rules %q, want %q", i+1, got[i+1], want[i+1])
		}
	}
	for _, p := range ssda903.Validate903(rows[9:10]) {
		t.Errorf("row 10 alone breaks no rule, but %+v", p)
	}
	ps := ssda903.Validate903(rows[8:10])
	if len(ps) != 1 || !strings.Contains(ps[0].Message, "row 1") || !strings.Contains(ps[0].Message, "ends 10/05/2025") {
		t.Errorf("overlap names the other row and its end: %+v", ps)
	}
}

func TestWrite903CSV(t *testing.T) {
	var b bytes.Buffer
	rows := []ssda903.Row903{{Child: "AB12", DOB: "14/03/2011", Missing: "M", Start: "01/04/2025"},
		{Child: "=cmd,\"x\"", DOB: "14/03/2011", Missing: "A", Start: "01/04/2025", End: "02/04/2025"}}
	if err := ssda903.Write903CSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	want := "CHILD,DOB,MISSING,MIS_START,MIS_END\nAB12,14/03/2011,M,01/04/2025,\n\"=cmd,\"\"x\"\"\",14/03/2011,A,01/04/2025,02/04/2025\n"
	if b.String() != want {
		t.Errorf("CSV\n%s\nwant\n%s", b.String(), want)
	}
	back, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(back) != 3 || back[2][0] != rows[1].Child {
		t.Errorf("read back %q %v", back, err)
	}
}

func TestDate903(t *testing.T) {
	if got := ssda903.Date903(civil.Date{Year: 2025, Month: 4, Day: 1}); got != "01/04/2025" {
		t.Errorf("got %q", got)
	}
	if ssda903.Date903(civil.Date{}) != "" {
		t.Error("the unknown date is blank")
	}
	for _, bad := range []string{"", "1/4/2025", "01-04-2025", "31/04/2025", "00/01/2025", "01/13/2025", "01/04/0000", "+1/04/2025", "01/04/20a5"} {
		if d, err := ssda903.ParseDate903(bad); err == nil {
			t.Errorf("%q read as %v", bad, d)
		}
	}
	if d, err := ssda903.ParseDate903("29/02/2024"); err != nil || d != (civil.Date{Year: 2024, Month: 2, Day: 29}) {
		t.Errorf("leap day: %v %v", d, err)
	}
	if first, last := ssda903.CollectionYear(2025); ssda903.Date903(first) != "01/04/2025" || ssda903.Date903(last) != "31/03/2026" {
		t.Errorf("collection year %v to %v", first, last)
	}
	if ssda903.YearLabel(2025) != "2025-26" || ssda903.YearLabel(2099) != "2099-00" {
		t.Error("year labels")
	}
}

// FuzzParseDate903: whatever is read back as a date is written again as the
// same text, and the validator never panics on it.
func FuzzParseDate903(f *testing.F) {
	for _, s := range []string{"01/04/2025", "29/02/2024", "31/02/2025", "1/4/2025", "", "99/99/9999", "01/04/-001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ssda903.ParseDate903(s)
		if err != nil {
			return
		}
		if got := ssda903.Date903(d); got != s {
			t.Fatalf("%q read as %v, written as %q", s, d, got)
		}
		ssda903.Validate903([]ssda903.Row903{{Child: "A", DOB: s, Missing: "M", Start: s, End: s}, {Child: "A", DOB: s, Missing: "A", Start: s}})
	})
}
