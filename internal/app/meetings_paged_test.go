package app

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"mace/internal/meeting"
)

// arrangeMeetings arranges n MACE panels for the lead's authority from the
// test day on, two a day.
func arrangeMeetings(t *testing.T, e *testEnv, n int) {
	t.Helper()
	lead := e.user("lead@northfield.example")
	for i := range n {
		in := meeting.Input{Kind: meeting.Panel, Date: e.today().AddDays(1 + i/2).String(), Time: fmt.Sprintf("%02d:00", 9+i%2), ChairID: lead.ID}
		if _, err := e.svc.Meetings.Create(e.asUser("lead@northfield.example"), in, ""); err != nil {
			t.Fatal(err)
		}
	}
}

// TestMeetingAPIIsPaged: meetings are read a page at a time over the API
// by a cursor, every meeting once in date order (the walk's order is the
// meeting package's TestListIsPaged).
func TestMeetingAPIIsPaged(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		arrangeMeetings(t, e, 5)
		rows := walkAPI(t, e, e.token("lead@northfield.example"), "/api/v1/meetings", "meetings", "id", 2)
		if len(rows) < 5 {
			t.Fatalf("the pages gave %d meetings", len(rows))
		}
		for i := 1; i < len(rows); i++ {
			if rows[i-1]["start_at"].(string) > rows[i]["start_at"].(string) {
				t.Fatalf("meeting %d is out of date order", i)
			}
		}
	})
}

// TestMeetingPageLinksTheNextPage: the meetings page links the next page
// of those coming up, which links back to the first; a made-up cursor is
// refused plainly.
func TestMeetingPageLinksTheNextPage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		arrangeMeetings(t, e, 52)
		c := e.signIn("lead@northfield.example")
		code, body := c.get("/meetings?kind=mace")
		if code != http.StatusOK || !strings.Contains(body, "The last eight weeks") {
			t.Fatalf("meetings: %d", code)
		}
		i := strings.Index(body, `href="/meetings?after=`)
		if i < 0 || strings.Contains(body, "First page") {
			t.Fatalf("no link to the next page, or a link to the first on the first")
		}
		next := body[i+len(`href="`):]
		next = strings.ReplaceAll(next[:strings.Index(next, `"`)], "&amp;", "&")
		if !strings.Contains(next, "kind=mace") {
			t.Errorf("the next page %s forgets the kind", next)
		}
		code, body = c.get(next)
		if code != http.StatusOK || !strings.Contains(body, `href="/meetings?kind=mace" rel="first"`) || strings.Contains(body, "The last eight weeks") {
			t.Fatalf("the next page %s: %d", next, code)
		}
		if code, body = c.get("/meetings?after=not-a-cursor"); code != http.StatusUnprocessableEntity || !strings.Contains(body, "first page") {
			t.Fatalf("a bad cursor: %d", code)
		}
	})
}
