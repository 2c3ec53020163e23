package meeting_test

import (
	"fmt"
	"slices"
	"testing"

	"mace/internal/meeting"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/platform/page"
)

// TestListIsPaged: meetings are listed a page at a time by a cursor, in
// date order (or latest first), meetings at the same time by id, every
// meeting once; a page is never more than page.Max, and a cursor the list
// did not give (or gave for the other order) is refused on the field.
func TestListIsPaged(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		for i := range 7 {
			in := e.strategy()
			// Pairs at the same time, so the id orders them.
			in.Date = fmt.Sprintf("2026-11-%02d", 25+i/2)
			e.create(e.lead, in)
		}
		for _, desc := range []bool{false, true} {
			all, err := e.svc.List(as(e.lead), meeting.ListQuery{Limit: 100000, Desc: desc})
			if err != nil || all.Limit != page.Max || all.Next != "" || len(all.Meetings) != 7 || !all.First {
				t.Fatalf("desc %v: the whole list %d, a page of %d, %v", desc, len(all.Meetings), all.Limit, err)
			}
			for i := 1; i < len(all.Meetings); i++ {
				a, b := all.Meetings[i-1], all.Meetings[i]
				if desc {
					a, b = b, a
				}
				if a.StartAt.After(b.StartAt) || (a.StartAt.Equal(b.StartAt) && a.ID > b.ID) {
					t.Fatalf("desc %v: out of order at %d", desc, i)
				}
			}
			var got, whole []string
			for _, m := range all.Meetings {
				whole = append(whole, m.ID)
			}
			q := meeting.ListQuery{Limit: 2, Desc: desc}
			for pages := 0; ; pages++ {
				if pages > 10 {
					t.Fatal("the pages do not end")
				}
				p, err := e.svc.List(as(e.lead), q)
				if err != nil || len(p.Meetings) > 2 || p.First != (pages == 0) {
					t.Fatalf("desc %v, page %d: %d meetings, %v", desc, pages, len(p.Meetings), err)
				}
				for _, m := range p.Meetings {
					got = append(got, m.ID)
				}
				if p.Next == "" {
					break
				}
				q.After = p.Next
				if pages == 0 {
					// The cursor of one order is no cursor of the other.
					_, err := e.svc.List(as(e.lead), meeting.ListQuery{After: p.Next, Desc: !desc})
					wantField(t, err, "cursor", errs.Fields(page.Bad())[0].Message)
				}
			}
			if !slices.Equal(got, whole) {
				t.Fatalf("desc %v: the pages gave %q, the list %q", desc, got, whole)
			}
		}
		if p, err := e.svc.List(as(e.lead), meeting.ListQuery{}); err != nil || p.Limit != page.Default {
			t.Errorf("a page unless asked: %d %v", p.Limit, err)
		}
		_, err := e.svc.List(as(e.lead), meeting.ListQuery{After: "not-a-cursor"})
		wantField(t, err, "cursor", errs.Fields(page.Bad())[0].Message)
	})
}
