package task

import (
	"time"

	"mace/internal/platform/db"
	"mace/internal/platform/page"
	"mace/internal/platform/text"
)

// Page sizes of the task lists, those of every list (platform/page): a
// page is DefaultPageSize tasks unless asked for otherwise, and never more
// than MaxPageSize (asked for more, a list gives MaxPageSize).
const (
	DefaultPageSize = page.Default
	MaxPageSize     = page.Max
)

// CountUpTo is how far the counts of tasks in headings and badges go:
// beyond it they say "more than 1,000" rather than read every task.
const CountUpTo = 1000

// Count is how many tasks a group has: N, or with More, more than N.
type Count struct {
	N    int
	More bool
}

// String is the count in words for a heading: "1,204", "more than 1,000".
func (c Count) String() string {
	if c.More {
		return "more than " + text.Thousands(c.N)
	}
	return text.Thousands(c.N)
}

// cursor is where a page of a list starts: after the task with sort key
// Key (its due, done or cancelled time, as stored) and id ID, in the
// order Order ("due", "done" or "cancelled").
type cursor struct {
	Order, Key, ID string
}

// orderName names the order of a list in a state, for its cursors.
func orderName(state string) string {
	switch state {
	case Done, Cancelled:
		return state
	}
	return "due"
}

// cursorAfter is the cursor of the page after t in a list in state.
func cursorAfter(t Task, state string) string {
	at := t.DueAt
	switch state {
	case Done:
		at = t.CompletedAt
	case Cancelled:
		at = t.CancelledAt
	}
	key, _ := db.Time(at).(string)
	return page.Cursor(orderName(state), key, t.ID)
}

// parseCursor reads a cursor given for a list in state; ok is false when
// it is not one a list in that order gave.
func parseCursor(s, state string) (c *cursor, ok bool) {
	parts, err := page.Parse(s, orderName(state), 2)
	if err != nil || len(parts) != 2 || !db.ValidID(parts[1]) {
		return nil, false
	}
	if _, err := time.Parse("2006-01-02T15:04:05.000000Z", parts[0]); err != nil {
		return nil, false
	}
	return &cursor{Order: orderName(state), Key: parts[0], ID: parts[1]}, true
}

// Page is one page of a list of tasks, and where the next one starts.
type Page struct {
	Tasks []Task
	// Next is the cursor of the next page, or "" on the last.
	Next  string
	Limit int
	// Counts are the list's groups' sizes, when the query asked for them.
	Counts Counts
}

// Counts are the sizes of the groups of a list: for open tasks, those
// overdue, due later today and due after today; for the others, All.
type Counts struct {
	Overdue, DueToday, Later, All Count
}
