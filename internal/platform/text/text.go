// Package text is the one way free text typed into a form is tidied and
// measured, and the one message for text over its limit.
package text

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// OneLine is s with runs of white space, line breaks included, made one
// space, and none at either end: for names, places and references.
func OneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Clean trims a text area and makes its line endings plain.
func Clean(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")) }

// TooLong reports whether s has more than n characters.
func TooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

// Limit is the message for text over its limit: "The reason must be
// 2,000 characters or fewer".
func Limit(what string, n int) string {
	return fmt.Sprintf("%s must be %s characters or fewer", what, Thousands(n))
}

// Thousands writes n with commas between the thousands: 12,000.
func Thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + Thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
