// Package ssda903 makes a local authority's SSDA903 Missing return for the
// Department for Education from the missing service's episodes: its rows,
// validation report, CSV and pages. It owns no table.
package ssda903

// The SSDA903 Missing table: the episodes of looked-after children missing
// or away from placement that a local authority returns to the Department
// for Education each year. Its columns are CHILD, DOB, MISSING (M or A),
// MIS_START and MIS_END, dates as dd/mm/yyyy, MIS_END blank while the
// episode is open at the end of the collection year. This file holds the
// rows, their dates and the CSV writer; rules.go holds the Department's
// validation rules of the table.

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

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
