package notify_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"testing"
	"time"

	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/platform/notify"
	"mace/internal/platform/testclock"
)

// twoUsers makes two synthetic users in one organisation.
func twoUsers(t *testing.T, d *db.DB, c *testclock.Clock) (string, string) {
	t.Helper()
	ctx := context.Background()
	au := auth.NewService(d, audit.New(c.Now), c.Now)
	org, err := au.CreateOrganisation(ctx, "Northfield City Council", auth.LocalAuthority)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, name := range []string{"priya.marsh", "colm.ardent"} {
		u, err := au.CreateUser(ctx, auth.UserInput{Email: name + "@northfield.example", Name: name, OrganisationID: org.ID,
			Password: "synthetic-passphrase-for-tests-7", Roles: []auth.Role{auth.Practitioner}, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	return ids[0], ids[1]
}

func TestNotices(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := testclock.New(start)
		me, other := twoUsers(t, d, c)
		s := &notify.Notices{DB: d, Now: c.Now}
		add := func(n notify.Notice) error {
			return d.Tx(ctx, func(tx *sql.Tx) error { return s.AddTx(ctx, tx, n) })
		}
		for _, title := range []string{"First", "Second", "Third"} {
			if err := add(notify.Notice{UserID: me, Title: title, Body: "Body of " + title, Link: "/people"}); err != nil {
				t.Fatal(err)
			}
			c.Add(time.Minute)
		}
		if err := add(notify.Notice{UserID: other, Title: "Not yours"}); err != nil {
			t.Fatal(err)
		}
		// A notice in a transaction that rolls back is not kept.
		boom := errors.New("boom")
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			if err := s.AddTx(ctx, tx, notify.Notice{UserID: me, Title: "Rolled back"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		titles := func() []string {
			ns, err := s.ForUser(ctx, me, 10)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, n := range ns {
				if n.UserID != me {
					t.Fatalf("another user's notice listed")
				}
				mark := ""
				if !n.Unread() {
					mark = " (read)"
				}
				out = append(out, n.Title+mark)
			}
			return out
		}
		if got := titles(); !slices.Equal(got, []string{"Third", "Second", "First"}) {
			t.Fatalf("notices %v", got)
		}
		ns, _ := s.ForUser(ctx, me, 10)
		if n := ns[2]; n.Body != "Body of First" || n.Link != "/people" || !n.CreatedAt.Equal(start) || !db.ValidID(n.ID) {
			t.Errorf("first notice %+v", n)
		}
		if got, _ := s.ForUser(ctx, me, 2); len(got) != 2 {
			t.Errorf("limit 2 gave %d", len(got))
		}
		if n, err := s.UnreadCount(ctx, me); err != nil || n != 3 {
			t.Fatalf("unread %d %v", n, err)
		}
		// Read the newest: it goes below the unread ones.
		if err := s.MarkRead(ctx, me, ns[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkRead(ctx, me, ns[0].ID); err != nil {
			t.Fatalf("marking read twice: %v", err)
		}
		if got := titles(); !slices.Equal(got, []string{"Second", "First", "Third (read)"}) {
			t.Fatalf("after reading: %v", got)
		}
		if n, _ := s.UnreadCount(ctx, me); n != 2 {
			t.Fatalf("unread %d", n)
		}
		// Only one's own notices.
		theirs, _ := s.ForUser(ctx, other, 10)
		if err := s.MarkRead(ctx, me, theirs[0].ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("marking another's notice: %v", err)
		}
		if err := s.MarkRead(ctx, me, "nonsense"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("marking a bad id: %v", err)
		}
		if n, _ := s.UnreadCount(ctx, other); n != 1 {
			t.Fatalf("the other user's notice was marked read")
		}
		for name, n := range map[string]notify.Notice{
			"no user":      {Title: "x"},
			"no title":     {UserID: me, Title: " "},
			"other site":   {UserID: me, Title: "x", Link: "https://elsewhere.example/"},
			"scheme-less":  {UserID: me, Title: "x", Link: "//elsewhere.example/"},
			"script":       {UserID: me, Title: "x", Link: "javascript:alert(1)"},
			"backslash":    {UserID: me, Title: "x", Link: "/\\elsewhere.example"},
			"long title":   {UserID: me, Title: string(make([]byte, notify.MaxNoticeTitle+1))},
			"unknown user": {UserID: db.NewID(), Title: "x"},
		} {
			if err := add(n); err == nil {
				t.Errorf("%s: accepted", name)
			}
		}
	})
}
