package missingimport

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"mace/internal/missing"
	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
	"mace/internal/platform/text"
)

// The layout of the police forces' missing notifications: a CSV file (comma
// separated, UTF-8 with or without a byte order mark, fields quoted when
// they hold commas, quotes or line breaks), whose first row names the
// columns. Columns may come in any order; names are not case sensitive.

// Column is one column of the import file's layout.
type Column struct {
	Name, Required, Format string
}

// Columns is the documented layout, in the order an export should use.
var Columns = []Column{
	{"police_reference", "Yes", "The force’s reference for the episode, up to 50 characters. It identifies the episode: a file imported again finds it."},
	{"force", "No", "The police force’s name as the service knows it. Blank: the importing officer’s own force."},
	{"type", "Yes", "M (missing: whereabouts unknown) or A (away without authorisation: whereabouts known)."},
	{"given_name", "Yes", "The young person’s given names."},
	{"family_name", "Yes", "The young person’s family name."},
	{"date_of_birth", "Yes", "dd/mm/yyyy or yyyy-mm-dd."},
	{"postcode", "No", "The young person’s home postcode, which helps find their record."},
	{"start", "Yes", "When they went missing: a date as above and a 24-hour time, such as 21/11/2026 18:30, UK time."},
	{"end", "No", "When they were found or returned, as for start. Blank while they are still missing."},
	{"risk_grading", "Yes", "The police risk grading: no apparent risk, low, medium or high."},
	{"reported_by", "Yes", "Who reported them missing, such as their carer."},
	{"where_found", "No", "Where they were found. Only with an end."},
	{"where_found_postcode", "No", "The postcode of where they were found."},
	{"found_with", "No", "Who they were found with: names separated by semicolons. Only with an end."},
	{"looked_after", "No", "Y if the young person is looked after (in care), N or blank if not."},
}

// MaxImportRows is the most rows one file may hold.
const MaxImportRows = 200_000

// Row is one row of an import file as read: the values as given, with the
// problems of reading them (a date that is not one, an unknown type).
type Row struct {
	Line            int                 `json:"line"`
	PoliceReference string              `json:"police_reference"`
	Force           string              `json:"force"`
	Type            string              `json:"type"`
	GivenName       string              `json:"given_name"`
	FamilyName      string              `json:"family_name"`
	DateOfBirth     civil.Date          `json:"date_of_birth"`
	Postcode        string              `json:"postcode"`
	Start           time.Time           `json:"start"`
	End             time.Time           `json:"end"`
	RiskGrading     string              `json:"risk_grading"`
	ReportedBy      string              `json:"reported_by"`
	FoundPlace      missing.Place       `json:"found_place"`
	FoundWith       []missing.Associate `json:"found_with"`
	LookedAfter     bool                `json:"looked_after"`
	// Problems are the row's problems as "column: message", in column order.
	Problems []string `json:"problems,omitempty"`
	// StartProblem and EndProblem are kept for the episode's own
	// validation, which reports them with the rest.
	startProblem, endProblem string
}

func (r *Row) problem(column, msg string) { r.Problems = append(r.Problems, column+": "+msg) }

