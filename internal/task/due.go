package task

import (
	"fmt"
	"time"

	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
)

// Due says in plain words, in London time, when a task is due and whether
// it is late, for My work and the task's page.
type Due struct {
	When   string // "Today at 5pm", "Tomorrow by the end of the day", "Friday 20 November at 9:30am"
	Status string // "Overdue by 2 working days", "Overdue", "Due today", or "" for later
	Tag    string // the GOV.UK tag colour of the status: "red", "yellow" or ""
}

// DescribeDue describes a task due at due, at time now, counting late days
// in working days of cal.
func DescribeDue(due, now time.Time, cal *calendar.Calendar) Due {
	dueDay, today := calendar.LondonDate(due), calendar.LondonDate(now)
	d := Due{When: dayWords(dueDay, today) + timeWords(due)}
	switch {
	case due.Before(now):
		d.Status, d.Tag = "Overdue", "red"
		if n := cal.WorkingDaysBetween(dueDay, today); n > 0 {
			d.Status = fmt.Sprintf("Overdue by %d working day%s", n, plural(n))
		}
	case dueDay == today:
		d.Status, d.Tag = "Due today", "yellow"
	}
	return d
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// dayWords names day as seen on today: Today, Tomorrow, Yesterday, the
// weekday and date within the year, or the full date.
func dayWords(day, today civil.Date) string {
	switch day {
	case today:
		return "Today"
	case today.AddDays(1):
		return "Tomorrow"
	case today.AddDays(-1):
		return "Yesterday"
	}
	t := day.Time(time.UTC)
	if day.Year == today.Year {
		return t.Format("Monday 2 January")
	}
	return t.Format("2 January 2006")
}

// timeWords is the London time of t in GOV.UK style: " at 5pm",
// " at 9:30am", " at midday", " at midnight", or " by the end of the day"
// for a deadline at the day's last second.
func timeWords(t time.Time) string {
	l := t.In(civil.London)
	h, m, s := l.Clock()
	switch {
	case h == 23 && m == 59 && s == 59:
		return " by the end of the day"
	case h == 12 && m == 0:
		return " at midday"
	case h == 0 && m == 0:
		return " at midnight"
	case m == 0:
		return " at " + l.Format("3pm")
	}
	return " at " + l.Format("3:04pm")
}
