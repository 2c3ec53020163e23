package rhiquality

import (
	"time"

	"mace/internal/platform/civil"
)

// londonTime is t as the pages show it: "24 Oct 2026, 20:00".
func londonTime(t time.Time) string { return t.In(civil.London).Format("2 Jan 2006, 15:04") }
