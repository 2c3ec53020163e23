package missing_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"mace/internal/missing"
)

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
