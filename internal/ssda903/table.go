// Package ssda903 makes a local authority's SSDA903 Missing return for the
// Department for Education from the missing service's episodes: its rows,
// validation report, CSV and pages. It owns no table.
package ssda903

// The SSDA903 Missing table: the episodes of looked-after children missing
// or away from placement that a local authority returns to the Department
// for Education each year. Its columns are CHILD, DOB, MISSING (M or A),
// MIS_START and MIS_END, dates as dd/mm/yyyy, MIS_END blank while the
// episode is open. This file holds the rows, their dates, the CSV writer and
// the validation of the table's rules; it is pure, so rows that break each
// rule can be checked directly.

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"mace/internal/missing"
	"mace/internal/platform/civil"
)

// Columns903 are the columns of the Missing table, in order.
var Columns903 = []string{"CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"}

// ChildCodeLength is the length of the CHILD code: the last characters of
// the person record's id. They are its random part, so two children of one
// authority share a code with a chance of about one in ten to the fifteenth
// per pair; the code never changes and never holds a name.
const ChildCodeLength = 10

// ChildCode is the CHILD identifier of a person record in the return.
func ChildCode(personID string) string {
	if len(personID) <= ChildCodeLength {
		return personID
	}
	return personID[len(personID)-ChildCodeLength:]
}

// Row903 is one row of the Missing table as exported: text, as in the
// CSV. PersonID is the person record the row is about (not exported), so a
// problem can link to the record.
type Row903 struct {
	Child    string `json:"CHILD"`
	DOB      string `json:"DOB"`
	Missing  string `json:"MISSING"`
	Start    string `json:"MIS_START"`
	End      string `json:"MIS_END"`
	PersonID string `json:"-"`
}

func (r Row903) fields() []string { return []string{r.Child, r.DOB, r.Missing, r.Start, r.End} }

// Date903 formats a date as the return does: dd/mm/yyyy. The zero date is
// blank.
func Date903(d civil.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, d.Month, d.Year)
}

// ParseDate903 reads a dd/mm/yyyy date: two digits, two digits, four
// digits, a real calendar date.
func ParseDate903(s string) (civil.Date, error) {
	bad := fmt.Errorf("%q is not a date written as dd/mm/yyyy", s)
	if len(s) != 10 || s[2] != '/' || s[5] != '/' {
		return civil.Date{}, bad
	}
	var n [3]int
	for i, part := range []string{s[0:2], s[3:5], s[6:10]} {
		for _, c := range part {
			if c < '0' || c > '9' {
				return civil.Date{}, bad
			}
		}
		n[i], _ = strconv.Atoi(part)
	}
	d, ok := civil.FromParts(n[2], n[1], n[0])
	if !ok || d.Year < 1 {
		return civil.Date{}, fmt.Errorf("%q is not a real date", s)
	}
	return d, nil
}

// CollectionYear is the collection year that starts on 1 April of year:
// from that day to 31 March of the next year, both included.
func CollectionYear(year int) (first, last civil.Date) {
	return civil.Date{Year: year, Month: 4, Day: 1}, civil.Date{Year: year + 1, Month: 3, Day: 31}
}

// yearTimes are the instants the collection year begins and ends (the
// start of 1 April in England, and of the next 1 April), as stored: UTC.
func yearTimes(year int) (from, to time.Time) {
	return time.Date(year, 4, 1, 0, 0, 0, 0, civil.London).UTC(),
		time.Date(year+1, 4, 1, 0, 0, 0, 0, civil.London).UTC()
}

// Rules of the Missing table, as Problem.Rule names them.
const (
	RuleChild    = "child"            // CHILD is blank or too long
	RuleDate     = "invalid-date"     // DOB, MIS_START or MIS_END is not a dd/mm/yyyy date
	RuleCode     = "invalid-code"     // MISSING is not M or A
	RuleTogether = "code-and-dates"   // MISSING and MIS_START must be given together; MIS_END needs both
	RuleOrder    = "end-before-start" // MIS_END is before MIS_START
	RuleOverlap  = "overlap"          // two episodes of one child overlap
	RuleBirth    = "start-before-dob" // MIS_START is before DOB
)

