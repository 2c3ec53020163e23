package task_test

import (
	"testing"
	"time"

	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
	"mace/internal/task"
)

func TestDescribeDue(t *testing.T) {
	cal := calendar.New()
	london := civil.London
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, london) }
	// Wednesday 25 November 2026, 10:00 GMT.
	now := at(2026, 11, 25, 10, 0)
	for _, tc := range []struct {
		name     string
		due, now time.Time
		want     task.Due
	}{
		{"later today", at(2026, 11, 25, 17, 0), now, task.Due{"Today at 5pm", "Due today", "yellow"}},
		{"end of today", task.EndOfDay(calendar.LondonDate(now)), now, task.Due{"Today by the end of the day", "Due today", "yellow"}},
		{"earlier today", at(2026, 11, 25, 9, 30), now, task.Due{"Today at 9:30am", "Overdue", "red"}},
		{"tomorrow at midday", at(2026, 11, 26, 12, 0), now, task.Due{"Tomorrow at midday", "", ""}},
		{"next week", at(2026, 12, 1, 0, 0), now, task.Due{"Tuesday 1 December at midnight", "", ""}},
		{"next year", at(2027, 1, 4, 9, 15), now, task.Due{"4 January 2027 at 9:15am", "", ""}},
		{"yesterday", at(2026, 11, 24, 17, 0), now, task.Due{"Yesterday at 5pm", "Overdue by 1 working day", "red"}},
		{"two working days", at(2026, 11, 23, 17, 0), now, task.Due{"Monday 23 November at 5pm", "Overdue by 2 working days", "red"}},
		{"over a weekend", at(2026, 11, 20, 17, 0), at(2026, 11, 23, 9, 0), task.Due{"Friday 20 November at 5pm", "Overdue by 1 working day", "red"}},
		{"only the weekend since", at(2026, 11, 20, 17, 0), at(2026, 11, 22, 9, 0), task.Due{"Friday 20 November at 5pm", "Overdue", "red"}},
		{"over Christmas", at(2026, 12, 24, 17, 0), at(2026, 12, 29, 9, 0), task.Due{"Thursday 24 December at 5pm", "Overdue by 1 working day", "red"}},
		{"last year", at(2025, 12, 31, 17, 0), at(2026, 1, 2, 9, 0), task.Due{"31 December 2025 at 5pm", "Overdue by 1 working day", "red"}},
		// The clocks go back at 01:00 UTC on Sunday 25 October 2026: at
		// 00:30 UTC it is 01:30 BST, and 17:00 that day is GMT.
		{"on the day the clocks go back", time.Date(2026, 10, 25, 17, 0, 0, 0, time.UTC), time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC),
			task.Due{"Today at 5pm", "Due today", "yellow"}},
		{"23:30 UTC on 24 October is already the 25th in London", time.Date(2026, 10, 25, 16, 0, 0, 0, time.UTC), time.Date(2026, 10, 24, 23, 30, 0, 0, time.UTC),
			task.Due{"Today at 4pm", "Due today", "yellow"}},
		{"a summer deadline seen in winter", time.Date(2026, 10, 23, 16, 0, 0, 0, time.UTC), time.Date(2026, 10, 26, 9, 0, 0, 0, time.UTC),
			task.Due{"Friday 23 October at 5pm", "Overdue by 1 working day", "red"}},
		// The clocks go forward at 01:00 UTC on Sunday 29 March 2026.
		{"on the day the clocks go forward", time.Date(2026, 3, 29, 16, 0, 0, 0, time.UTC), time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC),
			task.Due{"Today at 5pm", "Due today", "yellow"}},
		{"the end of the short day", task.EndOfDay(calendar.LondonDate(time.Date(2026, 3, 29, 12, 0, 0, 0, time.UTC))), time.Date(2026, 3, 29, 22, 30, 0, 0, time.UTC),
			task.Due{"Today by the end of the day", "Due today", "yellow"}},
		{"a winter deadline seen in summer", time.Date(2026, 3, 27, 17, 0, 0, 0, time.UTC), time.Date(2026, 3, 30, 9, 0, 0, 0, time.UTC),
			task.Due{"Friday 27 March at 5pm", "Overdue by 1 working day", "red"}},
	} {
		if got := task.DescribeDue(tc.due, tc.now, cal); got != tc.want {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
