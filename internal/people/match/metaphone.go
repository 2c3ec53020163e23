package match

import "strings"

// DoubleMetaphone returns the primary and alternate Double Metaphone codes
// of a word, at most four characters each, following Lawrence Philips'
// published algorithm ("The Double Metaphone Search Algorithm", C/C++
// Users Journal, June 2000). The alternate equals the primary when the word
// has only one likely pronunciation. Letters other than A to Z (after
// folding accents; Ç and Ñ as the algorithm says) are ignored; a word with
// no letters has empty codes.
func DoubleMetaphone(word string) (primary, alternate string) {
	up := strings.ToUpper(word)
	var b strings.Builder
	for _, r := range up {
		switch {
		case r >= 'A' && r <= 'Z', r == ' ':
			b.WriteRune(r)
		case r == 'Ç' || r == 'ç':
			b.WriteByte('#') // the algorithm's C-cedilla
		case r == 'Ñ' || r == 'ñ':
			b.WriteByte('%') // the algorithm's N-tilde
		default:
			if f := fold[[]rune(strings.ToLower(string(r)))[0]]; f != "" {
				b.WriteString(strings.ToUpper(f))
			}
		}
	}
	s := strings.TrimSpace(b.String())
	if s == "" {
		return "", ""
	}
	m := &metaphone{s: s, last: len(s) - 1}
	m.run()
	p, a := m.p.String(), m.a.String()
	if len(p) > 4 {
		p = p[:4]
	}
	if len(a) > 4 {
		a = a[:4]
	}
	return p, a
}

type metaphone struct {
	s    string
	last int
	p, a strings.Builder
}

func (m *metaphone) at(i int) byte {
	if i < 0 || i >= len(m.s) {
		return 0
	}
	return m.s[i]
}

// is reports whether one of subs starts at i.
func (m *metaphone) is(i int, subs ...string) bool {
	if i < 0 {
		return false
	}
	for _, sub := range subs {
		if i+len(sub) <= len(m.s) && m.s[i:i+len(sub)] == sub {
			return true
		}
		// The original pads the word with spaces: a match that runs off
		// the end against spaces counts.
		if i < len(m.s) && strings.TrimRight(sub, " ") != sub && i+len(strings.TrimRight(sub, " ")) == len(m.s) &&
			m.s[i:] == strings.TrimRight(sub, " ") {
			return true
		}
	}
	return false
}

func (m *metaphone) vowel(i int) bool {
	switch m.at(i) {
	case 'A', 'E', 'I', 'O', 'U', 'Y':
		return true
	}
	return false
}

func (m *metaphone) slavoGermanic() bool {
	return strings.ContainsAny(m.s, "WK") || strings.Contains(m.s, "CZ") || strings.Contains(m.s, "WITZ")
}

func (m *metaphone) add(main string, alt ...string) {
	m.p.WriteString(main)
	if len(alt) > 0 {
		m.a.WriteString(alt[0])
	} else {
		m.a.WriteString(main)
	}
}

func (m *metaphone) run() {
	i := 0
	if m.is(0, "GN", "KN", "PN", "WR", "PS") {
		i++
	}
	if m.at(0) == 'X' {
		m.add("S")
		i++
	}
	for i <= m.last && (m.p.Len() < 4 || m.a.Len() < 4) {
		i = m.step(i)
	}
}

// skip returns i+2 when the next letter is c, else i+1.
func (m *metaphone) skip(i int, c byte) int {
	if m.at(i+1) == c {
		return i + 2
	}
	return i + 1
}

