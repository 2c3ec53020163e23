package missingimport_test

import (
	"fmt"
	"strings"
	"testing"

	"mace/internal/missingimport"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/platform/page"
)

// TestReviewListIsPaged: the rows to review are read a page at a time by
// a cursor, every row once, oldest first and by line; a page asked for
// above the maximum gets the maximum; a cursor the list did not give is
// refused plainly.
func TestReviewListIsPaged(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		im := e.importer()
		file := header
		for i := range 7 {
			file += fmt.Sprintf("WM-%d,Westmarch Police,M,Robin,Nobody%c,02/02/2013,,21/11/2026 10:00,,low,Parent,,,N\n", i+1, 'a'+i)
		}
		p, err := im.Preview(as(e.Officer), "a.csv", e.North.ID, []byte(file), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := im.Commit(as(e.Officer), p.ID, nil); err != nil {
			t.Fatal(err)
		}
		var lines []int
		q := missingimport.ReviewQuery{Limit: 3}
		for pages := 0; ; pages++ {
			if pages > 5 {
				t.Fatal("the pages do not end")
			}
			l, err := im.ReviewsPage(as(e.Coordinator), q)
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Reviews) > 3 {
				t.Fatalf("a page of %d", len(l.Reviews))
			}
			for _, r := range l.Reviews {
				lines = append(lines, r.Line)
			}
			if l.Next == "" {
				break
			}
			q.After = l.Next
		}
		if fmt.Sprint(lines) != "[2 3 4 5 6 7 8]" {
			t.Errorf("the pages gave lines %v, want 2 to 8 once each in order", lines)
		}
		if l, err := im.ReviewsPage(as(e.Coordinator), missingimport.ReviewQuery{Limit: 100000}); err != nil || l.Limit != page.Max || len(l.Reviews) != 7 {
			t.Errorf("a page of 100000 asked for: limit %d, %d rows, %v", l.Limit, len(l.Reviews), err)
		}
		for _, bad := range []string{"not-a-cursor", page.Cursor("reviews-oldest-first", "2026-11-21T10:00:00.000000Z", p.ID, "two")} {
			if _, err := im.ReviewsPage(as(e.Coordinator), missingimport.ReviewQuery{After: bad}); !errs.Is(err, errs.Invalid) ||
				!strings.Contains(errs.Fields(err)[0].Message, "first page") {
				t.Errorf("the cursor %q: %v", bad, err)
			}
		}
	})
}
