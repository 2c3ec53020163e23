package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"mace/internal/demo"
	"mace/internal/people"
	"mace/internal/platform/civil"
)

// person is a generated record, as loaded into both databases.
type person struct {
	demo.Person
	Phone string
}

// generatePeople makes n synthetic people from the demo's name data: 70%
// children, 30% adults. Phone numbers are drawn from the 04 range, which
// Ofcom has not allocated, so none can be a real number.
func generatePeople(n int, seed uint64, asOf time.Time) []person {
	g := demo.NewGenerator(seed)
	r := rand.New(rand.NewPCG(seed, 0x70686f6e))
	out := make([]person, n)
	for i := range out {
		out[i].Person = g.Identity(asOf, r.Float64() < 0.7)
		if r.Float64() < 0.6 {
			out[i].Phone = fmt.Sprintf("04%09d", r.IntN(1_000_000_000))
		}
	}
	return out
}

// input is a generated person as the people service takes them.
func (p person) input(owner string) people.Input {
	in := people.Input{Kind: people.Adult, GivenName: p.GivenName, FamilyName: p.FamilyName, KnownAs: p.KnownAs,
		EstimatedAge: p.EstimatedAge, Gender: p.Gender, Ethnicity: p.Ethnicity, OwnerOrgID: owner}
	if in.Gender == "other" {
		in.Gender = "other"
	}
	if p.IsChild {
		in.Kind = people.Child
	}
	if !p.DateOfBirth.IsZero() {
		in.DateOfBirth = p.DateOfBirth.Format(time.DateOnly)
	}
	if p.Postcode != "" {
		in.Addresses = []people.Address{{Line: p.AddressLine, Town: p.Town, Postcode: p.Postcode, Current: true}}
	}
	if p.Phone != "" {
		in.Phones = []string{p.Phone}
	}
	return in
}

// Kinds of referral query: how the details differ from the record.
var kinds = []string{"typo", "phonetic", "nickname", "swapped-names", "surname-changed", "known-as-only",
	"dob-one-digit", "dob-day-month", "age-only", "phone-name-variant", "postcode"}

// query is a referral's details about a young person, and who they are.
type query struct {
	Kind  string
	Truth int // index of the person in the data, or -1 when not on record
	people.MatchQuery
}

// makeQueries makes n queries: 80% about people on record, the kinds in
// turn, and 20% about people who are not, from another generator, with a
// kind each too.
func makeQueries(data []person, n int, seed uint64, asOf time.Time) []query {
	r := rand.New(rand.NewPCG(seed, 0x71756572))
	g := demo.NewGenerator(seed + 1000)
	var out []query
	for i := 0; len(out) < n; i++ {
		kind := kinds[i%len(kinds)]
		if r.Float64() < 0.2 {
			for {
				p := person{Person: g.Identity(asOf, r.Float64() < 0.7)}
				if r.Float64() < 0.6 {
					p.Phone = fmt.Sprintf("04%09d", r.IntN(1_000_000_000))
				}
				if q, ok := corrupt(r, g, p, kind, asOf); ok {
					q.Truth = -1
					out = append(out, q)
					break
				}
			}
			continue
		}
		for {
			idx := r.IntN(len(data))
			if q, ok := corrupt(r, g, data[idx], kind, asOf); ok {
				q.Truth = idx
				out = append(out, q)
				break
			}
		}
	}
	return out
}

