package ssda903

// The Department for Education's validation rules of the SSDA903 Missing
// table, by their codes and with their messages as the Department
// publishes them. Each is checked as the Department's rules treat the
// file: a field is blank only when it is empty; MISSING is read in capitals;
// a date is a day, month and four-digit year as dd/mm/yyyy, and one that
// cannot be read counts as no date in the rules comparing dates; the
// collection year runs from 1 April to 31 March, both included.
//
// The rules joining the Missing table to the Header or Episodes tables
// (which mace does not hold) are listed in Unchecked903 and shown on every
// report as not checked.

import (
	"fmt"
	"slices"
	"strings"

	"mace/internal/platform/civil"
)

// Rule903 is one of the Department's validation rules: its code, its
// message, the fields it points at and the tables it reads.
type Rule903 struct {
	Code    string   `json:"code"`
	Message string   `json:"message"`
	Fields  []string `json:"fields"`
	Tables  []string `json:"tables"`
	// Reason says why a rule is not checked (Unchecked903 only).
	Reason string `json:"reason,omitempty"`
}

// The codes of the rules Validate903 checks.
const (
	Rule564  = "564"  // MISSING given, MIS_START blank
	Rule565  = "565"  // MIS_START given, MISSING blank
	Rule566  = "566"  // MIS_END given, MISSING blank
	Rule567  = "567"  // MIS_END before MIS_START
	Rule570  = "570"  // MIS_START after the end of the collection year
	Rule571  = "571"  // MIS_END outside the collection year
	Rule574  = "574"  // a period starting while the previous is open, or overlapping it
	Rule576  = "576"  // an open period of last year's return not carried into this year's
	Rule586  = "586"  // MIS_START on or before the date of birth
	Rule1004 = "1004" // MIS_START blank or not a date
	Rule1005 = "1005" // MIS_END not a date
	Rule1006 = "1006" // MISSING not M or A
)

// Rules903 are the rules Validate903 checks, in the order a row's problems
// are listed.
var Rules903 = []Rule903{
	{Code: Rule564, Message: "Child was missing or away from placement without authorisation and the date started is blank.",
		Fields: []string{"MISSING", "MIS_START"}, Tables: []string{"Missing"}},
	{Code: Rule565, Message: "The date that the child started to be missing or away from placement without authorisation has been completed but whether the child was missing or away from placement without authorisation has not been completed.",
		Fields: []string{"MISSING", "MIS_START"}, Tables: []string{"Missing"}},
	{Code: Rule566, Message: "The date that the child's episode of being missing or away from placement without authorisation ended has been completed but whether the child was missing or away without authorisation has not been completed.",
		Fields: []string{"MISSING", "MIS_END"}, Tables: []string{"Missing"}},
	{Code: Rule567, Message: "The date that the missing episode or episode that the child was away from placement without authorisation ended is before the date that it started.",
		Fields: []string{"MIS_START", "MIS_END"}, Tables: []string{"Missing"}},
	{Code: Rule570, Message: "The date that the child started to be missing or away from placement without authorisation is after the end of the collection year.",
		Fields: []string{"MIS_START"}, Tables: []string{"Missing"}},
	{Code: Rule571, Message: "The date that the child ceased to be missing or away from placement without authorisation is before the start or after the end of the collection year.",
		Fields: []string{"MIS_END"}, Tables: []string{"Missing"}},
	{Code: Rule574, Message: "A new missing/away from placement without authorisation period cannot start when the previous missing/away from placement without authorisation period is still open. Missing/away from placement without authorisation periods should also not overlap.",
		Fields: []string{"MIS_START", "MIS_END"}, Tables: []string{"Missing"}},
	{Code: Rule576, Message: "There is an open missing/away from placement without authorisation period in last year’s return and there is no corresponding period recorded at the start of this year.",
		Fields: []string{"CHILD"}, Tables: []string{"Missing", "Missing_last"}},
	{Code: Rule586, Message: "Dates of missing periods are before child’s date of birth.",
		Fields: []string{"MIS_START"}, Tables: []string{"Missing"}},
	{Code: Rule1004, Message: "The start date of the missing episode or episode that the child was away from placement without authorisation is not a valid date.",
		Fields: []string{"MIS_START"}, Tables: []string{"Missing"}},
	{Code: Rule1005, Message: "The end date of the missing episode or episode that the child was away from placement without authorisation is not a valid date.",
		Fields: []string{"MIS_END"}, Tables: []string{"Missing"}},
	{Code: Rule1006, Message: "Missing type invalid.", Fields: []string{"MISSING"}, Tables: []string{"Missing"}},
}

