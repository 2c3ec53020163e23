package consultation

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"mace/internal/platform/text"
	"mace/internal/platform/web"
)

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
			text.TooLong(in.ProfessionalName, MaxName) || text.TooLong(in.Advice, MaxText) || strings.TrimSpace(in.ProfessionalName) == "" {
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
