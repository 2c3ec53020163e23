package demo

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"mace/internal/people"
)

func TestTablesLoad(t *testing.T) {
	tb, err := parseTables()
	if err != nil {
		t.Fatal(err)
	}
	for _, sex := range []string{"male", "female"} {
		// 1,500 a sex, less the names kept for given_name_origins.csv.
		if n := tb.given[sex].len(); n < 1300 || n > 1500 {
			t.Errorf("%d %s given names", n, sex)
		}
	}
	for _, area := range []string{"A", "B"} {
		if n := len(tb.postcodes[area]); n < 300 {
			t.Errorf("area %s has %d postcodes; want at least 300", area, n)
		}
		if n := len(tb.towns[area]); n < 5 {
			t.Errorf("area %s has %d towns", area, n)
		}
	}
	if n := len(tb.streets); n < 100 {
		t.Errorf("%d streets", n)
	}
	total := 0
	for _, s := range tb.surnames {
		total += s.len()
	}
	if total < 400 {
		t.Errorf("%d surnames", total)
	}
}

// TestOriginsAreConsistent checks that every ethnicity has surname origins,
// that every origin it names has surnames, and that every given name list
// it names exists for both sexes.
func TestOriginsAreConsistent(t *testing.T) {
	tb := loadTables()
	used := map[string]bool{}
	for _, e := range people.Ethnicities {
		if e.Code == people.EthnicityNotStated {
			continue
		}
		origins, ok := ethnicityOrigins[e.Code]
		if !ok || len(origins) == 0 {
			t.Errorf("no surname origins for %s", e.Code)
		}
		for _, o := range origins {
			used[o.tag] = true
			if o.weight <= 0 {
				t.Errorf("%s: origin %s has weight %v", e.Code, o.tag, o.weight)
			}
			if tb.surnames[o.tag] == nil || tb.surnames[o.tag].len() == 0 {
				t.Errorf("%s: no surnames of origin %s", e.Code, o.tag)
			}
		}
	}
	for code := range ethnicityOrigins {
		if _, ok := people.EthnicityByCode(code); !ok {
			t.Errorf("ethnicityOrigins has unknown code %q", code)
		}
	}
	for tag := range tb.surnames {
		if !used[tag] {
			t.Errorf("surname origin %q is never used", tag)
		}
	}
	for origin, h := range givenNameHints {
		if tb.surnames[origin] == nil {
			t.Errorf("given name hint for unknown origin %q", origin)
		}
		for _, sex := range []string{"male", "female"} {
			if s := tb.givenOrigin[h.list][sex]; s == nil || s.len() < 8 {
				t.Errorf("given name list %s has too few %s names", h.list, sex)
			}
		}
	}
}

func TestNamesAreTidy(t *testing.T) {
	tb := loadTables()
	check := func(what, name string) {
		t.Helper()
		if name != strings.TrimSpace(name) || strings.Contains(name, "  ") {
			t.Errorf("%s %q has stray spaces", what, name)
		}
		r := []rune(name)
		if len(r) == 0 || (!unicode.IsUpper(r[0]) && !strings.HasPrefix(name, "ap ")) {
			t.Errorf("%s %q does not start with a capital", what, name)
		}
	}
	for _, s := range tb.given {
		for _, n := range s.items {
			check("given name", n)
			if strings.ToUpper(n) == n && len(n) > 1 {
				t.Errorf("given name %q is in capitals", n)
			}
		}
	}
	apostrophes, hyphens := 0, 0
	for _, s := range tb.surnames {
		for _, n := range s.items {
			check("surname", n)
			if strings.Contains(n, "'") {
				apostrophes++
			}
			if strings.Contains(n, "-") {
				hyphens++
			}
		}
	}
	if apostrophes < 5 || hyphens < 5 {
		t.Errorf("%d surnames with apostrophes and %d with hyphens; want some of each", apostrophes, hyphens)
	}
	for name, nicks := range tb.nicknames {
		for _, n := range nicks {
			check("nickname", n)
			if n == name {
				t.Errorf("%s is its own nickname", name)
			}
		}
	}
	for _, s := range tb.streets {
		check("street", s)
	}
}

func TestSampler(t *testing.T) {
	var s sampler[string]
	s.add("a", 1)
	s.add("skipped", 0)
	s.add("b", 3)
	if s.len() != 2 || s.total() != 4 {
		t.Fatalf("len %d, total %v", s.len(), s.total())
	}
	r := rand.New(rand.NewPCG(1, 2))
	counts := map[string]int{}
	for range 40000 {
		counts[s.pick(r)]++
	}
	if got := float64(counts["b"]) / 40000; got < 0.73 || got > 0.77 {
		t.Errorf("b picked %.3f of the time; want 0.75", got)
	}
	if len(counts) != 2 {
		t.Errorf("picked %v", counts)
	}
}
