package calendar_test

import (
	"strings"
	"testing"
	"time"

	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
)

// published holds every England and Wales bank holiday from 2010 to 2027 as
// GOV.UK lists them, written out by hand rather than worked out.
var published = map[int]string{
	2010: "01-01 04-02 04-05 05-03 05-31 08-30 12-27 12-28",
	2011: "01-03 04-22 04-25 04-29 05-02 05-30 08-29 12-26 12-27",
	2012: "01-02 04-06 04-09 05-07 06-04 06-05 08-27 12-25 12-26",
	2013: "01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26",
	2014: "01-01 04-18 04-21 05-05 05-26 08-25 12-25 12-26",
	2015: "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28",
	2016: "01-01 03-25 03-28 05-02 05-30 08-29 12-26 12-27",
	2017: "01-02 04-14 04-17 05-01 05-29 08-28 12-25 12-26",
	2018: "01-01 03-30 04-02 05-07 05-28 08-27 12-25 12-26",
	2019: "01-01 04-19 04-22 05-06 05-27 08-26 12-25 12-26",
	2020: "01-01 04-10 04-13 05-08 05-25 08-31 12-25 12-28",
	2021: "01-01 04-02 04-05 05-03 05-31 08-30 12-27 12-28",
	2022: "01-03 04-15 04-18 05-02 06-02 06-03 08-29 09-19 12-26 12-27",
	2023: "01-02 04-07 04-10 05-01 05-08 05-29 08-28 12-25 12-26",
	2024: "01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26",
	2025: "01-01 04-18 04-21 05-05 05-26 08-25 12-25 12-26",
	2026: "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28",
	2027: "01-01 03-26 03-29 05-03 05-31 08-30 12-27 12-28",
}

func date(t testing.TB, s string) civil.Date {
	t.Helper()
	d, err := civil.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func dates(hs []calendar.Holiday) string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Date.String()[5:])
	}
	return strings.Join(out, " ")
}

func TestHolidaysAsPublished(t *testing.T) {
	for y := 2010; y <= 2027; y++ {
		if got := dates(calendar.Holidays(y)); got != published[y] {
			t.Errorf("%d:\n got %s\nwant %s", y, got, published[y])
		}
	}
}

func TestHolidayNames(t *testing.T) {
	for _, c := range []struct{ day, name string }{
		{"2010-12-27", "Christmas Day (substitute day)"},
		{"2010-12-28", "Boxing Day (substitute day)"},
		{"2011-01-03", "New Year's Day (substitute day)"},
		{"2011-04-29", "Royal wedding"},
		{"2011-12-26", "Boxing Day"},
		{"2011-12-27", "Christmas Day (substitute day)"},
		{"2012-06-04", "Spring bank holiday"},
		{"2012-06-05", "Queen's Diamond Jubilee"},
		{"2015-12-28", "Boxing Day (substitute day)"},
		{"2020-05-08", "Early May bank holiday (VE day)"},
		{"2022-06-02", "Spring bank holiday"},
		{"2022-06-03", "Platinum Jubilee bank holiday"},
		{"2022-09-19", "Bank Holiday for the State Funeral of Queen Elizabeth II"},
		{"2023-05-08", "Bank holiday for the coronation of King Charles III"},
		{"2026-04-03", "Good Friday"},
		{"2026-04-06", "Easter Monday"},
		{"2026-05-04", "Early May bank holiday"},
		{"2026-08-31", "Summer bank holiday"},
		{"2033-01-03", "New Year's Day (substitute day)"},
	} {
		d := date(t, c.day)
		found := false
		for _, h := range calendar.Holidays(d.Year) {
			if h.Date == d {
				found = true
				if h.Name != c.name {
					t.Errorf("%s is %q, want %q", c.day, h.Name, c.name)
				}
			}
		}
		if !found {
			t.Errorf("%s is not a holiday", c.day)
		}
	}
}

func TestExceptionsRemoveTheRuleDays(t *testing.T) {
	cal := calendar.New()
	for _, s := range []string{"2012-05-28", "2020-05-04", "2022-05-30"} {
		if !cal.IsWorkingDay(date(t, s)) {
			t.Errorf("%s was moved and is a working day", s)
		}
	}
}

// TestRulesEveryYear checks what must hold in any year, including those no
// one has published yet: 8 holidays (more only in the years of the
// exceptions), all on distinct weekdays, Good Friday and Easter Monday
// around Easter Sunday.
func TestRulesEveryYear(t *testing.T) {
	extra := map[int]int{2011: 1, 2012: 1, 2022: 2, 2023: 1}
	for y := 1990; y <= 2200; y++ {
		hs := calendar.Holidays(y)
		if len(hs) != 8+extra[y] {
			t.Errorf("%d has %d holidays: %s", y, len(hs), dates(hs))
		}
		seen := map[civil.Date]bool{}
		for i, h := range hs {
			if w := h.Date.Time(time.UTC).Weekday(); w == time.Saturday || w == time.Sunday {
				t.Errorf("%s (%s) is a %s", h.Date, h.Name, w)
			}
			if seen[h.Date] || h.Date.Year != y || i > 0 && !hs[i-1].Date.Before(h.Date) {
				t.Errorf("%d: %s repeated, out of order or in another year", y, h.Date)
			}
			seen[h.Date] = true
		}
		e := calendar.Easter(y)
		if e.Time(time.UTC).Weekday() != time.Sunday || !seen[e.AddDays(-2)] || !seen[e.AddDays(1)] {
			t.Errorf("%d: Easter %s is not a Sunday between its holidays", y, e)
		}
	}
	if calendar.Holidays(0) != nil || calendar.Holidays(10000) != nil {
		t.Error("years outside 1 to 9999 have no holidays")
	}
}

func TestEaster(t *testing.T) {
	for _, s := range []string{"1818-03-22", "1943-04-25", "2000-04-23", "2008-03-23", "2011-04-24",
		"2019-04-21", "2024-03-31", "2026-04-05", "2038-04-25", "2285-03-22"} {
		d := date(t, s)
		if got := calendar.Easter(d.Year); got != d {
			t.Errorf("Easter %d = %s, want %s", d.Year, got, d)
		}
	}
}

// TestSubstituteDays covers each way Christmas and New Year can fall.
func TestSubstituteDays(t *testing.T) {
	for _, c := range []struct {
		year int
		want string // the Christmas holidays, then New Year's Day
	}{
		{2021, "12-27 12-28 01-01"}, // Christmas Saturday
		{2022, "12-26 12-27 01-03"}, // Christmas Sunday; New Year Saturday
		{2026, "12-25 12-28 01-01"}, // Christmas Friday
		{2027, "12-27 12-28 01-01"}, // Christmas Saturday
		{2028, "12-25 12-26 01-03"}, // Christmas Monday; New Year Saturday
		{2023, "12-25 12-26 01-02"}, // New Year Sunday
		{2030, "12-25 12-26 01-01"}, // Christmas Wednesday
	} {
		hs := calendar.Holidays(c.year)
		got := dates(hs[len(hs)-2:]) + " " + dates(hs[:1])
		if got != c.want {
			t.Errorf("%d: %s, want %s", c.year, got, c.want)
		}
	}
}
