package consultation

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"mace/internal/platform/web"
)

func TestParseClock(t *testing.T) {
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
		h, m, problem := ParseClock(tc.in)
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
		h, m, problem := ParseClock(s)
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
		if h2, m2, p := ParseClock(back); p != "" || h2 != h || m2 != m {
			t.Fatalf("%q gave %s, which reads back as %d:%d %q", s, back, h2, m2, p)
		}
	})
}

// FuzzInputFromForm: whatever a form posts, reading and validating it never
// panics, and a valid result is within every limit.
func FuzzInputFromForm(f *testing.F) {
	f.Add("24", "11", "2026", "9:30", "phone", "Ann Reed", "other", "Club", "12", "advised", "cse", "Refer.")
	f.Add("", "13", "x", "25:00", "", "", "", "", "-3", "maybe", "gangs", "")
	f.Fuzz(func(t *testing.T, day, month, year, clock, method, name, org, other, age, state, kind, advice string) {
		form := web.NewForm(url.Values{"occurred-day": {day}, "occurred-month": {month}, "occurred-year": {year},
			"occurred_time": {clock}, "method": {method}, "professional_name": {name}, "organisation_id": {org},
			"other_organisation": {other}, "child_age": {age}, "referral_state": {state}, "concern_types": {kind},
			"advice": {advice}})
		in := inputFromForm(form)
		now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
		if err := in.validate(now, func(string) bool { return false }); err != nil {
			return
		}
		if in.OccurredAt.After(now.Add(5*time.Minute)) || in.ChildAge < 0 || in.ChildAge > MaxAge || in.Advice == "" ||
			tooLong(in.ProfessionalName, MaxName) || tooLong(in.Advice, MaxText) || strings.TrimSpace(in.ProfessionalName) == "" {
			t.Fatalf("valid but out of bounds: %+v", in)
		}
	})
}

func TestFormWhenIsLondonTime(t *testing.T) {
	// 1 July is in British Summer Time: 09:30 in London is 08:30 UTC.
	f := web.NewForm(url.Values{"occurred-day": {"1"}, "occurred-month": {"7"}, "occurred-year": {"2026"}, "occurred_time": {"9:30am"}})
	got, problem := formWhen(f)
	if problem != "" || !got.Equal(time.Date(2026, 7, 1, 8, 30, 0, 0, time.UTC)) {
		t.Fatalf("got %v %q", got, problem)
	}
	back := web.NewForm(nil)
	setWhen(back, got)
	if back.Get("occurred_time") != "09:30" || back.Get("occurred-month") != "7" {
		t.Fatalf("shown as %v", back.Values)
	}
	for _, tc := range []struct{ day, clock, want string }{
		{"", "9:30", "Enter the date"}, {"31", "9:30", "real date"}, {"1", "", "Enter the time"},
	} {
		f := web.NewForm(url.Values{"occurred-day": {tc.day}, "occurred-month": {"6"}, "occurred-year": {"2026"}, "occurred_time": {tc.clock}})
		if tc.day == "" {
			f.Values.Del("occurred-month")
			f.Values.Del("occurred-year")
		}
		if _, p := formWhen(f); !strings.Contains(p, tc.want) {
			t.Errorf("%+v: %q, want %q", tc, p, tc.want)
		}
	}
}
