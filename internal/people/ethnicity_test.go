package people

import (
	"math"
	"regexp"
	"slices"
	"testing"
)

func TestEthnicities(t *testing.T) {
	if len(Ethnicities) != 20 {
		t.Fatalf("got %d categories; want 19 census categories and not stated", len(Ethnicities))
	}
	codeRE := regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
	seen := map[string]bool{}
	lastGroup := 0
	perGroup := map[string]int{}
	for i, e := range Ethnicities {
		if !codeRE.MatchString(e.Code) {
			t.Errorf("code %q is not short lower-case words joined by hyphens", e.Code)
		}
		if seen[e.Code] {
			t.Errorf("code %q appears twice", e.Code)
		}
		seen[e.Code] = true
		if e.Label == "" {
			t.Errorf("%s has no label", e.Code)
		}
		if e.Code == EthnicityNotStated {
			if i != len(Ethnicities)-1 || e.Group != EthnicGroupNotStated {
				t.Errorf("not stated should come last in its own group: %+v at %d", e, i)
			}
			continue
		}
		g := slices.Index(EthnicGroups, e.Group)
		if g < 0 {
			t.Errorf("%s has unknown group %q", e.Code, e.Group)
			continue
		}
		if g < lastGroup {
			t.Errorf("%s is out of census order", e.Code)
		}
		lastGroup = g
		perGroup[e.Group]++
	}
	want := map[string]int{EthnicGroupAsian: 5, EthnicGroupBlack: 3, EthnicGroupMixed: 4, EthnicGroupWhite: 5, EthnicGroupOther: 2}
	for g, n := range want {
		if perGroup[g] != n {
			t.Errorf("group %q has %d categories; want %d", g, perGroup[g], n)
		}
	}
}

func TestEthnicityShares2021(t *testing.T) {
	total := 0.0
	for _, e := range Ethnicities {
		share, ok := EthnicityShares2021[e.Code]
		if !ok {
			t.Errorf("no share for %s", e.Code)
		}
		if share < 0 || (share == 0 && e.Code != EthnicityNotStated) {
			t.Errorf("share for %s is %v", e.Code, share)
		}
		total += share
	}
	if len(EthnicityShares2021) != len(Ethnicities) {
		t.Errorf("%d shares for %d categories", len(EthnicityShares2021), len(Ethnicities))
	}
	if math.Abs(total-100) > 0.5 {
		t.Errorf("shares add up to %v; want about 100", total)
	}
	if EthnicityShares2021["white-british"] < 70 {
		t.Errorf("white-british share %v looks wrong", EthnicityShares2021["white-british"])
	}
}

func TestEthnicityByCode(t *testing.T) {
	e, ok := EthnicityByCode("white-roma")
	if !ok || e.Label != "Roma" || e.Group != EthnicGroupWhite {
		t.Errorf("white-roma: got %+v, %v", e, ok)
	}
	e, ok = EthnicityByCode("asian-pakistani")
	if !ok || e.String() != "Asian, Asian British or Asian Welsh: Pakistani" {
		t.Errorf("asian-pakistani: got %q, %v", e.String(), ok)
	}
	e, ok = EthnicityByCode("white-british")
	if !ok || e.Label != "English, Welsh, Scottish, Northern Irish or British" {
		t.Errorf("white-british: got %+v, %v", e, ok)
	}
	if e, ok := EthnicityByCode(EthnicityNotStated); !ok || e.Label != "Not stated / prefers not to say" {
		t.Errorf("not-stated: got %+v, %v", e, ok)
	}
	for _, code := range []string{"", "White-British", "white", "unknown"} {
		if _, ok := EthnicityByCode(code); ok {
			t.Errorf("EthnicityByCode(%q) found a category", code)
		}
	}
}
