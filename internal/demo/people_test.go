package demo

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"mace/internal/people"
)

var asOfDates = []time.Time{
	time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC),
	time.Date(2024, 2, 29, 9, 30, 0, 0, time.UTC),
	time.Date(2025, 2, 28, 23, 59, 0, 0, time.UTC),
	time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
}

func TestGeneratorIsDeterministic(t *testing.T) {
	run := func(seed uint64) []Person {
		g := NewGenerator(seed)
		var out []Person
		for i := range 600 {
			asOf := asOfDates[i%len(asOfDates)]
			out = append(out, g.Child(asOf))
			if i%5 == 0 {
				out = append(out, g.Adult(asOf))
			}
		}
		return out
	}
	a, b := run(42), run(42)
	if !reflect.DeepEqual(a, b) {
		for i := range a {
			if !reflect.DeepEqual(a[i], b[i]) {
				t.Fatalf("person %d differs with the same seed:\n%+v\n%+v", i, a[i], b[i])
			}
		}
	}
	if reflect.DeepEqual(a, run(43)) {
		t.Error("seeds 42 and 43 gave the same people")
	}
}

// ageOn is the age in whole years, on the date of asOf, of someone born on
// dob.
func ageOn(dob, asOf time.Time) int {
	y, m, d := asOf.Date()
	age := y - dob.Year()
	if m < dob.Month() || (m == dob.Month() && d < dob.Day()) {
		age--
	}
	return age
}

func checkAge(t *testing.T, p Person, asOf time.Time, lo, hi int) {
	t.Helper()
	if p.DateOfBirth.IsZero() {
		if p.EstimatedAge < lo || p.EstimatedAge > hi {
			t.Errorf("estimated age %d not in %d to %d: %+v", p.EstimatedAge, lo, hi, p)
		}
		return
	}
	if p.EstimatedAge != 0 {
		t.Errorf("estimated age set with a date of birth: %+v", p)
	}
	if h, m, s := p.DateOfBirth.Clock(); h != 0 || m != 0 || s != 0 || p.DateOfBirth.Location() != time.UTC {
		t.Errorf("date of birth %v is not midnight UTC", p.DateOfBirth)
	}
	if age := ageOn(p.DateOfBirth, asOf); age < lo || age > hi {
		t.Errorf("born %s, aged %d on %s; want %d to %d", p.DateOfBirth.Format(time.DateOnly), age, asOf.Format(time.DateOnly), lo, hi)
	}
}

func TestAges(t *testing.T) {
	g := NewGenerator(7)
	for _, asOf := range asOfDates {
		seen := map[int]bool{}
		for range 5000 {
			c := g.Child(asOf)
			checkAge(t, c, asOf, 8, 17)
			if !c.DateOfBirth.IsZero() {
				seen[ageOn(c.DateOfBirth, asOf)] = true
			}
			checkAge(t, g.Adult(asOf), asOf, 18, 45)
		}
		if len(seen) != 10 {
			t.Errorf("on %s children were only of ages %v", asOf.Format(time.DateOnly), seen)
		}
	}
}

var phoneRE = regexp.MustCompile(`^07700 900\d{3}$`)

func checkPerson(t *testing.T, tb *tables, p Person) {
	t.Helper()
	if strings.TrimSpace(p.GivenName) == "" || strings.TrimSpace(p.FamilyName) == "" {
		t.Errorf("missing name: %+v", p)
	}
	for _, k := range p.KnownAs {
		if k == "" || k == p.GivenName {
			t.Errorf("known-as %q for %s", k, p.GivenName)
		}
	}
	if !slices.Contains([]string{"male", "female", "other"}, p.Gender) {
		t.Errorf("gender %q", p.Gender)
	}
	if _, ok := people.EthnicityByCode(p.Ethnicity); !ok {
		t.Errorf("ethnicity %q is not a census code", p.Ethnicity)
	}
	if p.Area != "A" && p.Area != "B" {
		t.Errorf("area %q", p.Area)
	}
	if p.AddressLine != "" {
		if !slices.Contains(tb.towns[p.Area], p.Town) {
			t.Errorf("town %q is not in area %s", p.Town, p.Area)
		}
		if !slices.ContainsFunc(tb.postcodes[p.Area], func(pc postcode) bool { return pc.Postcode == p.Postcode }) {
			t.Errorf("postcode %q is not in area %s", p.Postcode, p.Area)
		}
	} else if p.Town != "" || p.Postcode != "" || p.IsChild {
		t.Errorf("partial or missing address: %+v", p)
	}
	if p.Phone != "" && !phoneRE.MatchString(p.Phone) {
		t.Errorf("phone %q is outside 07700 900000 to 07700 900999", p.Phone)
	}
	if p.NHSNumber != "" {
		n, err := people.NormaliseNHSNumber(p.NHSNumber)
		if err != nil || n != p.NHSNumber || !strings.HasPrefix(n, "999") {
			t.Errorf("NHS number %q: %v", p.NHSNumber, err)
		}
	}
	if p.UPN != "" {
		u, err := people.NormaliseUPN(p.UPN)
		if err != nil || u != p.UPN || u[1:4] != "999" {
			t.Errorf("UPN %q: %v", p.UPN, err)
		}
		if !p.IsChild {
			t.Errorf("adult with a UPN: %+v", p)
		}
	}
}

