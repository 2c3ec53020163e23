package people

import (
	"errors"
	"strings"
)

// Errors returned by NormaliseNHSNumber. Their text is written to be shown
// to the person who typed the number.
var (
	ErrNHSNumberEmpty      = errors.New("Enter an NHS number")
	ErrNHSNumberCharacters = errors.New("Enter an NHS number using only numbers, spaces and hyphens")
	ErrNHSNumberLength     = errors.New("Enter an NHS number with 10 digits")
	ErrNHSNumberCheckDigit = errors.New("Enter a valid NHS number: the check digit does not match")
)

// Errors returned by NormaliseUPN. Their text is written to be shown to the
// person who typed the number.
var (
	ErrUPNEmpty       = errors.New("Enter a unique pupil number (UPN)")
	ErrUPNLength      = errors.New("Enter a UPN with 13 characters")
	ErrUPNFirst       = errors.New("Enter a UPN that starts with a letter (not I, O or S)")
	ErrUPNMiddle      = errors.New("Enter a UPN with numbers in characters 2 to 12")
	ErrUPNLast        = errors.New("Enter a UPN that ends with a number or a letter (not I, O or S)")
	ErrUPNCheckLetter = errors.New("Enter a valid UPN: the check letter does not match")
)

// NormaliseNHSNumber checks an NHS number typed by a person and returns its
// 10 digits. Spaces and hyphens between digits are ignored, so
// "943 476 5919" and "943-476-5919" both give "9434765919". The last digit
// must be the modulus 11 check digit of the first nine.
func NormaliseNHSNumber(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ErrNHSNumberEmpty
	}
	var b strings.Builder
	b.Grow(10)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			b.WriteByte(c)
		case c == ' ' || c == '-':
		default:
			return "", ErrNHSNumberCharacters
		}
	}
	digits := b.String()
	if len(digits) != 10 {
		return "", ErrNHSNumberLength
	}
	check, ok := NHSCheckDigit(digits[:9])
	if !ok || check != int(digits[9]-'0') {
		return "", ErrNHSNumberCheckDigit
	}
	return digits, nil
}

// FormatNHSNumber writes 10 digits in the usual 3-3-4 groups, as in
// "943 476 5919". Anything that is not exactly 10 digits is returned as it
// is.
func FormatNHSNumber(digits string) string {
	if len(digits) != 10 || !identAllDigits(digits) {
		return digits
	}
	return digits[:3] + " " + digits[3:6] + " " + digits[6:]
}

// NHSCheckDigit returns the modulus 11 check digit for the first nine digits
// of an NHS number. Each digit is weighted 10 down to 2; the check digit is
// 11 minus the remainder of the sum divided by 11, with 11 becoming 0. It
// reports false when first9 is not nine digits or when the result would be
// 10, because no valid NHS number begins with those nine digits.
func NHSCheckDigit(first9 string) (int, bool) {
	if len(first9) != 9 || !identAllDigits(first9) {
		return 0, false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(first9[i]-'0') * (10 - i)
	}
	check := 11 - sum%11
	switch check {
	case 11:
		return 0, true
	case 10:
		return 0, false
	}
	return check, true
}

// upnLetters are the letters a UPN may use for its check letter and for the
// last character of a temporary UPN. A letter's value in the check
// calculation is its index here: A is 0 and Z is 22. I, O and S are left out
// because they are easily mistaken for 1, 0 and 5.
const upnLetters = "ABCDEFGHJKLMNPQRTUVWXYZ"

// NormaliseUPN checks a unique pupil number (UPN) typed by a person and
// returns its 13 characters in upper case with spaces removed.
//
// A UPN is a check letter followed by 12 characters: a 3-digit local
// authority number, a 4-digit establishment number, the last 2 digits of the
// year it was issued and a 3-character serial number. A temporary UPN ends
// in a letter instead of a digit. The check letter is worked out as
// UPNCheckLetter describes. The local authority number is not checked
// against the list of real authorities.
func NormaliseUPN(s string) (string, error) {
	var b strings.Builder
	b.Grow(13)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			continue
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		}
		b.WriteByte(c)
	}
	upn := b.String()
	switch {
	case upn == "":
		return "", ErrUPNEmpty
	case len(upn) != 13:
		return "", ErrUPNLength
	case strings.IndexByte(upnLetters, upn[0]) < 0:
		return "", ErrUPNFirst
	case !identAllDigits(upn[1:12]):
		return "", ErrUPNMiddle
	case !identIsDigit(upn[12]) && strings.IndexByte(upnLetters, upn[12]) < 0:
		return "", ErrUPNLast
	}
	check, ok := UPNCheckLetter(upn[1:])
	if !ok || check != upn[0] {
		return "", ErrUPNCheckLetter
	}
	return upn, nil
}

// UPNCheckLetter returns the check letter for the 12 characters that follow
// it in a UPN, using the Department for Education's method: the characters
// in positions 2 to 13 are weighted 2 to 13, a letter in position 13 counts
// as its place in "ABCDEFGHJKLMNPQRTUVWXYZ" (A is 0, B is 1, and so on), and
// the remainder of the sum divided by 23 picks the check letter from the same
// list. It reports false unless rest12 is 11 digits followed by a digit or
// one of those upper-case letters.
func UPNCheckLetter(rest12 string) (byte, bool) {
	if len(rest12) != 12 || !identAllDigits(rest12[:11]) {
		return 0, false
	}
	sum := 0
	for i := 0; i < 11; i++ {
		sum += int(rest12[i]-'0') * (i + 2)
	}
	last := rest12[11]
	var v int
	if identIsDigit(last) {
		v = int(last - '0')
	} else if v = strings.IndexByte(upnLetters, last); v < 0 {
		return 0, false
	}
	sum += v * 13
	return upnLetters[sum%23], true
}

func identIsDigit(c byte) bool { return c >= '0' && c <= '9' }

func identAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !identIsDigit(s[i]) {
			return false
		}
	}
	return true
}
