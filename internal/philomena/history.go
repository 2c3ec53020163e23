package philomena

import (
	"context"
	"time"
)

// MissingHistory is where a profile's missing history comes from: the
// missing episodes recorded for the child. It is declared here, where it
// is used; the missing episodes service provides it, wired in by the app.
//
// Summary is called after the profile's own access check and audit, with
// the signed-in user in ctx, so it need not audit the look again. It
// returns the zero History when no episode is recorded; an error only when
// the episodes could not be read (the profile is shown without them).
type MissingHistory interface {
	Summary(ctx context.Context, personID string) (History, error)
}

// History is a child's missing history, summarised for a profile.
type History struct {
	// Episodes is how many missing episodes are recorded, in all.
	Episodes int `json:"episodes"`
	// Months are the last 12 calendar months, oldest first, each with the
	// number of episodes that began in it (Europe/London).
	Months []MonthCount `json:"months"`
	// LastStart is when the latest episode began.
	LastStart time.Time `json:"last_start,omitzero"`
	// LastEnd is when it ended (found or returned); zero while the child
	// is still missing.
	LastEnd time.Time `json:"last_end,omitzero"`
	// LastFound is where the child was found or returned to after the
	// latest episode, as recorded.
	LastFound string `json:"last_found,omitempty"`
}

// MonthCount is the number of episodes that began in one month.
type MonthCount struct {
	Year  int        `json:"year"`
	Month time.Month `json:"month"`
	Count int        `json:"count"`
}

// Label names the month, like "Nov 2026".
func (m MonthCount) Label() string {
	return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, time.UTC).Format("Jan 2006")
}

// MissingNow reports whether the latest episode has not ended.
func (h *History) MissingNow() bool { return !h.LastStart.IsZero() && h.LastEnd.IsZero() }

// InLastYear is the number of episodes that began in the last 12 months.
func (h *History) InLastYear() int {
	n := 0
	for _, m := range h.Months {
		n += m.Count
	}
	return n
}
