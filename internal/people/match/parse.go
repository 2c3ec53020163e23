package match

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"mace/internal/platform/civil"
)

// PhoneKey reduces a phone number as typed to its digits, with +44 or 0044
// written as a leading 0, or "" when fewer than 7 digits remain: the form
// phone numbers are compared in.
func PhoneKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	t := strings.TrimSpace(s)
	if strings.HasPrefix(t, "+44") || strings.HasPrefix(d, "0044") {
		// A UK number written internationally: 9 or 10 digits follow the
		// country code, perhaps after a (0).
		n := strings.TrimPrefix(strings.TrimPrefix(d, "00"), "44")
		n = strings.TrimPrefix(n, "0")
		if len(n) == 9 || len(n) == 10 {
			d = "0" + n
		}
	}
	if len(d) < 7 || len(d) > 15 {
		return ""
	}
	return d
}

// PostcodeKey is a UK postcode as typed, upper-cased with one space before
// the last three characters ("ls14ap" is "LS1 4AP"), or "" when it does not
// have a postcode's shape.
func PostcodeKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '\t':
		default:
			return ""
		}
	}
	t := b.String()
	if len(t) < 5 || len(t) > 7 {
		return ""
	}
	in := t[len(t)-3:]
	if in[0] < '0' || in[0] > '9' || !isUpper(in[1]) || !isUpper(in[2]) || !isUpper(t[0]) {
		return ""
	}
	return t[:len(t)-3] + " " + in
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

// District is a postcode's outward code ("LS1" of "LS1 4AP").
func District(postcode string) string {
	out, _, _ := strings.Cut(postcode, " ")
	return out
}

// ParseDate reads a date of birth as a referral gives it: 2010-03-04,
// 4/3/2010, 04.03.2010, 4-3-2010 (day first, as in Britain) or
// 4 March 2010.
func ParseDate(s string) (civil.Date, error) {
	s = strings.TrimSpace(s)
	if d, err := civil.Parse(s); err == nil {
		return d, nil
	}
	for _, layout := range []string{"2 January 2006", "2 Jan 2006"} {
		if t, err := time.Parse(layout, strings.Join(strings.Fields(s), " ")); err == nil {
			return civil.Of(t), nil
		}
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '.' || r == '-' })
	if len(parts) == 3 && len(parts[2]) == 4 && len(parts[0]) <= 2 && len(parts[1]) <= 2 {
		d, e1 := strconv.Atoi(parts[0])
		m, e2 := strconv.Atoi(parts[1])
		y, e3 := strconv.Atoi(parts[2])
		if e1 == nil && e2 == nil && e3 == nil {
			if date, ok := civil.FromParts(y, m, d); ok {
				return date, nil
			}
		}
	}
	return civil.Date{}, fmt.Errorf("Enter a real date of birth, like 2010-03-27 or 27/3/2010")
}
