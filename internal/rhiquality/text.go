package rhiquality

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"mace/internal/platform/civil"
)

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// cleanText trims a text area and makes its line endings plain.
func cleanText(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}

func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

// limit is the message for text over its limit.
func limit(what string, n int) string {
	if n >= 1000 {
		return fmt.Sprintf("%s must be %d,%03d characters or fewer", what, n/1000, n%1000)
	}
	return fmt.Sprintf("%s must be %d characters or fewer", what, n)
}

// londonTime is t as the pages show it: "24 Oct 2026, 20:00".
func londonTime(t time.Time) string { return t.In(civil.London).Format("2 Jan 2006, 15:04") }
