package calendar_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
)

func TestAddWorkingDays(t *testing.T) {
	cal := calendar.New()
	for _, c := range []struct {
		from string
		n    int
		want string
		why  string
	}{
		{"2026-11-23", 0, "2026-11-23", "a working day plus 0 is itself"},
		{"2026-11-23", 1, "2026-11-24", "Monday plus 1"},
		{"2026-11-27", 1, "2026-11-30", "Friday plus 1 is Monday"},
		{"2026-11-28", 0, "2026-11-30", "Saturday plus 0 is Monday"},
		{"2026-11-29", 0, "2026-11-30", "Sunday plus 0 is Monday"},
		{"2026-11-28", 1, "2026-12-01", "Saturday plus 1 counts from Monday"},
		{"2026-11-23", 5, "2026-11-30", "a week"},
		{"2026-11-23", 15, "2026-12-14", "three weeks"},
		{"2026-04-02", 1, "2026-04-07", "Maundy Thursday over Easter"},
		{"2026-04-03", 0, "2026-04-07", "Good Friday plus 0 is the Tuesday"},
		{"2026-04-06", 1, "2026-04-08", "Easter Monday counts from Tuesday"},
		{"2026-03-30", 5, "2026-04-08", "a week across Easter"},
		{"2026-12-24", 1, "2026-12-29", "Christmas Eve 2026 over Christmas (Boxing Day on Monday 28)"},
		{"2026-12-25", 0, "2026-12-29", "Christmas Day plus 0"},
		{"2026-12-21", 5, "2026-12-30", "the Christmas week"},
		{"2026-12-31", 1, "2027-01-04", "over New Year and a weekend"},
		{"2022-06-01", 1, "2022-06-06", "over the Platinum Jubilee"},
		{"2022-05-27", 1, "2022-05-30", "the usual spring holiday was a working day in 2022"},
		{"2022-05-30", 5, "2022-06-08", "a week across the Jubilee"},
		{"2022-09-16", 1, "2022-09-20", "over the State Funeral"},
		{"2012-06-01", 1, "2012-06-06", "over the Diamond Jubilee"},
		{"2020-05-07", 1, "2020-05-11", "over VE day"},
		{"2023-05-05", 1, "2023-05-09", "over the Coronation"},
		{"2036-12-24", 1, "2036-12-29", "beyond the years worked out ahead, by rule"},
	} {
		if got := cal.AddWorkingDays(date(t, c.from), c.n); got != date(t, c.want) {
			t.Errorf("%s + %d = %s, want %s (%s)", c.from, c.n, got, c.want, c.why)
		}
	}
}

func TestAddWorkingDaysRefusesNegative(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a negative n should panic")
		}
	}()
	calendar.New().AddWorkingDays(date(t, "2026-11-23"), -1)
}

