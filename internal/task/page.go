package task

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"mace/internal/platform/db"
)

// Page sizes of the task lists: a page is DefaultPageSize tasks unless
// asked for otherwise, and never more than MaxPageSize (asked for more,
// a list gives MaxPageSize).
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
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
		return "more than " + thousands(c.N)
	}
	return thousands(c.N)
}

// thousands writes n with commas between the thousands.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
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
	return base64.RawURLEncoding.EncodeToString([]byte(orderName(state) + "|" + key + "|" + t.ID))
}

// parseCursor reads a cursor given for a list in state; ok is false when
// it is not one a list in that order gave.
func parseCursor(s, state string) (c *cursor, ok bool) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return nil, false
	}
	parts := strings.Split(string(b), "|")
	if len(parts) != 3 || parts[0] != orderName(state) || !db.ValidID(parts[2]) {
		return nil, false
	}
	if _, err := time.Parse("2006-01-02T15:04:05.000000Z", parts[1]); err != nil {
		return nil, false
	}
	return &cursor{Order: parts[0], Key: parts[1], ID: parts[2]}, true
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
