package civil

import (
	"encoding/json"
	"testing"
)

func TestParseAndAge(t *testing.T) {
	for _, tc := range []struct {
		in   string
		ok   bool
		on   string
		want int
	}{
		{"2010-02-28", true, "2026-02-27", 15},
		{"2010-02-28", true, "2026-02-28", 16},
		{"2012-02-29", true, "2026-02-28", 13},
		{"2012-02-29", true, "2026-03-01", 14},
		{"2011-02-29", false, "", 0},
		{"2011-13-01", false, "", 0},
		{"1/2/2011", false, "", 0},
	} {
		d, err := Parse(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("Parse(%q) error %v", tc.in, err)
			continue
		}
		if !tc.ok {
			continue
		}
		on, _ := Parse(tc.on)
		if got := d.AgeOn(on); got != tc.want {
			t.Errorf("%s on %s: age %d, want %d", tc.in, tc.on, got, tc.want)
		}
		if d.String() != tc.in {
			t.Errorf("round trip %q -> %q", tc.in, d)
		}
	}
}

func TestFromPartsAndJSON(t *testing.T) {
	if _, ok := FromParts(2023, 2, 29); ok {
		t.Error("29 February 2023 does not exist")
	}
	d, ok := FromParts(2024, 2, 29)
	if !ok || d.Long() != "29 February 2024" {
		t.Fatalf("%v %v", d, ok)
	}
	b, _ := json.Marshal(struct{ D Date }{d})
	if string(b) != `{"D":"2024-02-29"}` {
		t.Fatal(string(b))
	}
	var back struct{ D Date }
	if err := json.Unmarshal(b, &back); err != nil || back.D != d {
		t.Fatal(back, err)
	}
	if d.AddDays(1).String() != "2024-03-01" || !d.Before(d.AddDays(1)) {
		t.Fatal("AddDays")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"2010-01-02", "2010-02-30", "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			return
		}
		again, err := Parse(d.String())
		if err != nil || again != d {
			t.Fatalf("%q -> %v -> %v %v", s, d, again, err)
		}
	})
}