const (
	needsEpisodes = "It compares the Missing table with the Episodes table (the child’s periods of being looked after, with their start and end dates and reasons), which mace does not hold: check it in the system that makes the rest of the return."
	needsHeader   = "It compares the Missing table with the Header table (each looked-after child’s identifier and date of birth), which mace does not hold: check it in the system that makes the rest of the return."
)

// Unchecked903 are the rules about the Missing table that need a table
// mace does not hold; every report lists them as not checked.
var Unchecked903 = []Rule903{
	{Code: "575", Message: "If the placement from which the child goes missing/away from placement without authorisation ends, the missing/away from placement without authorisation period in the missing module must also have an end date.",
		Fields: []string{"MIS_END"}, Tables: []string{"Episodes", "Missing"}, Reason: needsEpisodes},
	{Code: "577", Message: "Child ceased to be looked after but there is a missing/away from placement without authorisation period without an end date.",
		Fields: []string{"MIS_END"}, Tables: []string{"Episodes", "Missing"}, Reason: needsEpisodes},
	{Code: "578", Message: "The date that the child started to be missing is after the child ceased to be looked after.",
		Fields: []string{"MIS_START"}, Tables: []string{"Episodes", "Missing"}, Reason: needsEpisodes},
	{Code: "580", Message: "Child is missing when cease being looked after but reason episode ceased not ‘E8’.",
		Fields: []string{"REC"}, Tables: []string{"Episodes", "Missing"}, Reason: needsEpisodes},
	{Code: "581", Message: "Child is missing but has not yet started to be looked after.",
		Fields: []string{"MIS_START"}, Tables: []string{"Episodes", "Missing"}, Reason: needsEpisodes},
	{Code: "1012", Message: "No other data should be returned for OC3 children who had no episodes in the current year",
		Fields: []string{"CHILD"}, Tables: []string{"Episodes", "Missing"}, Reason: needsEpisodes},
	{Code: "INT04", Message: "Internal Check: Child in Missing does not exist in Header.",
		Fields: []string{"CHILD"}, Tables: []string{"Header", "Missing"}, Reason: needsHeader},
	{Code: "INT13", Message: "Internal Check: DOB in Missing is different to DOB in Header.",
		Fields: []string{"DOB"}, Tables: []string{"Header", "Missing"}, Reason: needsHeader},
}

