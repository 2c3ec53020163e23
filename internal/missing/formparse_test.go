package missing_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"mace/internal/missing"
)

func TestParseClock(t *testing.T) {
	for _, tc := range []struct {
		in   string
		h, m int
		ok   bool
	}{
		{"14:30", 14, 30, true}, {"2:30pm", 14, 30, true}, {"9.15", 9, 15, true}, {"9am", 9, 0, true},
		{"0930", 9, 30, true}, {"midday", 12, 0, true}, {"12am", 0, 0, true}, {"midnight", 0, 0, true},
		{"24:00", 0, 0, false}, {"13pm", 0, 0, false}, {"9:5", 0, 0, false}, {"", 0, 0, false}, {"half nine", 0, 0, false},
	} {
		h, m, problem := missing.ParseClock(tc.in, "the time they went missing")
		if (problem == "") != tc.ok || (tc.ok && (h != tc.h || m != tc.m)) {
			t.Errorf("%q: %d:%d %q", tc.in, h, m, problem)
		}
	}
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"14:30", "2:30pm", "9.15", "0930", "midday", "12am", "99:99", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, m, problem := missing.ParseClock(s, "the time")
		if problem == "" && (h < 0 || h > 23 || m < 0 || m > 59) {
			t.Errorf("%q read as %d:%d", s, h, m)
		}
	})
}

func TestParseLists(t *testing.T) {
	people := missing.ParseAssociates("Tyler, older boy, drives\r\n\n , \n  Sam  ")
	if len(people) != 2 || people[0].Name != "Tyler" || people[0].Description != "older boy, drives" || people[1].Name != "Sam" {
		t.Errorf("people %+v", people)
	}
	places := missing.ParsePlaces("Flat above the chip shop, nf2 9zz\nThe park, behind the shops\n")
	if len(places) != 2 || places[0].Postcode != "NF2 9ZZ" || places[0].Description != "Flat above the chip shop" ||
		places[1].Postcode != "" || places[1].Description != "The park, behind the shops" {
		t.Errorf("places %+v", places)
	}
	if got := missing.FormatPlaces(places); got != "Flat above the chip shop, NF2 9ZZ\nThe park, behind the shops" {
		t.Errorf("formatted %q", got)
	}
}

func FuzzParseLists(f *testing.F) {
	for _, s := range []string{"Tyler, older boy", "Flat, NF2 9ZZ\nPark", ",,,", "\n\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, a := range missing.ParseAssociates(s) {
			if a.Name == "" && a.Description == "" || strings.Contains(a.Name, "\n") {
				t.Errorf("%q gave %+v", s, a)
			}
		}
		for _, p := range missing.ParsePlaces(s) {
			if strings.Contains(p.Description, "\n") || (utf8.ValidString(s) && p.Description == "" && p.Postcode == "") {
				t.Errorf("%q gave %+v", s, p)
			}
		}
		// What is written back reads the same.
		if ps := missing.ParsePlaces(s); len(ps) > 0 {
			again := missing.ParsePlaces(missing.FormatPlaces(ps))
			if len(again) != len(ps) {
				t.Errorf("%q: %d places, %d after writing back", s, len(ps), len(again))
			}
		}
	})
}