func TestPeopleAreWellFormed(t *testing.T) {
	tb := loadTables()
	g := NewGenerator(1)
	asOf := asOfDates[0]
	nhs, upn := map[string]bool{}, map[string]bool{}
	unique := func(seen map[string]bool, id string) {
		if id == "" {
			return
		}
		if seen[id] {
			t.Errorf("%s given out twice", id)
		}
		seen[id] = true
	}
	phones, issued := map[string]bool{}, 0
	phone := func(p string) {
		if p == "" {
			return
		}
		if issued < 1000 { // the first 1,000 phones given out all differ
			unique(phones, p)
		}
		issued++
	}
	for i := range 20000 {
		p := g.Child(asOf)
		if !p.IsChild {
			t.Fatalf("child not marked as a child: %+v", p)
		}
		checkPerson(t, tb, p)
		unique(nhs, p.NHSNumber)
		unique(upn, p.UPN)
		phone(p.Phone)
		if i%4 == 0 {
			a := g.Adult(asOf)
			if a.IsChild {
				t.Fatalf("adult marked as a child: %+v", a)
			}
			checkPerson(t, tb, a)
			unique(nhs, a.NHSNumber)
			phone(a.Phone)
		}
	}
	if issued < 1000 {
		t.Errorf("only %d phones given out", issued)
	}
}

// TestProportions checks the rough shape of a large sample. The bounds are
// wide, so the test does not depend on the seed.
func TestProportions(t *testing.T) {
	const n = 50000
	g := NewGenerator(2024)
	asOf := asOfDates[0]
	var knownAs, noDOB, male, female, other, nhs, upn, phone, ska int
	eth := map[string]int{}
	for range n {
		c := g.Child(asOf)
		if len(c.KnownAs) > 0 {
			knownAs++
		}
		if c.DateOfBirth.IsZero() {
			noDOB++
		}
		switch c.Gender {
		case "male":
			male++
		case "female":
			female++
			for part := range strings.SplitSeq(c.FamilyName, "-") {
				if strings.HasSuffix(part, "ski") || strings.HasSuffix(part, "cki") || strings.HasSuffix(part, "zki") {
					t.Errorf("girl with a masculine Polish family name: %+v", c)
				}
				if strings.HasSuffix(part, "ska") || strings.HasSuffix(part, "cka") {
					ska++
				}
			}
		default:
			other++
		}
		if c.NHSNumber != "" {
			nhs++
		}
		if c.UPN != "" {
			upn++
		}
		if c.Phone != "" {
			phone++
		}
		eth[c.Ethnicity]++
	}
	share := func(k int) float64 { return 100 * float64(k) / n }
	within := func(what string, got, lo, hi float64) {
		t.Helper()
		if got < lo || got > hi {
			t.Errorf("%s: %.1f%%; want %.0f%% to %.0f%%", what, got, lo, hi)
		}
	}
	within("known by a nickname", share(knownAs), 8, 12)
	within("date of birth unknown", share(noDOB), 2, 4.5)
	within("male", share(male), 47, 53)
	within("female", share(female), 47, 53)
	within("other gender", share(other), 0.1, 1.5)
	within("with an NHS number", share(nhs), 89, 95)
	within("with a UPN", share(upn), 85, 91)
	within("with a phone", share(phone), 60, 80)
	within("white-british", share(eth["white-british"]), 69, 75)
	within("asian-pakistani", share(eth["asian-pakistani"]), 2, 3.5)
	within("not-stated", share(eth[people.EthnicityNotStated]), 2, 4)
	if ska == 0 {
		t.Error("no girl has a feminine Polish family name")
	}
	for _, e := range people.Ethnicities {
		if eth[e.Code] == 0 {
			t.Errorf("no child of ethnicity %s in %d", e.Code, n)
		}
	}
}

// TestManyChildren generates 100,000 children and checks that their NHS
// numbers and UPNs stay unique at that scale.
func TestManyChildren(t *testing.T) {
	if testing.Short() {
		t.Skip("slow in -short mode")
	}
	g := NewGenerator(99)
	asOf := asOfDates[0]
	nhs, upn := map[string]bool{}, map[string]bool{}
	for range 100000 {
		c := g.Child(asOf)
		if c.NHSNumber != "" {
			if nhs[c.NHSNumber] {
				t.Fatalf("NHS number %s given out twice", c.NHSNumber)
			}
			nhs[c.NHSNumber] = true
		}
		if c.UPN != "" {
			if upn[c.UPN] {
				t.Fatalf("UPN %s given out twice", c.UPN)
			}
			upn[c.UPN] = true
		}
	}
}

func BenchmarkChild(b *testing.B) {
	g := NewGenerator(1)
	asOf := asOfDates[0]
	for b.Loop() {
		g.Child(asOf)
	}
}

func BenchmarkAdult(b *testing.B) {
	g := NewGenerator(1)
	asOf := asOfDates[0]
	for b.Loop() {
		g.Adult(asOf)
	}
}