// Problem is one broken rule: the row (counting from 1, as the CSV's data
// lines after the header), its CHILD code, the column, the rule and a plain
// description.
type Problem struct {
	Row      int    `json:"row"`
	Child    string `json:"child"`
	Column   string `json:"column"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
	PersonID string `json:"-"`
}

// Validate903 checks rows against the rules of the Missing table and
// returns every problem, in row order. Dates that cannot be read are
// reported once and left out of the checks that need them.
func Validate903(rows []Row903) []Problem {
	var out []Problem
	add := func(i int, column, rule, msg string) {
		out = append(out, Problem{Row: i + 1, Child: rows[i].Child, Column: column, Rule: rule, Message: msg,
			PersonID: rows[i].PersonID})
	}
	type span struct {
		row        int
		start, end civil.Date // end zero while open
	}
	spans := map[string][]span{}
	var order []string
	for i, r := range rows {
		switch {
		case strings.TrimSpace(r.Child) == "":
			add(i, "CHILD", RuleChild, "The child’s identifier is blank")
		case len(r.Child) > ChildCodeLength:
			add(i, "CHILD", RuleChild, fmt.Sprintf("The child’s identifier is longer than %d characters", ChildCodeLength))
		}
		date := func(column, s string, required bool) (civil.Date, bool) {
			if s == "" {
				if required {
					add(i, column, RuleDate, column+" is blank: enter the date as dd/mm/yyyy")
				}
				return civil.Date{}, !required
			}
			d, err := ParseDate903(s)
			if err != nil {
				add(i, column, RuleDate, fmt.Sprintf("%s %q is not a real date written as dd/mm/yyyy", column, s))
				return civil.Date{}, false
			}
			return d, true
		}
		dob, dobOK := date("DOB", r.DOB, true)
		start, startOK := date("MIS_START", r.Start, false)
		end, endOK := date("MIS_END", r.End, false)
		if r.Missing != "" && r.Missing != missing.Missing && r.Missing != missing.Away {
			add(i, "MISSING", RuleCode, fmt.Sprintf("MISSING is %q: it must be M (missing) or A (away from placement without authorisation)", r.Missing))
		}
		switch {
		case r.Missing != "" && r.Start == "":
			add(i, "MIS_START", RuleTogether, "MISSING is given without MIS_START: an episode needs both its type and its start date")
		case r.Missing == "" && r.Start != "":
			add(i, "MISSING", RuleTogether, "MIS_START is given without MISSING: an episode needs both its type and its start date")
		case r.End != "" && r.Start == "":
			add(i, "MIS_START", RuleTogether, "MIS_END is given without MIS_START: an episode cannot end without a start")
		}
		if !startOK || !endOK || start.IsZero() {
			continue
		}
		if !end.IsZero() && end.Before(start) {
			add(i, "MIS_END", RuleOrder, fmt.Sprintf("MIS_END %s is before MIS_START %s", r.End, r.Start))
			continue
		}
		if dobOK && start.Before(dob) {
			add(i, "MIS_START", RuleBirth, fmt.Sprintf("MIS_START %s is before the date of birth %s", r.Start, r.DOB))
		}
		if _, seen := spans[r.Child]; !seen {
			order = append(order, r.Child)
		}
		spans[r.Child] = append(spans[r.Child], span{i, start, end})
	}
	for _, child := range order {
		list := spans[child]
		slices.SortStableFunc(list, func(a, b span) int { return a.start.Compare(b.start) })
		// latest is the episode reaching furthest so far: an episode
		// starting before it ends overlaps it. Episodes may touch: one may
		// start on the day another ends.
		latest := list[0]
		for _, s := range list[1:] {
			if latest.end.IsZero() || s.start.Before(latest.end) {
				until := "is still open"
				if !latest.end.IsZero() {
					until = "ends " + Date903(latest.end)
				}
				add(s.row, "MIS_START", RuleOverlap, fmt.Sprintf("This episode starts %s, during the child’s episode on row %d, which %s",
					Date903(s.start), latest.row+1, until))
			}
			if !latest.end.IsZero() && (s.end.IsZero() || s.end.After(latest.end)) {
				latest = s
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Problem) int { return a.Row - b.Row })
	return out
}

// Write903CSV writes the header and rows as CSV through encoding/csv, so
// any comma, quote or line break in a field is quoted.
func Write903CSV(w io.Writer, rows []Row903) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(Columns903); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write(r.fields()); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
