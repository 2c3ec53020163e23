package match

import (
	"slices"
	"strings"
	"testing"

	"mace/internal/platform/civil"
)

func date(s string) civil.Date {
	d, err := civil.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

var today = date("2026-11-23")

func TestScoreReasons(t *testing.T) {
	william := Person{GivenNames: "William", FamilyName: "Smith", DateOfBirth: date("2010-03-04"),
		Postcodes: []string{"LS1 4AP"}, Phones: []string{"07700900982"}}
	cases := []struct {
		name    string
		q       Person
		reasons []string
		likely  bool
	}{
		{"nickname, spelling and swapped date",
			Person{GivenNames: "Bill", FamilyName: "Smyth", DateOfBirth: date("2010-04-03")},
			[]string{"given name ‘Bill’ is a form of William", "family names sound alike: ‘Smyth’ and Smith", "date of birth with day and month swapped"}, false},
		{"known-as nickname with phone",
			Person{FamilyName: "Smith", OtherNames: []string{"Bill"}, Phones: []string{"07700900982"}, AgeYears: 16, AgeOn: today},
			[]string{"known-as name ‘Bill’ is a form of William", "same family name", "same phone number", "age fits: about 16"}, true},
		{"exact",
			Person{GivenNames: "william", FamilyName: "SMITH", DateOfBirth: date("2010-03-04"), Postcodes: []string{"LS1 4AP"}},
			[]string{"same given name", "same family name", "same date of birth", "same postcode"}, true},
		{"swapped names, one digit",
			Person{GivenNames: "Smith", FamilyName: "William", DateOfBirth: date("2010-03-05")},
			[]string{"given and family names swapped", "same given name", "same family name", "date of birth differs by one digit"}, false},
		{"double-barrelled and typo",
			Person{GivenNames: "Wlliam", FamilyName: "Smith-Jones", DateOfBirth: date("2010-03-04")},
			[]string{"given names spelt slightly differently: ‘Wlliam’ and William", "family name ‘Smith-Jones’ shares a part with Smith", "same date of birth"}, true},
		{"different person",
			Person{GivenNames: "Olivia", FamilyName: "Brown", DateOfBirth: date("2012-07-30")},
			[]string{"different given name", "different family name", "different date of birth"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Score(c.q, william, Frequencies{})
			for _, want := range c.reasons {
				if !slices.Contains(r.Reasons, want) {
					t.Errorf("reasons %q lack %q", r.Reasons, want)
				}
			}
			if got := r.Score >= 0.9; got != c.likely {
				t.Errorf("score %.3f (weight %.1f): likely %v, want %v", r.Score, r.Weight, got, c.likely)
			}
			if r.Score < 0 || r.Score > 1 {
				t.Errorf("score %v outside 0..1", r.Score)
			}
		})
	}
}

// A rare name counts for more than a common one.
func TestScoreRareNameCountsMore(t *testing.T) {
	p, _ := DoubleMetaphone("smith")
	r, _ := DoubleMetaphone("featherstonehaugh")
	f := Frequencies{Total: 100000, Counts: map[int64]int{FamilyFreqKey(p): 1500, FamilyFreqKey(r): 2}}
	common := Score(Person{GivenNames: "Ann", FamilyName: "Smith"}, Person{GivenNames: "Ann", FamilyName: "Smith"}, f)
	rare := Score(Person{GivenNames: "Ann", FamilyName: "Featherstonehaugh"}, Person{GivenNames: "Ann", FamilyName: "Featherstonehaugh"}, f)
	if rare.Weight <= common.Weight+5 {
		t.Errorf("rare name weighs %.1f, common %.1f", rare.Weight, common.Weight)
	}
}

func TestSharedRoot(t *testing.T) {
	for _, pair := range [][2]string{
		{"bill", "william"}, {"bill", "will"}, {"harry", "henry"}, {"jack", "john"}, {"ollie", "oliver"},
		{"charlie", "charles"}, {"fin", "finley"}, {"finlay", "finley"}, {"izzy", "isabella"}, {"sid", "siddharth"},
		{"raj", "rajesh"}, {"preet", "gurpreet"}, {"sanj", "sanjay"}, {"abdul", "abdullah"}, {"alfie", "alfred"},
		{"mohammed", "muhammad"}, {"mohamed", "mohammad"}, {"mo", "mohammed"},
	} {
		if _, ok := SharedRoot(pair[0], pair[1]); !ok {
			t.Errorf("%s and %s share no root", pair[0], pair[1])
		}
	}
	if _, ok := SharedRoot("oliver", "harry"); ok {
		t.Error("oliver and harry share a root")
	}
}

func TestWords(t *testing.T) {
	for in, want := range map[string]string{
		"Mary-Jane":          "mary jane",
		"  O'Brien ":         "obrien",
		"McDonald":           "macdonald",
		"Mac Donald":         "macdonald",
		"ZOË Łukasz-Nowak":   "zoe lukasz nowak",
		"D’Souza":            "dsouza",
		"St John":            "stjohn",
		"Anne–Marie (Annie)": "anne marie annie",
	} {
		if got := strings.Join(Words(in), " "); got != want {
			t.Errorf("Words(%q) = %q; want %q", in, got, want)
		}
	}
}

// The query's keys meet the record's for each kind of mistake.
func TestKeysMeet(t *testing.T) {
	rec := Person{GivenNames: "William", FamilyName: "Smith", OtherNames: []string{"Tiny"}, DateOfBirth: date("2010-03-04"),
		Postcodes: []string{"LS1 4AP"}, Phones: []string{"07700900982"}}
	stored := Keys(rec)
	for name, q := range map[string]Person{
		"nickname":       {GivenNames: "Bill", FamilyName: "Smith", DateOfBirth: date("2010-03-04")},
		"year digit":     {GivenNames: "William", FamilyName: "Smith", DateOfBirth: date("2011-03-04")},
		"swapped date":   {GivenNames: "Bill", FamilyName: "Smyth", DateOfBirth: date("2010-04-03")},
		"swapped names":  {GivenNames: "Smith", FamilyName: "William", DateOfBirth: date("2010-03-09")},
		"age only":       {GivenNames: "William", FamilyName: "Smith", AgeYears: 16, AgeOn: today},
		"street name":    {OtherNames: []string{"Tiny"}, Postcodes: []string{"LS1 4AP"}},
		"phone":          {GivenNames: "Billy", FamilyName: "Jones", Phones: []string{"07700900982"}},
		"changed family": {GivenNames: "William", FamilyName: "Jones", DateOfBirth: date("2010-03-04")},
		"typo in given":  {GivenNames: "Wlliam", FamilyName: "Smith", DateOfBirth: date("2010-03-04")},
		"hyphenated":     {GivenNames: "William", FamilyName: "Jones-Smith", DateOfBirth: date("2010-03-14")},
	} {
		found := false
		for _, k := range QueryKeys(q) {
			if _, ok := slices.BinarySearch(stored, k); ok {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no key in common", name)
		}
	}
	for _, k := range QueryKeys(Person{GivenNames: "Olivia", FamilyName: "Brown", DateOfBirth: date("2012-07-30")}) {
		if _, ok := slices.BinarySearch(stored, k); ok {
			t.Errorf("a different person shares key kind %d", Kind(k))
		}
	}
}
