package page

import (
	"net/url"
	"slices"
	"testing"

	"mace/internal/platform/errs"
)

func TestCursorRoundTrip(t *testing.T) {
	c := Cursor("name", "smith", "jo", "01ABC")
	keys, err := Parse(c, "name", 3)
	if err != nil || !slices.Equal(keys, []string{"smith", "jo", "01ABC"}) {
		t.Fatalf("got %q, %v", keys, err)
	}
	if k, err := Parse("", "name", 3); k != nil || err != nil {
		t.Fatalf("no cursor: %q %v", k, err)
	}
	for _, bad := range []string{"not-a-cursor", "!!", Cursor("other", "a", "b", "c"), Cursor("name", "a")} {
		if _, err := Parse(bad, "name", 3); !errs.Is(err, errs.Invalid) {
			t.Errorf("%q: %v, want a refusal", bad, err)
		}
	}
}

func TestSizeAndLimit(t *testing.T) {
	for in, want := range map[int]int{0: Default, -1: Default, 7: 7, Max: Max, Max + 1: Max, 100000: Max} {
		if got := Size(in); got != want {
			t.Errorf("Size(%d) = %d, want %d", in, got, want)
		}
	}
	if n, err := Limit(url.Values{"limit": {"30"}}); n != 30 || err != nil {
		t.Errorf("limit 30: %d %v", n, err)
	}
	for _, bad := range []string{"ten", "0", "-3"} {
		if _, err := Limit(url.Values{"limit": {bad}}); !errs.Is(err, errs.Invalid) {
			t.Errorf("limit %q: %v", bad, err)
		}
	}
}

func TestCut(t *testing.T) {
	rows := []string{"a", "b", "c"}
	got, next := Cut(rows, 2, "o", func(s string) []string { return []string{s} })
	if !slices.Equal(got, []string{"a", "b"}) || next != Cursor("o", "b") {
		t.Fatalf("%q %q", got, next)
	}
	if got, next := Cut(rows, 3, "o", func(s string) []string { return []string{s} }); len(got) != 3 || next != "" {
		t.Fatalf("%q %q", got, next)
	}
}
