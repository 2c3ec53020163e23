package missingimport

import (
	"time"

	"mace/internal/platform/civil"
)

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// londonTime is t as the pages show it: "24 Oct 2026, 20:00".
func londonTime(t time.Time) string { return t.In(civil.London).Format("2 Jan 2006, 15:04") }
