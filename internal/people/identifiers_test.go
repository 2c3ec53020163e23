package people

import (
	"errors"
	"strings"
	"testing"
)

func TestNormaliseNHSNumber(t *testing.T) {
	tests := []struct {
		in   string
		want string
		err  error
	}{
		{"9434765919", "9434765919", nil},
		{"943 476 5919", "9434765919", nil},
		{"943-476-5919", "9434765919", nil},
		{"  943 476 5919 ", "9434765919", nil},
		{"943 - 476 - 5919", "9434765919", nil},
		{"4010232137", "4010232137", nil},
		{"0000000000", "0000000000", nil}, // remainder 0: check digit 11 becomes 0
		{"", "", ErrNHSNumberEmpty},
		{"   ", "", ErrNHSNumberEmpty},
		{"943 476 591", "", ErrNHSNumberLength},
		{"943 476 59190", "", ErrNHSNumberLength},
		{"---", "", ErrNHSNumberLength},
		{"943.476.5919", "", ErrNHSNumberCharacters},
		{"943 476 591A", "", ErrNHSNumberCharacters},
		{"９４３４７６５９１９", "", ErrNHSNumberCharacters}, // full-width digits
		{"9434765918", "", ErrNHSNumberCheckDigit},
		{"9434765929", "", ErrNHSNumberCheckDigit}, // two digits swapped
		{"0000000060", "", ErrNHSNumberCheckDigit}, // check digit would be 10
	}
	for _, tt := range tests {
		got, err := NormaliseNHSNumber(tt.in)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("NormaliseNHSNumber(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestNHSCheckDigit(t *testing.T) {
	tests := []struct {
		in    string
		want  int
		valid bool
	}{
		{"943476591", 9, true},
		{"401023213", 7, true},
		{"000000000", 0, true},
		{"000000006", 0, false}, // 6*2 = 12, remainder 1, check 10
		{"94347659", 0, false},
		{"9434765910", 0, false},
		{"94347659x", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := NHSCheckDigit(tt.in)
		if got != tt.want || ok != tt.valid {
			t.Errorf("NHSCheckDigit(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.valid)
		}
	}
}

// TestNHSCheckDigitCatchesSwaps checks that the check digit catches every
// swap of two different adjacent digits in a sample of valid numbers.
func TestNHSCheckDigitCatchesSwaps(t *testing.T) {
	for _, n := range []string{"9434765919", "4010232137", "9990001251"} {
		if _, err := NormaliseNHSNumber(n); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		for i := 0; i < 9; i++ {
			b := []byte(n)
			if b[i] == b[i+1] {
				continue
			}
			b[i], b[i+1] = b[i+1], b[i]
			if _, err := NormaliseNHSNumber(string(b)); err == nil {
				t.Errorf("swap %d in %s: %s accepted", i, n, b)
			}
		}
	}
}

func TestFormatNHSNumber(t *testing.T) {
	tests := map[string]string{
		"9434765919":  "943 476 5919",
		"943476591":   "943476591",
		"94347659199": "94347659199",
		"94347659x9":  "94347659x9",
		"":            "",
	}
	for in, want := range tests {
		if got := FormatNHSNumber(in); got != want {
			t.Errorf("FormatNHSNumber(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestNormaliseUPN(t *testing.T) {
	tests := []struct {
		in   string
		want string
		err  error
	}{
		// Worked by hand: 8*2 + 1*4 + 2*5 + 5*10 + 1*13 = 93; 93 mod 23 = 1: B.
		{"B801200005001", "B801200005001", nil},
		{"b801200005001", "B801200005001", nil},
		{" B801 2000 05 001 ", "B801200005001", nil},
		// 9*2+9*3+9*4+1*5+2*6+3*7+4*8+1*9+9*10+1*13 = 263; mod 23 = 10: L.
		{"L999123419001", "L999123419001", nil},
		// Temporary UPN ending in A (value 0): 130 mod 23 = 15: R.
		{"R93112341200A", "R93112341200A", nil},
		{"r93112341200a", "R93112341200A", nil},
		// Temporary UPN ending in Z (value 22).
		{"W20100011300Z", "W20100011300Z", nil},
		{"J35600001900K", "J35600001900K", nil},
		{"", "", ErrUPNEmpty},
		{"  ", "", ErrUPNEmpty},
		{"B80120000500", "", ErrUPNLength},
		{"B8012000050011", "", ErrUPNLength},
		{"I801200005001", "", ErrUPNFirst},
		{"O801200005001", "", ErrUPNFirst},
		{"S801200005001", "", ErrUPNFirst},
		{"1801200005001", "", ErrUPNFirst},
		{"B80120000A001", "", ErrUPNMiddle},
		{"B-801-2000-05", "", ErrUPNMiddle},
		{"B80120000500I", "", ErrUPNLast},
		{"B80120000500S", "", ErrUPNLast},
		{"B80120000500-", "", ErrUPNLast},
		{"A801200005001", "", ErrUPNCheckLetter},
		{"B801200005010", "", ErrUPNCheckLetter},
		{"B801200005é", "", ErrUPNLength},
		{"B8012000050é", "", ErrUPNMiddle}, // 13 bytes, but é is not a digit
	}
	for _, tt := range tests {
		got, err := NormaliseUPN(tt.in)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("NormaliseUPN(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestUPNCheckLetter(t *testing.T) {
	tests := []struct {
		in    string
		want  byte
		valid bool
	}{
		{"801200005001", 'B', true},
		{"999123419001", 'L', true},
		{"93112341200A", 'R', true},
		{"000000000000", 'A', true},
		{"80120000500", 0, false},
		{"8012000050011", 0, false},
		{"8012000050A1", 0, false},
		{"80120000500a", 0, false},
		{"80120000500I", 0, false},
		{"80120000500O", 0, false},
		{"80120000500S", 0, false},
	}
	for _, tt := range tests {
		got, ok := UPNCheckLetter(tt.in)
		if got != tt.want || ok != tt.valid {
			t.Errorf("UPNCheckLetter(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.valid)
		}
	}
}

// TestUPNCheckLetterEveryLetter makes sure every allowed final letter takes
// its own value, so that no two give the same check letter.
func TestUPNCheckLetterEveryLetter(t *testing.T) {
	seen := map[byte]byte{}
	for i := 0; i < len(upnLetters); i++ {
		c, ok := UPNCheckLetter("99900002400" + string(upnLetters[i]))
		if !ok {
			t.Fatalf("final letter %c rejected", upnLetters[i])
		}
		if prev, dup := seen[c]; dup {
			t.Errorf("final letters %c and %c both give check letter %c", prev, upnLetters[i], c)
		}
		seen[c] = upnLetters[i]
		if strings.IndexByte(upnLetters, c) < 0 {
			t.Errorf("check letter %c is not an allowed letter", c)
		}
	}
}

func FuzzNormaliseNHSNumber(f *testing.F) {
	for _, s := range []string{"9434765919", "943 476 5919", "943-476-5919", "0000000060", "", " - ", "94347659１9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormaliseNHSNumber(s)
		if err != nil {
			if got != "" {
				t.Fatalf("NormaliseNHSNumber(%q) = %q with error %v", s, got, err)
			}
			return
		}
		if len(got) != 10 || !identAllDigits(got) {
			t.Fatalf("NormaliseNHSNumber(%q) = %q: not 10 digits", s, got)
		}
		check, ok := NHSCheckDigit(got[:9])
		if !ok || check != int(got[9]-'0') {
			t.Fatalf("NormaliseNHSNumber(%q) = %q: check digit does not match", s, got)
		}
		again, err := NormaliseNHSNumber(got)
		if err != nil || again != got {
			t.Fatalf("re-normalising %q gave %q, %v", got, again, err)
		}
		formatted := FormatNHSNumber(got)
		if again, err := NormaliseNHSNumber(formatted); err != nil || again != got {
			t.Fatalf("normalising formatted %q gave %q, %v", formatted, again, err)
		}
	})
}

func FuzzNormaliseUPN(f *testing.F) {
	for _, s := range []string{"B801200005001", "b801 2000 05 001", "R93112341200A", "A801200005001", "", "B80120000500I", "B801200005é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormaliseUPN(s)
		if err != nil {
			if got != "" {
				t.Fatalf("NormaliseUPN(%q) = %q with error %v", s, got, err)
			}
			return
		}
		if len(got) != 13 || got != strings.ToUpper(got) {
			t.Fatalf("NormaliseUPN(%q) = %q: not 13 upper-case characters", s, got)
		}
		check, ok := UPNCheckLetter(got[1:])
		if !ok || check != got[0] {
			t.Fatalf("NormaliseUPN(%q) = %q: check letter does not match", s, got)
		}
		again, err := NormaliseUPN(got)
		if err != nil || again != got {
			t.Fatalf("re-normalising %q gave %q, %v", got, again, err)
		}
	})
}
