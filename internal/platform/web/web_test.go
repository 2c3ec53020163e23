package web

import (
	"net/url"
	"testing"
)

func TestFormDate(t *testing.T) {
	for _, tc := range []struct {
		d, m, y string
		want    string
		problem string
	}{
		{"", "", "", "", ""},
		{"27", "3", "2010", "2010-03-27", ""},
		{"29", "2", "2011", "", "Date of birth must be a real date"},
		{"1", "", "2011", "", "Date of birth must include a month"},
		{"", "", "2011", "", "Date of birth must include a day and a month"},
		{"x", "2", "2011", "", "Date of birth must be a real date"},
		{"1", "2", "11", "", "Date of birth must include a year with 4 numbers"},
	} {
		f := NewForm(url.Values{"dob-day": {tc.d}, "dob-month": {tc.m}, "dob-year": {tc.y}})
		got, problem := f.FormDate("dob", "Date of birth")
		if got.String() != tc.want || problem != tc.problem {
			t.Errorf("%s/%s/%s: %q %q", tc.d, tc.m, tc.y, got, problem)
		}
	}
}

func FuzzFormDate(f *testing.F) {
	f.Add("27", "3", "2010")
	f.Add("-1", "99", "0")
	f.Fuzz(func(t *testing.T, d, m, y string) {
		form := NewForm(url.Values{"x-day": {d}, "x-month": {m}, "x-year": {y}})
		got, problem := form.FormDate("x", "Date")
		if problem != "" && !got.IsZero() {
			t.Fatalf("a problem and a date: %v %q", got, problem)
		}
		if problem == "" && !got.IsZero() {
			form2 := NewForm(nil)
			form2.SetDate("x", got)
			if again, p := form2.FormDate("x", "Date"); again != got || p != "" {
				t.Fatalf("round trip %v -> %v %q", got, again, p)
			}
		}
	})
}
