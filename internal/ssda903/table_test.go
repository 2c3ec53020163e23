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

// Each row breaks the rules it is marked with, in the 2025 collection year
// (1 April 2025 to 31 March 2026), and is reported by exactly those rules,
// with the Department's code and message; the other rows are not reported.
func TestValidate903ReportsEachRule(t *testing.T) {
	rows := []ssda903.Row903{
		{Child: "AAAAAAAAAA", DOB: "14/03/2011", Missing: "M", Start: "02/04/2025", End: "03/04/2025"}, // 1 clean
		{Child: "AAAAAAAAAA", DOB: "14/03/2011", Missing: "M", Start: "03/04/2025", End: "03/04/2025"}, // 2 touches row 1: clean
		{Child: "BBBBBBBBBB", DOB: "14/03/2011", Missing: "M"},                                         // 3 no start: 564, 1004
		{Child: "CCCCCCCCCC", DOB: "14/03/2011", Start: "02/04/2025"},                                  // 4 no type: 565
		{Child: "DDDDDDDDDD", DOB: "14/03/2011", Start: "02/04/2025", End: "04/04/2025"},               // 5 no type, an end: 565, 566
		{Child: "EEEEEEEEEE", DOB: "14/03/2011", Missing: "A", Start: "05/04/2025", End: "04/04/2025"}, // 6 end before start: 567
		{Child: "FFFFFFFFFF", DOB: "14/03/2011", Missing: "M", Start: "01/04/2026"},                    // 7 start after the year: 570
		{Child: "GGGGGGGGGG", DOB: "14/03/2011", Missing: "M", Start: "31/03/2026", End: "01/04/2026"}, // 8 end after the year: 571
		{Child: "HHHHHHHHHH", DOB: "14/03/2011", Missing: "M", Start: "30/03/2025", End: "31/03/2025"}, // 9 end before the year: 571
		{Child: "IIIIIIIIII", DOB: "14/03/2011", Missing: "M", Start: "01/05/2025", End: "10/05/2025"}, // 10 clean
		{Child: "IIIIIIIIII", DOB: "14/03/2011", Missing: "A", Start: "09/05/2025", End: "12/05/2025"}, // 11 overlaps row 10: 574
		{Child: "JJJJJJJJJJ", DOB: "14/03/2011", Missing: "M", Start: "01/06/2025"},                    // 12 open: clean
		{Child: "JJJJJJJJJJ", DOB: "14/03/2011", Missing: "M", Start: "02/07/2025", End: "03/07/2025"}, // 13 after the open row 12: 574
		{Child: "KKKKKKKKKK", DOB: "01/06/2025", Missing: "M", Start: "01/06/2025", End: "02/06/2025"}, // 14 on the date of birth: 586
		{Child: "LLLLLLLLLL", DOB: "14/03/2011", Missing: "M", Start: "2025-06-01"},                    // 15 start not a date: 1004
		{Child: "MMMMMMMMMM", DOB: "14/03/2011", Missing: "M", Start: "01/06/2025", End: "1/6/2025"},   // 16 end not a date: 1005
		{Child: "NNNNNNNNNN", DOB: "14/03/2011", Missing: "X", Start: "01/06/2025"},                    // 17 bad type: 1006
		{Child: "OOOOOOOOOO", DOB: "14/03/2011", Missing: "m", Start: "01/06/2025"},                    // 18 read in capitals: clean
		{Child: "PPPPPPPPPP", DOB: "14/03/2011", Missing: "M", Start: "10/03/2025"},                    // 19 open from before the year: clean
		{Child: "QQQQQQQQQQ", DOB: "14/03/2011", Missing: "M", Start: "01/08/2025", End: "30/08/2025"}, // 20 holds rows 21, 22: 574
		{Child: "QQQQQQQQQQ", DOB: "14/03/2011", Missing: "M", Start: "02/08/2025", End: "03/08/2025"}, // 21 clean: first by its end
		{Child: "QQQQQQQQQQ", DOB: "14/03/2011", Missing: "M", Start: "10/08/2025", End: "11/08/2025"}, // 22 clean: after row 21
		{Child: "RRRRRRRRRR", DOB: "14/03/2011", Missing: "M", Start: "20/03/2025", End: "05/04/2025"}, // 23 carried in, ended: clean
		{Child: "SSSSSSSSSS", DOB: "14/03/2011", Missing: "A", Start: "02/04/2025", End: "03/04/2025"}, // 24 last year's open one not carried: 576
		{Child: "TTTTTTTTTT", DOB: "14/03/2011", Missing: "M", Start: "01/09/2025", End: "02/09/2025"}, // 25 open one ended: 574
		{Child: "TTTTTTTTTT", DOB: "14/03/2011", Missing: "M", Start: "01/09/2025"},                    // 26 clean: its start puts it first
	}
	last := []ssda903.Row903{
		{Child: "RRRRRRRRRR", DOB: "14/03/2011", Missing: "M", Start: "20/03/2025"},
		{Child: "PPPPPPPPPP", DOB: "14/03/2011", Missing: "M", Start: "10/03/2025"},
		{Child: "SSSSSSSSSS", DOB: "14/03/2011", Missing: "M", Start: "30/03/2025"},
		{Child: "AAAAAAAAAA", DOB: "14/03/2011", Missing: "M", Start: "30/03/2025", End: "31/03/2025"},
	}
	want := map[int][]string{
		3: {"564", "1004"}, 4: {"565"}, 5: {"565", "566"}, 6: {"567"}, 7: {"570"}, 8: {"571"}, 9: {"571"},
		11: {"574"}, 13: {"574"}, 14: {"586"}, 15: {"1004"}, 16: {"1005"}, 17: {"1006"}, 20: {"574"}, 24: {"576"}, 25: {"574"},
	}
	got := map[int][]string{}
	for _, p := range ssda903.Validate903(rows, 2025, last) {
		got[p.Row] = append(got[p.Row], p.Rule)
		rule := slices.IndexFunc(ssda903.Rules903, func(r ssda903.Rule903) bool { return r.Code == p.Rule })
		if rule < 0 || p.Message != ssda903.Rules903[rule].Message || p.Detail == "" || p.Column == "" || p.Child != rows[p.Row-1].Child {
			t.Errorf("problem %+v lacks the Department's message, its detail, column or child", p)
		}
	}
	for i := range rows {
		if !slices.Equal(got[i+1], want[i+1]) {
			t.Errorf("row %d: rules %q, want %q", i+1, got[i+1], want[i+1])
		}
	}
	ps := ssda903.Validate903(rows[9:11], 2025, nil)
	if len(ps) != 1 || !strings.Contains(ps[0].Detail, "row 1 ends on 10/05/2025") {
		t.Errorf("574 names the other row and its end: %+v", ps)
	}
	if ps := ssda903.Validate903(rows[7:8], 2026, nil); len(ps) != 0 {
		t.Errorf("31 March to 1 April is in the 2026 year: %+v", ps)
	}
	// The Department's messages for the codes, as published.
	for code, start := range map[string]string{"571": "The date that the child ceased to be missing", "574": "A new missing/away",
		"586": "Dates of missing periods are before child’s date of birth.", "1006": "Missing type invalid."} {
		i := slices.IndexFunc(ssda903.Rules903, func(r ssda903.Rule903) bool { return r.Code == code })
		if i < 0 || !strings.HasPrefix(ssda903.Rules903[i].Message, start) {
			t.Errorf("rule %s", code)
		}
	}
	for _, r := range ssda903.Unchecked903 {
		if r.Reason == "" || !slices.Contains(r.Tables, "Missing") || len(r.Tables) < 2 {
			t.Errorf("unchecked rule %+v says not why", r)
		}
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
		rows := []ssda903.Row903{{Child: "A", DOB: s, Missing: "M", Start: s, End: s}, {Child: "A", DOB: s, Missing: "A", Start: s}}
		ssda903.Validate903(rows, 2025, rows)
	})
}
