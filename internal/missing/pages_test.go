package missing_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"mace/internal/missing"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/platform/page"
)

// TestListsArePaged: the lists of children missing now and of overdue
// return interviews are read a page at a time by a cursor, every episode
// once and in the list's order, episodes starting at the same time by id;
// a page asked for above the maximum gets the maximum; a cursor the list
// did not give is refused plainly.
func TestListsArePaged(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		var want []string
		var eps []*missing.Episode
		for i := range 7 {
			child := e.NorthChild(e.Officer, fmt.Sprintf("Child%d", i), "Paged", "2012-01-01")
			in := e.Input(london(2026, 11, 20, 8+i/2, 0)) // two at a time start together
			in.PersonID = child.ID
			eps = append(eps, e.Create(e.Officer, in))
		}
		// In start order, those starting together by id.
		sorted := slices.Clone(eps)
		slices.SortStableFunc(sorted, func(a, b *missing.Episode) int {
			if c := a.StartAt.Compare(b.StartAt); c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		})
		for _, ep := range sorted {
			want = append(want, ep.ID)
		}
		walk := func(list func(missing.ListQuery) (missing.List, error)) []string {
			t.Helper()
			var got []string
			q := missing.ListQuery{Limit: 3}
			for pages := 0; ; pages++ {
				if pages > 5 {
					t.Fatal("the pages do not end")
				}
				l, err := list(q)
				if err != nil {
					t.Fatal(err)
				}
				if len(l.Episodes) > 3 || l.Limit != 3 {
					t.Fatalf("a page of %d (limit %d)", len(l.Episodes), l.Limit)
				}
				for _, s := range l.Episodes {
					got = append(got, s.EpisodeID)
				}
				if l.Next == "" {
					return got
				}
				q.After = l.Next
			}
		}
		nowPage := func(q missing.ListQuery) (missing.List, error) { return e.Svc.MissingNowPage(as(e.Coordinator), q) }
		if got := walk(nowPage); !slices.Equal(got, want) {
			t.Errorf("missing now, page by page: %v, want %v", got, want)
		}
		if l, err := nowPage(missing.ListQuery{Limit: 100000}); err != nil || l.Limit != page.Max || len(l.Episodes) != 7 {
			t.Errorf("a page of 100000 asked for: limit %d, %d episodes, %v", l.Limit, len(l.Episodes), err)
		}
		if _, err := nowPage(missing.ListQuery{After: "not-a-cursor"}); !errs.Is(err, errs.Invalid) ||
			!strings.Contains(errs.Fields(err)[0].Message, "first page") {
			t.Errorf("a bad cursor: %v", err)
		}
		// All back at once; four days on, every interview is overdue.
		e.Clock.Set(london(2026, 11, 21, 9, 0))
		for _, ep := range eps {
			in := missing.InputOf(ep)
			in.EndAt = ptr(london(2026, 11, 21, 8, 0))
			if _, err := e.Svc.UpdateEpisode(as(e.Officer), ep.ID, in); err != nil {
				t.Fatal(err)
			}
		}
		e.Clock.Set(london(2026, 11, 25, 9, 0))
		overPage := func(q missing.ListQuery) (missing.List, error) {
			return e.Svc.OverdueInterviewsPage(as(e.Coordinator), q)
		}
		got := walk(overPage)
		slices.Sort(want) // all due at once: in id order
		if !slices.Equal(got, want) {
			t.Errorf("overdue interviews, page by page: %v, want %v", got, want)
		}
		// A cursor of one list is not one of the other.
		l, _ := nowPage(missing.ListQuery{Limit: 1})
		if l.Next != "" {
			t.Fatal("no one is missing now")
		}
		first, _ := overPage(missing.ListQuery{Limit: 1})
		if _, err := nowPage(missing.ListQuery{After: first.Next}); !errs.Is(err, errs.Invalid) {
			t.Errorf("the overdue list's cursor on the missing now list: %v", err)
		}
	})
}