func (m *metaphone) step(i int) int {
	switch c := m.at(i); c {
	case 'A', 'E', 'I', 'O', 'U', 'Y':
		if i == 0 {
			m.add("A")
		}
		return i + 1
	case 'B':
		m.add("P")
		return m.skip(i, 'B')
	case '#':
		m.add("S")
		return i + 1
	case 'C':
		return m.c(i)
	case 'D':
		if m.is(i, "DG") {
			if m.is(i+2, "I", "E", "Y") {
				m.add("J")
				return i + 3
			}
			m.add("TK")
			return i + 2
		}
		m.add("T")
		if m.is(i, "DT", "DD") {
			return i + 2
		}
		return i + 1
	case 'F':
		m.add("F")
		return m.skip(i, 'F')
	case 'G':
		return m.g(i)
	case 'H':
		if (i == 0 || m.vowel(i-1)) && m.vowel(i+1) {
			m.add("H")
			return i + 2
		}
		return i + 1
	case 'J':
		return m.j(i)
	case 'K':
		m.add("K")
		return m.skip(i, 'K')
	case 'L':
		if m.at(i+1) == 'L' {
			if (i == len(m.s)-3 && m.is(i-1, "ILLO", "ILLA", "ALLE")) ||
				((m.is(m.last-1, "AS", "OS") || m.is(m.last, "A", "O")) && m.is(i-1, "ALLE")) {
				m.add("L", "")
				return i + 2
			}
			m.add("L")
			return i + 2
		}
		m.add("L")
		return i + 1
	case 'M':
		m.add("M")
		if (m.is(i-1, "UMB") && (i+1 == m.last || m.is(i+2, "ER"))) || m.at(i+1) == 'M' {
			return i + 2
		}
		return i + 1
	case 'N':
		m.add("N")
		return m.skip(i, 'N')
	case '%':
		m.add("N")
		return i + 1
	case 'P':
		if m.at(i+1) == 'H' {
			m.add("F")
			return i + 2
		}
		m.add("P")
		if m.is(i+1, "P", "B") {
			return i + 2
		}
		return i + 1
	case 'Q':
		m.add("K")
		return m.skip(i, 'Q')
	case 'R':
		if i == m.last && !m.slavoGermanic() && m.is(i-2, "IE") && !m.is(i-4, "ME", "MA") {
			m.add("", "R")
		} else {
			m.add("R")
		}
		return m.skip(i, 'R')
	case 'S':
		return m.sc(i)
	case 'T':
		return m.t(i)
	case 'V':
		m.add("F")
		return m.skip(i, 'V')
	case 'W':
		return m.w(i)
	case 'X':
		if !(i == m.last && (m.is(i-3, "IAU", "EAU") || m.is(i-2, "AU", "OU"))) {
			m.add("KS")
		}
		if m.is(i+1, "C", "X") {
			return i + 2
		}
		return i + 1
	case 'Z':
		if m.at(i+1) == 'H' {
			m.add("J")
			return i + 2
		}
		if m.is(i+1, "ZO", "ZI", "ZA") || (m.slavoGermanic() && i > 0 && m.at(i-1) != 'T') {
			m.add("S", "TS")
		} else {
			m.add("S")
		}
		return m.skip(i, 'Z')
	}
	return i + 1
}

