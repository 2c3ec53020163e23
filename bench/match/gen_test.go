package main

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"mace/internal/platform/civil"
)

// The queries are what they say they are: each kind changes the details
// the way its name says, and the no-match share is about a fifth.
func TestQueries(t *testing.T) {
	data := generatePeople(3000, 7, asOf)
	qs := makeQueries(data, 1100, 8, asOf)
	none := 0
	for _, q := range qs {
		if q.Truth < 0 {
			none++
			continue
		}
		p := data[q.Truth]
		dob := civil.Of(p.DateOfBirth)
		switch q.Kind {
		case "swapped-names":
			if q.GivenNames != p.FamilyName || q.FamilyName != p.GivenName {
				t.Errorf("swapped: %+v of %s %s", q.MatchQuery, p.GivenName, p.FamilyName)
			}
		case "dob-day-month":
			if q.DateOfBirth.Day != int(dob.Month) || int(q.DateOfBirth.Month) != dob.Day {
				t.Errorf("day-month: %v of %v", q.DateOfBirth, dob)
			}
		case "dob-one-digit":
			diff := 0
			a, b := q.DateOfBirth.String(), dob.String()
			for i := range a {
				if a[i] != b[i] {
					diff++
				}
			}
			if diff != 1 {
				t.Errorf("one digit: %v of %v", q.DateOfBirth, dob)
			}
		case "known-as-only":
			if q.GivenNames != "" || len(q.OtherNames) == 0 {
				t.Errorf("known-as: %+v", q.MatchQuery)
			}
		case "age-only":
			if !q.DateOfBirth.IsZero() || q.AgeYears == 0 {
				t.Errorf("age: %+v", q.MatchQuery)
			}
		case "typo", "phonetic":
			if q.GivenNames == p.GivenName && q.FamilyName == p.FamilyName {
				t.Errorf("%s changed nothing: %+v", q.Kind, q.MatchQuery)
			}
		}
	}
	if none < 150 || none > 300 {
		t.Errorf("%d of %d queries have no match", none, len(qs))
	}
}

func TestTypoAndRespell(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		if got := typo(r, "Oliver"); strings.EqualFold(got, "Oliver") || got[:1] != "O" {
			t.Fatalf("typo %q", got)
		}
	}
	if got, ok := respell(r, "Smith"); !ok || got == "Smith" {
		t.Fatalf("respell %q", got)
	}
	d, ok := oneDigit(r, civil.Date{Year: 2010, Month: time.March, Day: 4}, civil.Of(asOf))
	if !ok || d == (civil.Date{Year: 2010, Month: time.March, Day: 4}) {
		t.Fatalf("one digit %v", d)
	}
}
