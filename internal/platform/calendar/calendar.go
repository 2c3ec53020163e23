// Package calendar knows working days, the England and Wales bank holidays
// (standing rules plus one-off changes, held as data that an administrator
// can extend) and the timescales that are counted in them or in clock hours.
// It knows nothing about children or cases: other packages ask it when
// something is due.
package calendar

import (
	"fmt"
	"time"

	"mace/internal/platform/civil"
)

// LondonDate is the date in London at instant t.
func LondonDate(t time.Time) civil.Date { return civil.Of(t.In(civil.London)) }

// The years for which the rule holidays are worked out once, when a
// Calendar is made. Other years are worked out by rule when asked.
const (
	FirstYear = 2010
	LastYear  = 2035
)

// Kinds of administrator change to the calendar.
const (
	KindHoliday = "holiday" // an extra bank holiday
	KindWorking = "working" // a rule holiday taken away: a working day after all
)

// Calendar answers questions about working days. Saturdays, Sundays and
// bank holidays are not working days. A Calendar does not change once made,
// so it is safe to share between goroutines.
type Calendar struct {
	rules   map[civil.Date]string // rule holidays of FirstYear to LastYear
	added   map[civil.Date]string // administrator's extra holidays
	removed map[civil.Date]bool   // administrator's removed rule holidays
}

// New returns a calendar of the rule holidays with an administrator's
// changes applied (only their Date, Kind and Name are read).
func New(changes ...Change) *Calendar {
	c := &Calendar{rules: map[civil.Date]string{}, added: map[civil.Date]string{}, removed: map[civil.Date]bool{}}
	for y := FirstYear; y <= LastYear; y++ {
		for _, h := range Holidays(y) {
			c.rules[h.Date] = h.Name
		}
	}
	for _, ch := range changes {
		d := norm(ch.Date)
		switch ch.Kind {
		case KindHoliday:
			c.added[d] = ch.Name
			delete(c.removed, d)
		case KindWorking:
			c.removed[d] = true
			delete(c.added, d)
		}
	}
	return c
}

// norm puts an out-of-range day or month (31 April) into the date it means
// (1 May), so that it finds the same map entries.
func norm(d civil.Date) civil.Date { return d.AddDays(0) }

// ruleHoliday is the rule holiday (with the built-in exceptions) on d.
func (c *Calendar) ruleHoliday(d civil.Date) (string, bool) {
	if d.Year >= FirstYear && d.Year <= LastYear {
		name, ok := c.rules[d]
		return name, ok
	}
	for _, h := range Holidays(d.Year) {
		if h.Date == d {
			return h.Name, true
		}
	}
	return "", false
}

// Holiday returns the name of the bank holiday on d, if d is one.
func (c *Calendar) Holiday(d civil.Date) (name string, ok bool) {
	d = norm(d)
	if name, ok := c.added[d]; ok {
		return name, true
	}
	if c.removed[d] {
		return "", false
	}
	return c.ruleHoliday(d)
}

// Holidays returns the bank holidays of a year in date order, with the
// administrator's changes applied.
func (c *Calendar) Holidays(year int) []Holiday {
	var hs []Holiday
	for _, h := range Holidays(year) {
		if _, replaced := c.added[h.Date]; !replaced && !c.removed[h.Date] {
			hs = append(hs, h)
		}
	}
	for d, name := range c.added {
		if d.Year == year {
			hs = append(hs, Holiday{d, name})
		}
	}
	sortHolidays(hs)
	return hs
}

// IsWorkingDay reports whether d is a weekday and not a bank holiday.
func (c *Calendar) IsWorkingDay(d civil.Date) bool {
	d = norm(d)
	if isWeekend(d) {
		return false
	}
	_, hol := c.Holiday(d)
	return !hol
}

// AddWorkingDays returns the date n working days after from. A from that is
// not a working day counts from the next working day, so:
//
//	AddWorkingDays(Friday, 1)   = Monday
//	AddWorkingDays(Saturday, 0) = Monday
//	AddWorkingDays(Saturday, 1) = Tuesday
//
// and the result is always a working day on or after from. n must not be
// negative: AddWorkingDays panics if it is (timescales are validated as
// positive before they reach here).
func (c *Calendar) AddWorkingDays(from civil.Date, n int) civil.Date {
	if n < 0 {
		panic(fmt.Sprintf("calendar: AddWorkingDays with negative n (%d)", n))
	}
	d := norm(from)
	for !c.IsWorkingDay(d) {
		d = d.AddDays(1)
	}
	for n > 0 {
		d = d.AddDays(1)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// WorkingDaysBetween counts the working days after a, up to and including
// b: 0 when b is not after a. For a working day a and n >= 0,
// WorkingDaysBetween(a, AddWorkingDays(a, n)) == n.
func (c *Calendar) WorkingDaysBetween(a, b civil.Date) int {
	a, b = norm(a), norm(b)
	n := 0
	for d := a.AddDays(1); !d.After(b); d = d.AddDays(1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return n
}

// AddClockHours is the instant h elapsed hours after t. Clock-hour
// timescales (the 72-hour return interview) count real hours, so across a
// clock change the London wall clock moves by one hour more or less:
// 72 hours after 00:30 on Saturday 28 March 2026 (GMT) is 01:30 BST on
// Tuesday 31 March.
func AddClockHours(t time.Time, h int) time.Time { return t.Add(time.Duration(h) * time.Hour) }

// EndOfDay as a cut-off means a deadline at the end of the day, 23:59:59
// London time.
const EndOfDay = 24 * time.Hour

// DueAtEndOfWorkingDay is the deadline for something due n working days
// after the London date of from: 23:59:59 London time on that working day
// (one second before the next day starts, shown as "by the end of"). It is
// DueBy(from, n, EndOfDay).
func (c *Calendar) DueAtEndOfWorkingDay(from time.Time, n int) time.Time {
	return c.DueBy(from, n, EndOfDay)
}

// DueBy is the deadline for something due n working days after from, at
// the daily cut-off: cutOff after midnight on the London wall clock (17 *
// time.Hour for 17:00; EndOfDay, or any value outside 0 to 24 hours, for
// 23:59:59). Something arriving at or after the cut-off counts as arriving
// the next day, as does something arriving on a day that is not a working
// day, so the deadline is always after from. n must not be negative.
func (c *Calendar) DueBy(from time.Time, n int, cutOff time.Duration) time.Time {
	if cutOff <= 0 || cutOff > EndOfDay {
		cutOff = EndOfDay
	}
	start := LondonDate(from)
	if !from.Before(cutOffOn(start, cutOff)) {
		start = start.AddDays(1)
	}
	return cutOffOn(c.AddWorkingDays(start, n), cutOff)
}

// cutOffOn is the instant of the cut-off on date d in London. The clocks
// change at 01:00 UTC, so a cut-off in the working day or at its end is
// never a wall time that is skipped or repeated.
func cutOffOn(d civil.Date, cutOff time.Duration) time.Time {
	if cutOff == EndOfDay {
		return time.Date(d.Year, d.Month, d.Day+1, 0, 0, 0, 0, civil.London).Add(-time.Second)
	}
	h, rest := cutOff/time.Hour, cutOff%time.Hour
	m, rest := rest/time.Minute, rest%time.Minute
	return time.Date(d.Year, d.Month, d.Day, int(h), int(m), 0, int(rest), civil.London)
}
