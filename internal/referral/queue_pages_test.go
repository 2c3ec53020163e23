package referral_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/platform/page"
	"mace/internal/referral"
)

// TestQueueIsPaged: the referrals awaiting screening are read a page at a
// time by a cursor, soonest due first, every one once; the sign-off and
// decided parts come with the first page only; a page is never more than
// page.Max, and a made-up cursor is refused on the field.
func TestQueueIsPaged(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		var want []*referral.Referral
		for i := range 7 {
			in := input(e.north.ID)
			in.Child.GivenNames = "Kit" + string(rune('a'+i))
			want = append(want, e.submit(e.teacher, in))
			if i%2 == 1 {
				e.Clock.Add(time.Minute)
			}
		}
		slices.SortFunc(want, func(a, b *referral.Referral) int {
			if c := a.DecisionDueAt.Compare(b.DecisionDueAt); c != 0 {
				return c
			}
			if c := a.ReceivedAt.Compare(b.ReceivedAt); c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		})
		var got []string
		q := referral.ListQuery{Limit: 3}
		for pages := 0; ; pages++ {
			if pages > 5 {
				t.Fatal("the pages do not end")
			}
			l, err := e.svc.QueuePage(as(e.screener), q)
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Awaiting) > 3 || l.First != (pages == 0) {
				t.Fatalf("page %d: %d awaiting, first %v", pages, len(l.Awaiting), l.First)
			}
			for _, r := range l.Awaiting {
				got = append(got, r.ID)
			}
			if l.Next == "" {
				break
			}
			q.After = l.Next
		}
		var ids []string
		for _, r := range want {
			ids = append(ids, r.ID)
		}
		if !slices.Equal(got, ids) {
			t.Errorf("the pages gave %v, want %v", got, ids)
		}
		if l, err := e.svc.QueuePage(as(e.screener), referral.ListQuery{Limit: 100000}); err != nil || l.Limit != page.Max || len(l.Awaiting) != 7 {
			t.Errorf("a page of 100000 asked for: limit %d, %d referrals, %v", l.Limit, len(l.Awaiting), err)
		}
		if l, err := e.svc.Queue(as(e.screener)); err != nil || l.Limit != page.Default || !l.First {
			t.Errorf("the queue's first page: limit %d, %v", l.Limit, err)
		}
		if _, err := e.svc.QueuePage(as(e.screener), referral.ListQuery{After: "not-a-cursor"}); !errs.Is(err, errs.Invalid) ||
			errs.Fields(err)[0].Field != "cursor" {
			t.Errorf("a bad cursor: %v", err)
		}
	})
}