// Problem is one broken rule: the row (counting from 1, as the CSV's data
// lines after the header), its CHILD code, the column the rule points at,
// the rule's code and message as the Department publishes them, and what
// is wrong with this row in plain words.
type Problem struct {
	Row      int    `json:"row"`
	Child    string `json:"child"`
	Column   string `json:"column"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
	Detail   string `json:"detail"`
	PersonID string `json:"-"`
}

// rule903 is the rule of a code.
func rule903(code string) Rule903 {
	i := slices.IndexFunc(Rules903, func(r Rule903) bool { return r.Code == code })
	return Rules903[i]
}

// cell903 is a row read as the rules read it.
type cell903 struct {
	missing             string     // MISSING in capitals
	start, end, dob     civil.Date // zero: blank or not a date
	startOK, endOK, dOK bool       // the field is a date
}

func read903(r Row903) cell903 {
	c := cell903{missing: strings.ToUpper(r.Missing)}
	c.start, c.startOK = date903(r.Start)
	c.end, c.endOK = date903(r.End)
	c.dob, c.dOK = date903(r.DOB)
	return c
}

func date903(s string) (civil.Date, bool) {
	if s == "" {
		return civil.Date{}, false
	}
	d, err := ParseDate903(s)
	return d, err == nil
}

// Validate903 checks the rows of the Missing table of the collection year
// starting on 1 April of year against every rule in Rules903 and returns
// each problem, by row and then in the order of Rules903. last is the
// Missing table of the year before, which rule 576 reads.
func Validate903(rows []Row903, year int, last []Row903) []Problem {
	first, final := CollectionYear(year)
	cells := make([]cell903, len(rows))
	for i, r := range rows {
		cells[i] = read903(r)
	}
	var out []Problem
	add := func(i int, code, column, detail string) {
		rule := rule903(code)
		out = append(out, Problem{Row: i + 1, Child: rows[i].Child, Column: column, Rule: code,
			Message: rule.Message, Detail: detail, PersonID: rows[i].PersonID})
	}
	for i, r := range rows {
		c := cells[i]
		mOrA := c.missing == "M" || c.missing == "A"
		if mOrA && r.Start == "" {
			add(i, Rule564, "MIS_START", "MISSING is "+r.Missing+" but MIS_START is blank")
		}
		if r.Start != "" && r.Missing == "" {
			add(i, Rule565, "MISSING", "MIS_START is "+r.Start+" but MISSING is blank")
		}
		if r.Missing == "" && r.End != "" {
			add(i, Rule566, "MISSING", "MIS_END is "+r.End+" but MISSING is blank")
		}
		if c.startOK && c.endOK && c.end.Before(c.start) {
			add(i, Rule567, "MIS_END", fmt.Sprintf("MIS_END %s is before MIS_START %s", r.End, r.Start))
		}
		if c.startOK && c.start.After(final) {
			add(i, Rule570, "MIS_START", fmt.Sprintf("MIS_START %s is after the end of the collection year, %s", r.Start, Date903(final)))
		}
		if c.endOK && c.end.Before(first) {
			add(i, Rule571, "MIS_END", fmt.Sprintf("MIS_END %s is before the start of the collection year, %s", r.End, Date903(first)))
		}
		if c.endOK && c.end.After(final) {
			add(i, Rule571, "MIS_END", fmt.Sprintf("MIS_END %s is after the end of the collection year, %s: leave it blank in this year’s return", r.End, Date903(final)))
		}
		// 574 is checked below, over the child's rows; 576 over the year before's.
		if c.startOK && c.dOK && !c.start.After(c.dob) {
			add(i, Rule586, "MIS_START", fmt.Sprintf("MIS_START %s is on or before the date of birth %s", r.Start, r.DOB))
		}
		if !c.startOK {
			if r.Start == "" {
				add(i, Rule1004, "MIS_START", "MIS_START is blank")
			} else {
				add(i, Rule1004, "MIS_START", fmt.Sprintf("MIS_START %q is not a real date written as dd/mm/yyyy", r.Start))
			}
		}
		if r.End != "" && !c.endOK {
			add(i, Rule1005, "MIS_END", fmt.Sprintf("MIS_END %q is not a real date written as dd/mm/yyyy", r.End))
		}
		if r.Missing != "" && !mOrA {
			add(i, Rule1006, "MISSING", fmt.Sprintf("MISSING is %q: it must be M (missing) or A (away from placement without authorisation)", r.Missing))
		}
	}
	out = append(out, overlaps574(rows, cells)...)
	out = append(out, carried576(rows, cells, last)...)
	order := map[string]int{}
	for i, r := range Rules903 {
		order[r.Code] = i
	}
	slices.SortStableFunc(out, func(a, b Problem) int {
		if a.Row != b.Row {
			return a.Row - b.Row
		}
		return order[a.Rule] - order[b.Rule]
	})
	return out
}

// overlaps574 is rule 574. A child's periods are put in order of their end
// (an open period by its start), then of their start, a period with no
// date last; each period is compared with the one before it: it breaks the
// rule when that one has no end date, or when it starts before that one
// ends. A period may start on the day the one before ends. A blank CHILD is
// no child's.
func overlaps574(rows []Row903, cells []cell903) []Problem {
	idx := make([]int, 0, len(rows))
	for i := range rows {
		idx = append(idx, i)
	}
	// key is the date a period is put in order by: its end, or its start
	// while it has no end date; ok false when it has neither.
	key := func(c cell903) (civil.Date, bool) {
		if c.endOK {
			return c.end, true
		}
		return c.start, c.startOK
	}
	byDate := func(a, b civil.Date, aOK, bOK bool) int {
		switch {
		case aOK && bOK:
			return a.Compare(b)
		case aOK:
			return -1
		case bOK:
			return 1
		}
		return 0
	}
	slices.SortStableFunc(idx, func(i, j int) int {
		ci, cj := rows[i].Child, rows[j].Child
		if (ci == "") != (cj == "") {
			if ci == "" {
				return 1
			}
			return -1
		}
		if n := strings.Compare(strings.ToUpper(ci), strings.ToUpper(cj)); n != 0 {
			return n
		}
		ki, iOK := key(cells[i])
		kj, jOK := key(cells[j])
		if n := byDate(ki, kj, iOK, jOK); n != 0 {
			return n
		}
		return byDate(cells[i].start, cells[j].start, cells[i].startOK, cells[j].startOK)
	})
	var out []Problem
	rule := rule903(Rule574)
	for k := 1; k < len(idx); k++ {
		i, p := idx[k], idx[k-1]
		if rows[i].Child == "" || !strings.EqualFold(rows[i].Child, rows[p].Child) {
			continue
		}
		cur, prev := cells[i], cells[p]
		var detail string
		switch {
		case !prev.endOK:
			detail = fmt.Sprintf("The child’s period on row %d has no end date, so no other period may follow it", p+1)
			if prev.startOK {
				detail = fmt.Sprintf("The child’s period on row %d, starting %s, has no end date, so no other period may follow it", p+1, Date903(prev.start))
			}
		case cur.startOK && cur.start.Before(prev.end):
			detail = fmt.Sprintf("This period starts %s, before the child’s period on row %d ends on %s", Date903(cur.start), p+1, Date903(prev.end))
		default:
			continue
		}
		out = append(out, Problem{Row: i + 1, Child: rows[i].Child, Column: "MIS_START", Rule: Rule574, Message: rule.Message,
			Detail: detail, PersonID: rows[i].PersonID})
	}
	return out
}

// carried576 is rule 576: for each child, the row starting first this year
// (a row with no start date counting as starting last) must start on the
// day each period left open in last year's return started. Only rows
// with a blank MIS_END are open last year.
func carried576(rows []Row903, cells []cell903, last []Row903) []Problem {
	first := map[string]int{} // child, in capitals: the row starting first
	var children []string
	for i, r := range rows {
		if r.Child == "" {
			continue
		}
		child := strings.ToUpper(r.Child)
		j, seen := first[child]
		if !seen {
			first[child] = i
			children = append(children, child)
			continue
		}
		if cells[i].startOK && (!cells[j].startOK || cells[i].start.Before(cells[j].start)) {
			first[child] = i
		}
	}
	open := map[string][]civil.Date{}
	for _, r := range last {
		if r.Child == "" || r.End != "" {
			continue
		}
		if d, ok := date903(r.Start); ok {
			child := strings.ToUpper(r.Child)
			open[child] = append(open[child], d)
		}
	}
	var out []Problem
	rule := rule903(Rule576)
	for _, child := range children {
		i := first[child]
		for _, d := range open[child] {
			if cells[i].startOK && cells[i].start == d {
				continue
			}
			out = append(out, Problem{Row: i + 1, Child: rows[i].Child, Column: "CHILD", Rule: Rule576, Message: rule.Message,
				Detail: fmt.Sprintf("Last year’s return has this child’s period starting %s with no end date, but the child’s first period this year starts %s",
					Date903(d), orBlank(rows[i].Start)), PersonID: rows[i].PersonID})
			break
		}
	}
	return out
}

func orBlank(s string) string {
	if s == "" {
		return "on no date"
	}
	return s
}
