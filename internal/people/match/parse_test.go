package match

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPhoneKey(t *testing.T) {
	for in, want := range map[string]string{
		"07700 900 982":      "07700900982",
		"+44 (0)7700 900982": "07700900982",
		"+447700900982":      "07700900982",
		"0044 7700 900982":   "07700900982",
		"0113-496-0000":      "01134960000",
		"12":                 "",
		"":                   "",
	} {
		if got := PhoneKey(in); got != want {
			t.Errorf("PhoneKey(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestPostcodeKey(t *testing.T) {
	for in, want := range map[string]string{
		"ls14ap": "LS1 4AP", " LS1  4AP ": "LS1 4AP", "sw1a 1aa": "SW1A 1AA", "M1 1AE": "M1 1AE",
		"LS1": "", "12345": "", "LS1 4A!": "", "": "",
	} {
		if got := PostcodeKey(in); got != want {
			t.Errorf("PostcodeKey(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2010-03-04": "2010-03-04", "4/3/2010": "2010-03-04", "04.03.2010": "2010-03-04", "4-3-2010": "2010-03-04",
		"4 March 2010": "2010-03-04", "4 Mar 2010": "2010-03-04", "31/2/2010": "", "3/4/10": "", "yesterday": "",
	} {
		d, err := ParseDate(in)
		if got := d.String(); got != want || (err != nil) != (want == "") {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func FuzzPhoneKey(f *testing.F) {
	for _, s := range []string{"07700 900 982", "+44 (0)7700 900982", "0044 7700 900982", "", "+44", "٠٧٧٠٠", "00440044000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := PhoneKey(s)
		if k == "" {
			return
		}
		if len(k) < 7 || len(k) > 15 || strings.Trim(k, "0123456789") != "" {
			t.Fatalf("PhoneKey(%q) = %q", s, k)
		}
		if PhoneKey(k) != k {
			t.Fatalf("PhoneKey(%q) = %q, which is not its own key", s, k)
		}
	})
}

func FuzzPostcodeKey(f *testing.F) {
	for _, s := range []string{"ls14ap", "SW1A 1AA", "M1 1AE", "", "ÿ1 1AA", "AA1A 1AA "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := PostcodeKey(s)
		if k == "" {
			return
		}
		if len(k) < 6 || len(k) > 8 || k[len(k)-4] != ' ' || PostcodeKey(k) != k {
			t.Fatalf("PostcodeKey(%q) = %q", s, k)
		}
		if District(k) == "" {
			t.Fatalf("District(%q) is empty", k)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2010-03-04", "4/3/2010", "04.03.2010", "4 March 2010", "31/2/2010", "", "0/0/0000", "99/99/9999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !d.IsZero() {
				t.Fatalf("ParseDate(%q) = %v with error %v", s, d, err)
			}
			return
		}
		if d.IsZero() {
			t.Fatalf("ParseDate(%q) gave the zero date", s)
		}
		if again, err := ParseDate(d.String()); err != nil || again != d {
			t.Fatalf("ParseDate(%q) = %v, which does not read back: %v, %v", s, d, again, err)
		}
	})
}

func FuzzWords(f *testing.F) {
	for _, s := range []string{"Mary-Jane", "O'Brien", "Mac Donald", "ZOË Łukasz-Nowak", "", "mc", "\xff", "   "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, w := range Words(s) {
			if w == "" || strings.ContainsAny(w, " -'’") || !utf8.ValidString(w) || w != strings.ToLower(w) {
				t.Fatalf("Words(%q) has word %q", s, w)
			}
		}
		if Key(s) != Key(strings.ToUpper(s)) && utf8.ValidString(s) && !strings.ContainsRune(s, 'ı') && !strings.ContainsRune(s, 'ſ') {
			// Case must not matter, for letters whose case maps both ways.
			if strings.ToLower(strings.ToUpper(s)) == strings.ToLower(s) {
				t.Fatalf("Key(%q) = %q but Key of its upper case is %q", s, Key(s), Key(strings.ToUpper(s)))
			}
		}
	})
}

// Scoring any two people gives a score in 0..1 and never panics.
func FuzzScore(f *testing.F) {
	f.Add("Bill", "Smyth", "2010-04-03", "William", "Smith", "2010-03-04", 0)
	f.Add("", "", "", "a", "b", "", 14)
	f.Fuzz(func(t *testing.T, g1, f1, d1, g2, f2, d2 string, age int) {
		dq, _ := ParseDate(d1)
		dc, _ := ParseDate(d2)
		q := Person{GivenNames: g1, FamilyName: f1, DateOfBirth: dq, AgeYears: age % 130, AgeOn: today}
		c := Person{GivenNames: g2, FamilyName: f2, DateOfBirth: dc, OtherNames: []string{g1}}
		r := Score(q, c, Frequencies{})
		if !(r.Score >= 0 && r.Score <= 1) {
			t.Fatalf("score %v", r.Score)
		}
		_ = QueryKeys(q)
		_ = Keys(c)
	})
}
