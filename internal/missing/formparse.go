package missing

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"mace/internal/platform/civil"
	"mace/internal/platform/text"
	"mace/internal/platform/web"
)

// Reading the pages' forms: dates with a time of day typed as text, and
// lists of people and places typed one a line.

// formWhen reads the date inputs name-day, -month, -year and the time
// input name_time as a time in Europe/London. Both empty is the zero time
// with no problem; what names the moment in messages ("they went
// missing"). A time in the hour the clocks go back is read as the first.
func formWhen(f *web.Form, name, what string) (time.Time, string) {
	d, problem := f.FormDate(name, "The date "+what)
	if problem != "" {
		return time.Time{}, problem
	}
	clock := f.Get(name + "_time")
	if d.IsZero() {
		if clock != "" {
			return time.Time{}, "Enter the date " + what
		}
		return time.Time{}, ""
	}
	h, m, problem := web.ParseClock(clock, "the time "+what)
	if problem != "" {
		return time.Time{}, problem
	}
	return time.Date(d.Year, d.Month, d.Day, h, m, 0, 0, civil.London), ""
}

// setWhen fills the date and time inputs from t, in Europe/London.
func setWhen(f *web.Form, name string, t time.Time) {
	if t.IsZero() {
		return
	}
	l := t.In(civil.London)
	f.Values.Set(name+"-day", itoa(l.Day()))
	f.Values.Set(name+"-month", itoa(int(l.Month())))
	f.Values.Set(name+"-year", itoa(l.Year()))
	f.Values.Set(name+"_time", l.Format("15:04"))
}

func itoa(n int) string { return strconv.Itoa(n) }

// ParseAssociates reads people typed one a line as "name, what is known of
// them": the name is before the first comma.
func ParseAssociates(typed string) []Associate {
	var out []Associate
	for _, l := range strings.Split(typed, "\n") {
		name, desc, _ := strings.Cut(l, ",")
		a := Associate{Name: text.OneLine(name), Description: text.OneLine(desc)}
		if a != (Associate{}) {
			out = append(out, a)
		}
	}
	return out
}

// FormatAssociates writes people back one a line, as ParseAssociates reads.
func FormatAssociates(list []Associate) string {
	var lines []string
	for _, a := range list {
		l := a.Name
		if a.Description != "" {
			l += ", " + a.Description
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n")
}

var postcodeRE = regexp.MustCompile(`(?i)^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$`)

// ParsePlaces reads places typed one a line as "description, postcode":
// a last part after a comma that reads as a UK postcode is the postcode.
func ParsePlaces(typed string) []Place {
	var out []Place
	for _, l := range strings.Split(typed, "\n") {
		l = text.OneLine(l)
		if l == "" {
			continue
		}
		p := Place{Description: l}
		if i := strings.LastIndex(l, ","); i >= 0 && postcodeRE.MatchString(strings.TrimSpace(l[i+1:])) {
			p.Description, p.Postcode = strings.TrimSpace(l[:i]), strings.ToUpper(strings.TrimSpace(l[i+1:]))
		}
		out = append(out, p)
	}
	return out
}

// FormatPlaces writes places back one a line, as ParsePlaces reads.
func FormatPlaces(list []Place) string {
	var lines []string
	for _, p := range list {
		l := p.Description
		if p.Postcode != "" {
			l += ", " + p.Postcode
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n")
}
