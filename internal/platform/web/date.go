package web

import (
	"strconv"
	"strings"

	"mace/internal/platform/civil"
)

// FormDate reads a GOV.UK date input (name-day, name-month, name-year). It
// returns the zero date and no problem when all three are empty, and a
// plain-English problem (using label, e.g. "Date of birth") when the parts
// are incomplete or not a real date.
func (f *Form) FormDate(name, label string) (civil.Date, string) {
	parts := []string{f.Get(name + "-day"), f.Get(name + "-month"), f.Get(name + "-year")}
	words := []string{"a day", "a month", "a year"}
	var missing []string
	for i, p := range parts {
		if p == "" {
			missing = append(missing, words[i])
		}
	}
	if len(missing) == 3 {
		return civil.Date{}, ""
	}
	if len(missing) > 0 {
		return civil.Date{}, label + " must include " + strings.Join(missing, " and ")
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return civil.Date{}, label + " must be a real date"
		}
		n[i] = v
	}
	if n[2] < 1000 {
		return civil.Date{}, label + " must include a year with 4 numbers"
	}
	d, ok := civil.FromParts(n[2], n[1], n[0])
	if !ok {
		return civil.Date{}, label + " must be a real date"
	}
	return d, ""
}

// SetDate fills a date input's three fields from d.
func (f *Form) SetDate(name string, d civil.Date) {
	if d.IsZero() {
		return
	}
	f.Values.Set(name+"-day", strconv.Itoa(d.Day))
	f.Values.Set(name+"-month", strconv.Itoa(int(d.Month)))
	f.Values.Set(name+"-year", strconv.Itoa(d.Year))
}