func (m *metaphone) c(i int) int {
	switch {
	case i > 1 && !m.vowel(i-2) && m.is(i-1, "ACH") && m.at(i+2) != 'I' &&
		(m.at(i+2) != 'E' || m.is(i-2, "BACHER", "MACHER")):
		m.add("K")
		return i + 2
	case i == 0 && m.is(i, "CAESAR"):
		m.add("S")
		return i + 2
	case m.is(i, "CHIA"):
		m.add("K")
		return i + 2
	case m.is(i, "CH"):
		switch {
		case i > 0 && m.is(i, "CHAE"):
			m.add("K", "X")
		case i == 0 && (m.is(i+1, "HARAC", "HARIS") || m.is(i+1, "HOR", "HYM", "HIA", "HEM")) && !m.is(0, "CHORE"):
			m.add("K")
		case m.is(0, "VAN ", "VON ") || m.is(0, "SCH") || m.is(i-2, "ORCHES", "ARCHIT", "ORCHID") ||
			m.is(i+2, "T", "S") ||
			((m.is(i-1, "A", "O", "U", "E") || i == 0) &&
				(m.is(i+2, "L", "R", "N", "M", "B", "H", "F", "V", "W", " ") || i+2 > m.last)):
			m.add("K")
		case i > 0 && m.is(0, "MC"):
			m.add("K")
		case i > 0:
			m.add("X", "K")
		default:
			m.add("X")
		}
		return i + 2
	case m.is(i, "CZ") && !m.is(i-2, "WICZ"):
		m.add("S", "X")
		return i + 2
	case m.is(i+1, "CIA"):
		m.add("X")
		return i + 3
	case m.is(i, "CC") && !(i == 1 && m.at(0) == 'M'):
		if m.is(i+2, "I", "E", "H") && !m.is(i+2, "HU") {
			if (i == 1 && m.at(0) == 'A') || m.is(i-1, "UCCEE", "UCCES") {
				m.add("KS")
			} else {
				m.add("X")
			}
			return i + 3
		}
		m.add("K")
		return i + 2
	case m.is(i, "CK", "CG", "CQ"):
		m.add("K")
		return i + 2
	case m.is(i, "CI", "CE", "CY"):
		if m.is(i, "CIO", "CIE", "CIA") {
			m.add("S", "X")
		} else {
			m.add("S")
		}
		return i + 2
	}
	m.add("K")
	switch {
	case m.is(i+1, " C", " Q", " G"):
		return i + 3
	case m.is(i+1, "C", "K", "Q") && !m.is(i+1, "CE", "CI"):
		return i + 2
	}
	return i + 1
}

func (m *metaphone) g(i int) int {
	if m.at(i+1) == 'H' {
		if i > 0 && !m.vowel(i-1) {
			m.add("K")
			return i + 2
		}
		if i == 0 {
			if m.at(i+2) == 'I' {
				m.add("J")
			} else {
				m.add("K")
			}
			return i + 2
		}
		if (i > 1 && m.is(i-2, "B", "H", "D")) || (i > 2 && m.is(i-3, "B", "H", "D")) || (i > 3 && m.is(i-4, "B", "H")) {
			return i + 2
		}
		if i > 2 && m.at(i-1) == 'U' && m.is(i-3, "C", "G", "L", "R", "T") {
			m.add("F")
		} else if i > 0 && m.at(i-1) != 'I' {
			m.add("K")
		}
		return i + 2
	}
	if m.at(i+1) == 'N' {
		switch {
		case i == 1 && m.vowel(0) && !m.slavoGermanic():
			m.add("KN", "N")
		case !m.is(i+2, "EY") && m.at(i+1) != 'Y' && !m.slavoGermanic():
			m.add("N", "KN")
		default:
			m.add("KN")
		}
		return i + 2
	}
	if m.is(i+1, "LI") && !m.slavoGermanic() {
		m.add("KL", "L")
		return i + 2
	}
	if i == 0 && (m.at(i+1) == 'Y' || m.is(i+1, "ES", "EP", "EB", "EL", "EY", "IB", "IL", "IN", "IE", "EI", "ER")) {
		m.add("K", "J")
		return i + 2
	}
	if (m.is(i+1, "ER") || m.at(i+1) == 'Y') && !m.is(0, "DANGER", "RANGER", "MANGER") &&
		!m.is(i-1, "E", "I") && !m.is(i-1, "RGY", "OGY") {
		m.add("K", "J")
		return i + 2
	}
	if m.is(i+1, "E", "I", "Y") || m.is(i-1, "AGGI", "OGGI") {
		switch {
		case m.is(0, "VAN ", "VON ") || m.is(0, "SCH") || m.is(i+1, "ET"):
			m.add("K")
		case m.is(i+1, "IER "):
			m.add("J")
		default:
			m.add("J", "K")
		}
		return i + 2
	}
	m.add("K")
	return m.skip(i, 'G')
}