// ParseImport reads an import file. A file it cannot use at all (no header
// row, a column missing or unknown, too many rows, not CSV) is an Invalid
// error saying why; otherwise every row comes back, each with its own
// problems.
func ParseImport(data []byte) ([]Row, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, errs.E(errs.Invalid, "The file is empty: it needs a header row naming the columns, then a row for each episode")
	}
	if err != nil {
		return nil, errs.E(errs.Invalid, "The file is not a CSV file the service can read: %s", csvProblem(err))
	}
	index := map[string]int{}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		switch {
		case name == "":
			return nil, errs.E(errs.Invalid, "Column %d of the header row has no name", i+1)
		case !slices.ContainsFunc(Columns, func(c Column) bool { return c.Name == name }):
			return nil, errs.E(errs.Invalid, "The header row names a column the layout does not have: %q", truncate(h, 40))
		}
		if _, dup := index[name]; dup {
			return nil, errs.E(errs.Invalid, "The header row names the column %s twice", name)
		}
		index[name] = i
	}
	var missingCols []string
	for _, c := range Columns {
		if _, ok := index[c.Name]; !ok && c.Required == "Yes" {
			missingCols = append(missingCols, c.Name)
		}
	}
	if len(missingCols) > 0 {
		return nil, errs.E(errs.Invalid, "The header row must name the %s %s", plural(len(missingCols), "column", "columns"), strings.Join(missingCols, ", "))
	}
	var rows []Row
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, errs.E(errs.Invalid, "The file is not a CSV file the service can read: %s", csvProblem(err))
		}
		line, _ := r.FieldPos(0)
		if len(rows) == MaxImportRows {
			return nil, errs.E(errs.Invalid, "The file has more than %d rows: split it into smaller files", MaxImportRows)
		}
		if blank(rec) {
			continue
		}
		get := func(name string) string {
			if i, ok := index[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		rows = append(rows, parseRow(line, get))
	}
	if len(rows) == 0 {
		return nil, errs.E(errs.Invalid, "The file has a header row but no episodes")
	}
	return rows, nil
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func csvProblem(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Sprintf("line %d: %v", pe.Line, pe.Err)
	}
	return err.Error()
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// parseRow reads one row's values (get returns a column's trimmed value).
func parseRow(line int, get func(string) string) Row {
	r := Row{Line: line, PoliceReference: get("police_reference"), Force: get("force"),
		GivenName: text.OneLine(get("given_name")), FamilyName: text.OneLine(get("family_name")), Postcode: get("postcode"),
		ReportedBy: get("reported_by"),
		FoundPlace: missing.Place{Description: get("where_found"), Postcode: get("where_found_postcode")}}
	if r.PoliceReference == "" {
		r.problem("police_reference", "Enter the police reference")
	}
	switch t := strings.ToUpper(get("type")); t {
	case "M", "MISSING":
		r.Type = missing.Missing
	case "A", "AWAY":
		r.Type = missing.Away
	case "":
		r.problem("type", "Enter M (missing) or A (away without authorisation)")
	default:
		r.problem("type", fmt.Sprintf("%q is not a type: enter M (missing) or A (away without authorisation)", truncate(get("type"), 20)))
	}
	if r.GivenName == "" && r.FamilyName == "" {
		r.problem("given_name", "Enter the young person’s name")
	}
	switch v := get("date_of_birth"); {
	case v == "":
		r.problem("date_of_birth", "Enter the young person’s date of birth")
	default:
		d, ok := parseDate(v)
		if !ok {
			r.problem("date_of_birth", fmt.Sprintf("%q is not a date: use dd/mm/yyyy or yyyy-mm-dd", truncate(v, 20)))
		}
		r.DateOfBirth = d
	}
	if v := get("start"); v != "" {
		t, ok := parseDateTime(v)
		if !ok {
			r.startProblem = fmt.Sprintf("%q is not a date and time: use dd/mm/yyyy hh:mm or yyyy-mm-dd hh:mm", truncate(v, 20))
		}
		r.Start = t
	}
	if v := get("end"); v != "" {
		t, ok := parseDateTime(v)
		if !ok {
			r.endProblem = fmt.Sprintf("%q is not a date and time: use dd/mm/yyyy hh:mm or yyyy-mm-dd hh:mm", truncate(v, 20))
		}
		r.End = t
	}
	grading := strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(get("risk_grading"), "-", " "))), " ")
	switch grading {
	case "no apparent risk", "none", "no risk":
		r.RiskGrading = missing.NoApparentRisk
	case "low", "medium", "high":
		r.RiskGrading = grading
	case "":
	default:
		r.problem("risk_grading", fmt.Sprintf("%q is not a risk grading: enter no apparent risk, low, medium or high", truncate(get("risk_grading"), 20)))
	}
	for n := range strings.SplitSeq(get("found_with"), ";") {
		if n = strings.TrimSpace(n); n != "" {
			r.FoundWith = append(r.FoundWith, missing.Associate{Name: n})
		}
	}
	switch strings.ToUpper(get("looked_after")) {
	case "Y", "YES":
		r.LookedAfter = true
	case "N", "NO", "":
	default:
		r.problem("looked_after", "Enter Y if the young person is looked after, or N if not")
	}
	return r
}

// parseDate reads dd/mm/yyyy (or d/m/yyyy) or yyyy-mm-dd.
func parseDate(s string) (civil.Date, bool) {
	for _, layout := range []string{"2/1/2006", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return civil.Of(t), true
		}
	}
	return civil.Date{}, false
}

// parseDateTime reads a date as parseDate does and a 24-hour time, with a
// space or a T between, as the time in the UK then.
func parseDateTime(s string) (time.Time, bool) {
	s = strings.Join(strings.Fields(s), " ")
	for _, layout := range []string{"2/1/2006 15:04", "2/1/2006 15:04:05", "2006-01-02 15:04", "2006-01-02 15:04:05",
		"2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, civil.London); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
