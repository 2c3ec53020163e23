package notify_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"
	"time"

	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/platform/notify"
	"mace/internal/platform/page"
	"mace/internal/platform/testclock"
)

// TestNoticesArePaged: a user's notices are read a page at a time by a
// cursor, unread first and newest first within each (notices at the same
// moment by id), every notice once; a page is never more than page.Max,
// and a cursor the list did not give is refused on the field.
func TestNoticesArePaged(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := testclock.New(start)
		me, other := twoUsers(t, d, c)
		s := &notify.Notices{DB: d, Now: c.Now}
		for i := range 9 {
			err := d.Tx(ctx, func(tx *sql.Tx) error {
				return s.AddTx(ctx, tx, notify.Notice{UserID: me, Title: fmt.Sprintf("Notice %d", i)})
			})
			if err != nil {
				t.Fatal(err)
			}
			if i%2 == 1 {
				c.Add(time.Minute) // pairs at the same moment
			}
		}
		if err := d.Tx(ctx, func(tx *sql.Tx) error { return s.AddTx(ctx, tx, notify.Notice{UserID: other, Title: "Not yours"}) }); err != nil {
			t.Fatal(err)
		}
		all, err := s.Page(ctx, me, "", 100000)
		if err != nil || all.Limit != page.Max || all.Next != "" || len(all.Notices) != 9 {
			t.Fatalf("all: %d, a page of %d, %v", len(all.Notices), all.Limit, err)
		}
		for _, n := range all.Notices[2:6] {
			if err := s.MarkRead(ctx, me, n.ID); err != nil {
				t.Fatal(err)
			}
		}
		all, _ = s.Page(ctx, me, "", 0)
		if all.Limit != page.Default || len(all.Notices) != 9 {
			t.Fatalf("a page unless asked: %d, %d notices", all.Limit, len(all.Notices))
		}
		for i := 1; i < len(all.Notices); i++ {
			a, b := all.Notices[i-1], all.Notices[i]
			if !a.Unread() && b.Unread() {
				t.Fatalf("a read notice before an unread one at %d", i)
			}
			if a.Unread() == b.Unread() && (a.CreatedAt.Before(b.CreatedAt) || (a.CreatedAt.Equal(b.CreatedAt) && a.ID < b.ID)) {
				t.Fatalf("not newest first at %d", i)
			}
		}
		var whole []string
		for _, n := range all.Notices {
			whole = append(whole, n.ID)
		}
		for _, size := range []int{1, 2, 4, 5} {
			var got []string
			after := ""
			for pages := 0; ; pages++ {
				if pages > 20 {
					t.Fatal("the pages do not end")
				}
				p, err := s.Page(ctx, me, after, size)
				if err != nil || len(p.Notices) > size || p.First != (pages == 0) {
					t.Fatalf("size %d, page %d: %d notices, %v", size, pages, len(p.Notices), err)
				}
				for _, n := range p.Notices {
					got = append(got, n.ID)
				}
				if after = p.Next; after == "" {
					break
				}
			}
			if !slices.Equal(got, whole) {
				t.Fatalf("size %d: the pages gave %q, the list %q", size, got, whole)
			}
		}
		for _, bad := range []string{"not-a-cursor", page.Cursor("notices", "maybe", "2026-01-01T00:00:00.000000Z", whole[0]), page.Cursor("people", "a", "b", "c")} {
			_, err := s.Page(ctx, me, bad, 0)
			if f := errs.Fields(err); !errs.Is(err, errs.Invalid) || len(f) != 1 || f[0].Field != "cursor" {
				t.Errorf("cursor %q: %v", bad, err)
			}
		}
	})
}