func (m *metaphone) j(i int) int {
	if m.is(i, "JOSE") || m.is(0, "SAN ") {
		if (i == 0 && (m.at(i+4) == ' ' || i+4 > m.last)) || m.is(0, "SAN ") {
			m.add("H")
		} else {
			m.add("J", "H")
		}
		return i + 1
	}
	switch {
	case i == 0 && !m.is(i, "JOSE"):
		m.add("J", "A")
	case m.vowel(i-1) && !m.slavoGermanic() && (m.at(i+1) == 'A' || m.at(i+1) == 'O'):
		m.add("J", "H")
	case i == m.last:
		m.add("J", "")
	case !m.is(i+1, "L", "T", "K", "S", "N", "M", "B", "Z") && !m.is(i-1, "S", "K", "L"):
		m.add("J")
	}
	return m.skip(i, 'J')
}

func (m *metaphone) sc(i int) int {
	switch {
	case m.is(i-1, "ISL", "YSL"):
		return i + 1
	case i == 0 && m.is(i, "SUGAR"):
		m.add("X", "S")
		return i + 1
	case m.is(i, "SH"):
		if m.is(i+1, "HEIM", "HOEK", "HOLM", "HOLZ") {
			m.add("S")
		} else {
			m.add("X")
		}
		return i + 2
	case m.is(i, "SIO", "SIA") || m.is(i, "SIAN"):
		if !m.slavoGermanic() {
			m.add("S", "X")
		} else {
			m.add("S")
		}
		return i + 3
	case (i == 0 && m.is(i+1, "M", "N", "L", "W")) || m.is(i+1, "Z"):
		m.add("S", "X")
		return m.skip(i, 'Z')
	case m.is(i, "SC"):
		if m.at(i+2) == 'H' {
			if m.is(i+3, "OO", "ER", "EN", "UY", "ED", "EM") {
				if m.is(i+3, "ER", "EN") {
					m.add("X", "SK")
				} else {
					m.add("SK")
				}
				return i + 3
			}
			if i == 0 && !m.vowel(3) && m.at(3) != 'W' {
				m.add("X", "S")
			} else {
				m.add("X")
			}
			return i + 3
		}
		if m.is(i+2, "I", "E", "Y") {
			m.add("S")
			return i + 3
		}
		m.add("SK")
		return i + 3
	}
	if i == m.last && m.is(i-2, "AI", "OI") {
		m.add("", "S")
	} else {
		m.add("S")
	}
	if m.is(i+1, "S", "Z") {
		return i + 2
	}
	return i + 1
}

func (m *metaphone) t(i int) int {
	switch {
	case m.is(i, "TION"):
		m.add("X")
		return i + 3
	case m.is(i, "TIA", "TCH"):
		m.add("X")
		return i + 3
	case m.is(i, "TH") || m.is(i, "TTH"):
		if m.is(i+2, "OM", "AM") || m.is(0, "VAN ", "VON ") || m.is(0, "SCH") {
			m.add("T")
		} else {
			m.add("0", "T")
		}
		return i + 2
	}
	m.add("T")
	if m.is(i+1, "T", "D") {
		return i + 2
	}
	return i + 1
}

func (m *metaphone) w(i int) int {
	if m.is(i, "WR") {
		m.add("R")
		return i + 2
	}
	if i == 0 && (m.vowel(i+1) || m.is(i, "WH")) {
		if m.vowel(i + 1) {
			m.add("A", "F")
		} else {
			m.add("A")
		}
	}
	if (i == m.last && m.vowel(i-1)) || m.is(i-1, "EWSKI", "EWSKY", "OWSKI", "OWSKY") || m.is(0, "SCH") {
		m.add("", "F")
		return i + 1
	}
	if m.is(i, "WICZ", "WITZ") {
		m.add("TS", "FX")
		return i + 4
	}
	return i + 1
}

// Alike reports whether two names share a Double Metaphone code.
func Alike(a, b string) bool {
	pa, aa := DoubleMetaphone(Key(a))
	pb, ab := DoubleMetaphone(Key(b))
	if pa == "" || pb == "" {
		return false
	}
	return pa == pb || pa == ab || aa == pb || aa == ab
}
