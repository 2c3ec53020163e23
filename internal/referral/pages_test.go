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

// TestMineIsPaged: a referrer's own referrals are read a page at a time
// by a cursor, every one once, newest first (those sent at the same time
// by id); a page asked for above the maximum gets the maximum; a cursor
// the list did not give is refused plainly.
func TestMineIsPaged(t *testing.T) {
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
			if c := b.ReceivedAt.Compare(a.ReceivedAt); c != 0 {
				return c
			}
			return strings.Compare(b.ID, a.ID)
		})
		var got []string
		q := referral.ListQuery{Limit: 3}
		for pages := 0; ; pages++ {
			if pages > 5 {
				t.Fatal("the pages do not end")
			}
			l, err := e.svc.MinePage(as(e.teacher), q)
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Referrals) > 3 {
				t.Fatalf("a page of %d", len(l.Referrals))
			}
			for _, r := range l.Referrals {
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
		if l, err := e.svc.MinePage(as(e.teacher), referral.ListQuery{Limit: 100000}); err != nil || l.Limit != page.Max || len(l.Referrals) != 7 {
			t.Errorf("a page of 100000 asked for: limit %d, %d referrals, %v", l.Limit, len(l.Referrals), err)
		}
		if _, err := e.svc.MinePage(as(e.teacher), referral.ListQuery{After: "not-a-cursor"}); !errs.Is(err, errs.Invalid) ||
			!strings.Contains(errs.Fields(err)[0].Message, "first page") {
			t.Errorf("a bad cursor: %v", err)
		}
	})
}
