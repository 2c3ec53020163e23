package web

import (
	"testing"
	"time"
)

func TestParseClockAsTyped(t *testing.T) {
	for _, tc := range []struct {
		in   string
		h, m int
		ok   bool
	}{
		{"14:30", 14, 30, true}, {"9.15", 9, 15, true}, {"0930", 9, 30, true}, {"930", 9, 30, true},
		{"2:30pm", 14, 30, true}, {"2:30 PM", 14, 30, true}, {"12am", 0, 0, true}, {"12pm", 12, 0, true},
		{"9am", 9, 0, true}, {"midday", 12, 0, true}, {"00:00", 0, 0, true}, {"23:59", 23, 59, true},
		{"", 0, 0, false}, {"24:00", 0, 0, false}, {"13pm", 0, 0, false}, {"0am", 0, 0, false}, {"9:5", 0, 0, false},
		{"9:60", 0, 0, false}, {"half nine", 0, 0, false}, {"12345", 0, 0, false}, {"-1:00", 0, 0, false}, {"9:30:00", 0, 0, false},
	} {
		h, m, problem := ParseClock(tc.in, "the time of the consultation")
		if (problem == "") != tc.ok || (tc.ok && (h != tc.h || m != tc.m)) {
			t.Errorf("ParseClock(%q) = %d:%02d %q", tc.in, h, m, problem)
		}
	}
}

// FuzzParseClock: any text gives a time of day or a problem, never both,
// never a panic; and a time it gives reads back as itself.
func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"14:30", "2:30pm", "9.15", "0930", "midday", "", "25:00", "١٢:٣٠", "9:30:00", "pm", "12.5am"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, m, problem := ParseClock(s, "the time")
		if problem != "" {
			if h != 0 || m != 0 {
				t.Fatalf("%q: a problem and a time", s)
			}
			return
		}
		if h < 0 || h > 23 || m < 0 || m > 59 {
			t.Fatalf("%q gave %d:%d", s, h, m)
		}
		back := time.Date(2026, 1, 1, h, m, 0, 0, time.UTC).Format("15:04")
		if h2, m2, p := ParseClock(back, "the time"); p != "" || h2 != h || m2 != m {
			t.Fatalf("%q gave %s, which reads back as %d:%d %q", s, back, h2, m2, p)
		}
	})
}

func TestParseClockWords(t *testing.T) {
	for _, tc := range []struct {
		in   string
		h, m int
		ok   bool
	}{
		{"14:30", 14, 30, true}, {"2:30pm", 14, 30, true}, {"9.15", 9, 15, true}, {"9am", 9, 0, true},
		{"0930", 9, 30, true}, {"midday", 12, 0, true}, {"12am", 0, 0, true}, {"midnight", 0, 0, true},
		{"24:00", 0, 0, false}, {"13pm", 0, 0, false}, {"9:5", 0, 0, false}, {"", 0, 0, false}, {"half nine", 0, 0, false},
	} {
		h, m, problem := ParseClock(tc.in, "the time they went missing")
		if (problem == "") != tc.ok || (tc.ok && (h != tc.h || m != tc.m)) {
			t.Errorf("%q: %d:%d %q", tc.in, h, m, problem)
		}
	}
}