// corrupt makes a query of a kind about p, or reports that p does not
// suit the kind (no nickname, no phone, no date of birth...).
func corrupt(r *rand.Rand, g *demo.Generator, p person, kind string, asOf time.Time) (query, bool) {
	q := query{Kind: kind}
	m := &q.MatchQuery
	m.GivenNames, m.FamilyName = p.GivenName, p.FamilyName
	dob := civil.Of(p.DateOfBirth)
	if !p.DateOfBirth.IsZero() {
		m.DateOfBirth = dob
	} else {
		m.AgeYears = p.EstimatedAge
	}
	if r.Float64() < 0.5 && p.Postcode != "" {
		m.Postcodes = []string{p.Postcode}
	}
	switch kind {
	case "typo":
		if r.IntN(2) == 0 {
			m.GivenNames = typo(r, p.GivenName)
		} else {
			m.FamilyName = typo(r, p.FamilyName)
		}
	case "phonetic":
		var ok bool
		if r.IntN(2) == 0 {
			m.GivenNames, ok = respell(r, p.GivenName)
		} else {
			m.FamilyName, ok = respell(r, p.FamilyName)
		}
		if !ok {
			return q, false
		}
	case "nickname":
		nicks := demo.Nicknames(p.GivenName)
		if len(nicks) == 0 {
			return q, false
		}
		m.GivenNames = nicks[r.IntN(len(nicks))]
	case "swapped-names":
		m.GivenNames, m.FamilyName = p.FamilyName, p.GivenName
	case "surname-changed":
		other := g.Surname()
		switch {
		case other == p.FamilyName:
			return q, false
		case r.IntN(2) == 0:
			m.FamilyName = other
			if p.Postcode != "" {
				m.Postcodes = []string{p.Postcode}
			}
		case r.IntN(2) == 0:
			m.FamilyName = p.FamilyName + "-" + other
		default:
			m.FamilyName = other + "-" + p.FamilyName
		}
	case "known-as-only":
		if len(p.KnownAs) == 0 {
			return q, false
		}
		m.GivenNames, m.OtherNames = "", p.KnownAs
	case "dob-one-digit":
		if p.DateOfBirth.IsZero() {
			return q, false
		}
		d, ok := oneDigit(r, dob, civil.Of(asOf))
		if !ok {
			return q, false
		}
		m.DateOfBirth = d
	case "dob-day-month":
		if p.DateOfBirth.IsZero() || dob.Day > 12 || dob.Day == int(dob.Month) {
			return q, false
		}
		m.DateOfBirth, _ = civil.FromParts(dob.Year, dob.Day, int(dob.Month))
	case "age-only":
		if p.DateOfBirth.IsZero() {
			return q, false
		}
		m.DateOfBirth = civil.Date{}
		m.AgeYears = dob.AgeOn(civil.Of(asOf))
		if r.Float64() < 0.3 {
			m.AgeYears += []int{-1, 1}[r.IntN(2)]
		}
		m.Postcodes = nil
		if r.Float64() < 0.8 && p.Postcode != "" {
			m.Postcodes = []string{p.Postcode}
		}
	case "phone-name-variant":
		if p.Phone == "" {
			return q, false
		}
		m.Phones = []string{p.Phone[:5] + " " + p.Phone[5:]}
		if nicks := demo.Nicknames(p.GivenName); len(nicks) > 0 {
			m.GivenNames = nicks[r.IntN(len(nicks))]
		} else {
			m.GivenNames = typo(r, p.GivenName)
		}
		if r.IntN(2) == 0 {
			m.DateOfBirth, m.AgeYears = civil.Date{}, 0
		}
	case "postcode":
		if p.Postcode == "" {
			return q, false
		}
		m.Postcodes = []string{strings.ToLower(strings.ReplaceAll(p.Postcode, " ", ""))}
		m.DateOfBirth, m.AgeYears = civil.Date{}, 0
	}
	return q, true
}

// typo makes one typing mistake in a name of three letters or more: a
// letter changed, left out, added or swapped with the next.
func typo(r *rand.Rand, s string) string {
	b := []rune(strings.ToLower(s))
	if len(b) < 3 {
		return s
	}
	const letters = "abcdefghijklmnopqrstuvwxyz"
	i := 1 + r.IntN(len(b)-1)
	switch r.IntN(4) {
	case 0:
		b[i] = rune(letters[r.IntN(26)])
	case 1:
		b = append(b[:i], b[i+1:]...)
	case 2:
		b = append(b[:i], append([]rune{rune(letters[r.IntN(26)])}, b[i:]...)...)
	default:
		if i+1 < len(b) {
			b[i], b[i+1] = b[i+1], b[i]
		} else {
			b[i-1], b[i] = b[i], b[i-1]
		}
	}
	out := string(b)
	if out == strings.ToLower(s) {
		return typo(r, s)
	}
	return strings.ToUpper(out[:1]) + out[1:]
}

// respellings are ways the same sound is written differently.
var respellings = [][2]string{
	{"ph", "f"}, {"f", "ph"}, {"ck", "k"}, {"c", "k"}, {"k", "c"}, {"ee", "ea"}, {"ea", "ee"}, {"y", "i"}, {"i", "y"},
	{"ie", "y"}, {"s", "z"}, {"z", "s"}, {"ou", "ow"}, {"ow", "ou"}, {"ll", "l"}, {"nn", "n"}, {"tt", "t"}, {"mm", "m"},
	{"l", "ll"}, {"n", "nn"}, {"ai", "ay"}, {"ay", "ai"}, {"ey", "ie"}, {"son", "sen"}, {"sen", "son"}, {"th", "t"},
	{"ah", "a"}, {"oo", "u"}, {"u", "oo"}, {"ei", "ey"},
}

// respell writes a name as it might be heard and written down.
func respell(r *rand.Rand, s string) (string, bool) {
	low := strings.ToLower(s)
	var fits [][2]string
	for _, rs := range respellings {
		if i := strings.Index(low[1:], rs[0]); i >= 0 {
			fits = append(fits, rs)
		}
	}
	if len(fits) == 0 {
		return s, false
	}
	rs := fits[r.IntN(len(fits))]
	i := 1 + strings.Index(low[1:], rs[0])
	out := low[:i] + rs[1] + low[i+len(rs[0]):]
	return strings.ToUpper(out[:1]) + out[1:], true
}

// oneDigit changes one digit of a date of birth, keeping it a real date
// in the past.
func oneDigit(r *rand.Rand, d civil.Date, today civil.Date) (civil.Date, bool) {
	s := []byte(d.String())
	positions := []int{2, 3, 5, 6, 8, 9}
	for range 50 {
		t := append([]byte(nil), s...)
		i := positions[r.IntN(len(positions))]
		t[i] = byte('0' + r.IntN(10))
		nd, err := civil.Parse(string(t))
		if err == nil && nd != d && nd.Before(today) && nd.Year > 1900 {
			return nd, true
		}
	}
	return d, false
}
