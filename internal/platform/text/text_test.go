package text_test

import (
	"testing"

	"mace/internal/platform/text"
)

func TestText(t *testing.T) {
	if got := text.OneLine("  Flat 2,\r\n 10   Example Row\t"); got != "Flat 2, 10 Example Row" {
		t.Errorf("OneLine = %q", got)
	}
	if got := text.Clean("\r\n Seen at the station.\r\nWith two older males. \r\n"); got != "Seen at the station.\nWith two older males." {
		t.Errorf("Clean = %q", got)
	}
	if text.TooLong("héllo", 5) || !text.TooLong("héllo!", 5) {
		t.Error("TooLong counts characters, not bytes")
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 12000: "12,000", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := text.Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
	if got := text.Limit("The reason", 2000); got != "The reason must be 2,000 characters or fewer" {
		t.Errorf("Limit = %q", got)
	}
}