func TestWorkingDaysBetween(t *testing.T) {
	cal := calendar.New()
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"2026-11-23", "2026-11-23", 0},
		{"2026-11-24", "2026-11-23", 0},
		{"2026-11-27", "2026-11-30", 1},
		{"2026-11-28", "2026-11-30", 1},
		{"2026-11-27", "2026-11-29", 0},
		{"2026-12-24", "2026-12-29", 1},
		{"2022-05-30", "2022-06-08", 5},
		{"2026-01-01", "2026-12-31", 253}, // 261 weekdays, less 1 January itself and the 7 holidays after it
	} {
		if got := cal.WorkingDaysBetween(date(t, c.a), date(t, c.b)); got != c.want {
			t.Errorf("between %s and %s: %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

// TestWorkingDaysBetweenUndoesAdd checks, for random dates and counts, that
// counting the working days from the day counting starts (the first working
// day on or after from) to AddWorkingDays(from, n) gives n back; counted
// from a non-working from itself it gives one more, since the first working
// day after it is then counted too.
func TestWorkingDaysBetweenUndoesAdd(t *testing.T) {
	cal := calendar.New()
	r := rand.New(rand.NewPCG(1, 2))
	base := date(t, "2009-06-01")
	for range 3000 {
		from := base.AddDays(r.IntN(28 * 366))
		n := r.IntN(401)
		due := cal.AddWorkingDays(from, n)
		start := cal.AddWorkingDays(from, 0)
		if got := cal.WorkingDaysBetween(start, due); got != n {
			t.Fatalf("from %s (start %s) + %d = %s, but %d working days between", from, start, n, due, got)
		}
		want := n
		if !cal.IsWorkingDay(from) {
			want++
		}
		if got := cal.WorkingDaysBetween(from, due); got != want {
			t.Fatalf("from %s + %d = %s: %d working days from from, want %d", from, n, due, got, want)
		}
		if !cal.IsWorkingDay(due) || due.Before(from) || cal.AddWorkingDays(start, n) != due {
			t.Fatalf("from %s + %d = %s", from, n, due)
		}
	}
}

func TestClockHoursAcrossClockChanges(t *testing.T) {
	for _, c := range []struct {
		from, want string // London wall clock
	}{
		// Clocks go forward at 01:00 GMT on Sunday 29 March 2026.
		{"2026-03-28 00:30", "2026-03-31 01:30 BST"},
		// Clocks go back at 02:00 BST on Sunday 25 October 2026.
		{"2026-10-24 00:30", "2026-10-26 23:30 GMT"},
		{"2026-11-23 09:00", "2026-11-26 09:00 GMT"},
	} {
		from, err := time.ParseInLocation("2006-01-02 15:04", c.from, civil.London)
		if err != nil {
			t.Fatal(err)
		}
		due := calendar.AddClockHours(from, 72)
		if got := due.In(civil.London).Format("2006-01-02 15:04 MST"); got != c.want {
			t.Errorf("72 hours after %s: %s, want %s", c.from, got, c.want)
		}
		if due.Sub(from) != 72*time.Hour {
			t.Errorf("72 hours after %s is %s later", c.from, due.Sub(from))
		}
	}
}

func TestDueBy(t *testing.T) {
	cal := calendar.New()
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04:05", s, civil.London)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		from   string
		n      int
		cutOff time.Duration
		want   string
	}{
		{"2026-11-27 10:00:00", 1, calendar.EndOfDay, "2026-11-30 23:59:59 GMT"},
		{"2026-11-27 23:59:59", 0, calendar.EndOfDay, "2026-11-30 23:59:59 GMT"},
		{"2026-11-27 10:00:00", 1, 17 * time.Hour, "2026-11-30 17:00:00 GMT"},
		{"2026-11-27 16:59:59", 0, 17 * time.Hour, "2026-11-27 17:00:00 GMT"},
		{"2026-11-27 17:00:00", 0, 17 * time.Hour, "2026-11-30 17:00:00 GMT"}, // after the cut-off: next working day
		{"2026-11-27 17:30:00", 1, 17*time.Hour + 30*time.Minute, "2026-12-01 17:30:00 GMT"},
		{"2026-11-28 09:00:00", 0, 0, "2026-11-30 23:59:59 GMT"}, // 0 means the end of the day
		{"2026-03-27 12:00:00", 1, calendar.EndOfDay, "2026-03-30 23:59:59 BST"},
		{"2026-10-23 12:00:00", 1, 17 * time.Hour, "2026-10-26 17:00:00 GMT"},
		{"2026-04-02 12:00:00", 1, calendar.EndOfDay, "2026-04-07 23:59:59 BST"},
	} {
		from := at(c.from)
		due := cal.DueBy(from, c.n, c.cutOff)
		if got := due.In(civil.London).Format("2006-01-02 15:04:05 MST"); got != c.want {
			t.Errorf("%s + %d (cut-off %s): %s, want %s", c.from, c.n, c.cutOff, got, c.want)
		}
		if !due.After(from) {
			t.Errorf("%s + %d: due %s is not after it", c.from, c.n, due)
		}
	}
	// The London date counts, not the UTC one: 23:30 BST is 22:30 UTC the same day,
	// 00:30 BST on Saturday is still Friday in UTC.
	sat := time.Date(2026, 6, 5, 23, 30, 0, 0, time.UTC) // 00:30 BST Saturday 6 June
	if got := cal.DueAtEndOfWorkingDay(sat, 0).In(civil.London).Format("2006-01-02 15:04:05"); got != "2026-06-08 23:59:59" {
		t.Errorf("due %s", got)
	}
}

func TestCalendarChanges(t *testing.T) {
	cal := calendar.New(
		calendar.Change{Date: date(t, "2027-06-07"), Kind: calendar.KindHoliday, Name: "Example day"},
		calendar.Change{Date: date(t, "2026-12-28"), Kind: calendar.KindWorking, Name: "Boxing Day (substitute day)"},
		calendar.Change{Date: date(t, "2040-05-07"), Kind: calendar.KindWorking, Name: "Early May bank holiday"},
	)
	if name, ok := cal.Holiday(date(t, "2027-06-07")); !ok || name != "Example day" || cal.IsWorkingDay(date(t, "2027-06-07")) {
		t.Errorf("added day: %q %v", name, ok)
	}
	if _, ok := cal.Holiday(date(t, "2026-12-28")); ok || !cal.IsWorkingDay(date(t, "2026-12-28")) {
		t.Error("removed day is still a holiday")
	}
	if !cal.IsWorkingDay(date(t, "2040-05-07")) || calendar.New().IsWorkingDay(date(t, "2040-05-07")) {
		t.Error("a change beyond the years worked out ahead is ignored")
	}
	if got := dates(cal.Holidays(2026)); got != "01-01 04-03 04-06 05-04 05-25 08-31 12-25" {
		t.Errorf("2026: %s", got)
	}
	if got := dates(cal.Holidays(2027)); got != "01-01 03-26 03-29 05-03 05-31 06-07 08-30 12-27 12-28" {
		t.Errorf("2027: %s", got)
	}
	if got := cal.AddWorkingDays(date(t, "2027-06-04"), 1); got != date(t, "2027-06-08") {
		t.Errorf("over the added day: %s", got)
	}
	// A date given out of range means the day it names.
	if _, ok := cal.Holiday(civil.Date{Year: 2025, Month: 11, Day: 56}); !ok { // 26 December 2025
		t.Error("26 December given as 56 November is not a holiday")
	}
}

// FuzzAddWorkingDays: whatever the date and count, AddWorkingDays returns a
// working day no earlier than from, and WorkingDaysBetween agrees with it.
func FuzzAddWorkingDays(f *testing.F) {
	cal := calendar.New(calendar.Change{Date: civil.Date{Year: 2027, Month: 6, Day: 7}, Kind: calendar.KindHoliday, Name: "Example day"})
	f.Add(2026, 12, 24, uint16(1))
	f.Add(2022, 6, 1, uint16(0))
	f.Add(2010, 1, 1, uint16(400))
	f.Add(1999, 13, 40, uint16(65535))
	f.Fuzz(func(t *testing.T, y, m, d int, n uint16) {
		from := civil.Date{Year: 1900 + abs(y)%300, Month: time.Month(m % 1000), Day: d % 100000}.AddDays(0)
		due := cal.AddWorkingDays(from, int(n))
		if !cal.IsWorkingDay(due) || due.Before(from) {
			t.Fatalf("%s + %d = %s", from, n, due)
		}
		if n <= 2000 && cal.WorkingDaysBetween(cal.AddWorkingDays(from, 0), due) != int(n) {
			t.Fatalf("%s + %d = %s, but WorkingDaysBetween disagrees", from, n, due)
		}
	})
}

func abs(x int) int {
	if x < 0 {
		if x == -x { // the most negative int
			return 0
		}
		return -x
	}
	return x
}
