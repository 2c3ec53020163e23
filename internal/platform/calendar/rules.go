package calendar

import (
	"slices"
	"time"

	"mace/internal/platform/civil"
)

// Holiday is one bank holiday: the day it is taken and its name as
// published (a substitute day says so).
type Holiday struct {
	Date civil.Date
	Name string
}

// The holiday names as GOV.UK publishes them.
const (
	newYear    = "New Year's Day"
	goodFri    = "Good Friday"
	easterMon  = "Easter Monday"
	earlyMay   = "Early May bank holiday"
	spring     = "Spring bank holiday"
	summer     = "Summer bank holiday"
	christmas  = "Christmas Day"
	boxing     = "Boxing Day"
	substitute = " (substitute day)"
)

// exception is a one-off change the rules cannot express: a holiday added by
// proclamation, or a rule holiday taken away (when one is moved, the old day
// is removed and the new one added).
type exception struct {
	date civil.Date
	kind string // "add" or "remove"
	name string
}

func day(y int, m time.Month, d int) civil.Date { return civil.Date{Year: y, Month: m, Day: d} }

// exceptions are the one-off changes to the England and Wales rules since
// 2010. Future ones are added by an administrator (they are announced months
// ahead) and held in the database; they can be moved here in a release.
var exceptions = []exception{
	{day(2011, time.April, 29), "add", "Royal wedding"},
	{day(2012, time.May, 28), "remove", spring},
	{day(2012, time.June, 4), "add", spring},
	{day(2012, time.June, 5), "add", "Queen's Diamond Jubilee"},
	{day(2020, time.May, 4), "remove", earlyMay},
	{day(2020, time.May, 8), "add", "Early May bank holiday (VE day)"},
	{day(2022, time.May, 30), "remove", spring},
	{day(2022, time.June, 2), "add", spring},
	{day(2022, time.June, 3), "add", "Platinum Jubilee bank holiday"},
	{day(2022, time.September, 19), "add", "Bank Holiday for the State Funeral of Queen Elizabeth II"},
	{day(2023, time.May, 8), "add", "Bank holiday for the coronation of King Charles III"},
}

// Easter returns Easter Sunday of a year in the Gregorian calendar, by the
// anonymous Gregorian (Meeus/Jones/Butcher) algorithm.
func Easter(year int) civil.Date {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	dd := (h+l-7*m+114)%31 + 1
	return day(year, time.Month(month), dd)
}

func weekday(d civil.Date) time.Weekday { return d.Time(time.UTC).Weekday() }

func isWeekend(d civil.Date) bool {
	w := weekday(d)
	return w == time.Saturday || w == time.Sunday
}

// firstMonday is the first Monday of a month; lastMonday the last.
func firstMonday(y int, m time.Month) civil.Date {
	d := day(y, m, 1)
	return d.AddDays((int(time.Monday) - int(weekday(d)) + 7) % 7)
}

func lastMonday(y int, m time.Month) civil.Date {
	d := day(y, m+1, 1).AddDays(-1) // normalised by AddDays
	return d.AddDays(-((int(weekday(d)) - int(time.Monday) + 7) % 7))
}

// nextFreeWeekday is the first weekday after d not already taken.
func nextFreeWeekday(d civil.Date, taken []civil.Date) civil.Date {
	for {
		d = d.AddDays(1)
		if !isWeekend(d) && !slices.Contains(taken, d) {
			return d
		}
	}
}

// ruleHolidays are the holidays the standing rules give for a year, before
// the one-off exceptions.
func ruleHolidays(year int) []Holiday {
	hs := make([]Holiday, 0, 9)
	ny := day(year, time.January, 1)
	if isWeekend(ny) {
		hs = append(hs, Holiday{nextFreeWeekday(ny, nil), newYear + substitute})
	} else {
		hs = append(hs, Holiday{ny, newYear})
	}
	easter := Easter(year)
	hs = append(hs,
		Holiday{easter.AddDays(-2), goodFri},
		Holiday{easter.AddDays(1), easterMon},
		Holiday{firstMonday(year, time.May), earlyMay},
		Holiday{lastMonday(year, time.May), spring},
		Holiday{lastMonday(year, time.August), summer},
	)
	// Christmas and Boxing Day: a day on a weekday stays; a day at a weekend
	// takes the next weekday not already a holiday, Christmas first. So
	// Christmas on a Saturday gives Monday 27 and Tuesday 28; on a Sunday,
	// Boxing Day stays on Monday 26 and Christmas moves to Tuesday 27.
	xmas := []Holiday{{day(year, time.December, 25), christmas}, {day(year, time.December, 26), boxing}}
	var taken []civil.Date
	for _, h := range xmas {
		if !isWeekend(h.Date) {
			taken = append(taken, h.Date)
		}
	}
	for _, h := range xmas {
		if isWeekend(h.Date) {
			h = Holiday{nextFreeWeekday(h.Date, taken), h.Name + substitute}
			taken = append(taken, h.Date)
		}
		hs = append(hs, h)
	}
	return hs
}

// Holidays returns the England and Wales bank holidays of a year, in date
// order: the standing rules, then the one-off exceptions held above. It
// knows nothing of days an administrator has added or removed (see
// Calendar.Holidays). Years outside 1 to 9999 have none.
func Holidays(year int) []Holiday {
	if year < 1 || year > 9999 {
		return nil
	}
	hs := ruleHolidays(year)
	for _, e := range exceptions {
		if e.date.Year != year {
			continue
		}
		switch e.kind {
		case "remove":
			hs = slices.DeleteFunc(hs, func(h Holiday) bool { return h.Date == e.date })
		case "add":
			hs = append(hs, Holiday{e.date, e.name})
		}
	}
	sortHolidays(hs)
	return hs
}

func sortHolidays(hs []Holiday) {
	slices.SortStableFunc(hs, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
}
