package audit_test

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"testing"
	"time"

	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/testclock"
)

// testClock is a clock stopped at 11:30 on Wednesday 2 December 2026 (UTC).
func testClock() *testclock.Clock {
	return testclock.New(time.Date(2026, 12, 2, 11, 30, 0, 0, time.UTC))
}

func record(t *testing.T, d *db.DB, l *audit.Log, ctx context.Context, e audit.Event) {
	t.Helper()
	if err := d.Tx(ctx, func(tx *sql.Tx) error { return l.Record(ctx, tx, e) }); err != nil {
		t.Fatal(err)
	}
}

func TestChain(t *testing.T) {
	dbtest.Each(t, audit.Migrations, func(t *testing.T, d *db.DB) {
		l := audit.New(testClock().Now)
		u := &auth.User{ID: "u1", Name: "Sam Screener", Organisation: auth.Organisation{ID: "o1", Name: "Northfield"}}
		ctx := audit.WithAddress(auth.WithUser(context.Background(), u), "192.0.2.7")
		for i := range 5 {
			record(t, d, l, ctx, audit.Event{Action: audit.View, RecordType: "person", RecordID: "p1", PersonID: "p1", Detail: strings.Repeat("x", i)})
		}
		r, err := audit.Verify(ctx, d)
		if err != nil || !r.OK || r.Events != 5 {
			t.Fatalf("fresh chain: %+v %v", r, err)
		}
		evs, err := l.ForPerson(ctx, d.Read(), "p1", 10)
		if err != nil || len(evs) != 5 || evs[0].Seq != 5 || evs[0].ActorName != "Sam Screener" || evs[0].Address != "192.0.2.7" {
			t.Fatalf("ForPerson: %+v %v", evs, err)
		}
		// A rolled-back change leaves no event and no gap.
		_ = d.Tx(ctx, func(tx *sql.Tx) error {
			_ = l.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: "person", RecordID: "p1"})
			return context.Canceled
		})
		record(t, d, l, ctx, audit.Event{Action: audit.Update, RecordType: "person", RecordID: "p1", PersonID: "p1"})
		if r, _ := audit.Verify(ctx, d); !r.OK || r.Events != 6 {
			t.Fatalf("after rollback: %+v", r)
		}

		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := d.Write().ExecContext(ctx, q, args...); err != nil {
				t.Fatal(err)
			}
		}
		// An edited event is named.
		exec("UPDATE audit_events SET actor_name = 'Someone Else' WHERE seq = 3")
		r, _ = audit.Verify(ctx, d)
		if r.OK || r.BrokenAt != 3 || !strings.Contains(r.String(), "event 3") {
			t.Fatalf("edit: %+v", r)
		}
		exec("UPDATE audit_events SET actor_name = 'Sam Screener' WHERE seq = 3")
		// A deleted event is named.
		exec("DELETE FROM audit_events WHERE seq = 4")
		if r, _ = audit.Verify(ctx, d); r.OK || r.BrokenAt != 4 {
			t.Fatalf("delete: %+v", r)
		}
	})
}

func TestDeletedTail(t *testing.T) {
	dbtest.Each(t, audit.Migrations, func(t *testing.T, d *db.DB) {
		l := audit.New(testClock().Now)
		ctx := context.Background()
		for range 3 {
			record(t, d, l, ctx, audit.Event{Action: audit.Create, RecordType: "user", RecordID: "u"})
		}
		if _, err := d.Write().ExecContext(ctx, "DELETE FROM audit_events WHERE seq = 3"); err != nil {
			t.Fatal(err)
		}
		if r, _ := audit.Verify(ctx, d); r.OK || r.BrokenAt != 3 {
			t.Fatalf("tail: %+v", r)
		}
	})
}

func TestConcurrentWriters(t *testing.T) {
	dbtest.Each(t, audit.Migrations, func(t *testing.T, d *db.DB) {
		l := audit.New(testClock().Now)
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make(chan error, 200)
		for w := range 8 {
			wg.Go(func() {
				for range 10 {
					errs <- d.Tx(ctx, func(tx *sql.Tx) error {
						return l.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: "person", RecordID: string(rune('a' + w))})
					})
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		r, err := audit.Verify(ctx, d)
		if err != nil || !r.OK || r.Events != 80 {
			t.Fatalf("%+v %v", r, err)
		}
	})
}

// An event that showed many people (a list, a search) is on each one's
// trail, and the chain covers who it showed: removing one of them is found.
func TestShownPeople(t *testing.T) {
	dbtest.Each(t, audit.Migrations, func(t *testing.T, d *db.DB) {
		l := audit.New(testClock().Now)
		ctx := auth.WithUser(context.Background(), &auth.User{ID: "u1", Name: "Sam Screener"})
		record(t, d, l, ctx, audit.Event{Action: audit.Search, RecordType: "person", Detail: "name search, 3 found",
			Shown: []string{"p3", "p1", "p2", "p1", ""}})
		if err := d.Tx(ctx, func(tx *sql.Tx) error {
			return l.RecordMany(ctx, tx, []audit.Event{
				{Action: audit.View, RecordType: "person-list", Shown: []string{"p2"}},
				{Action: audit.View, RecordType: "person", RecordID: "p4", PersonID: "p4"},
			})
		}); err != nil {
			t.Fatal(err)
		}
		for id, want := range map[string]int{"p1": 1, "p2": 2, "p3": 1, "p4": 1, "p5": 0} {
			evs, err := l.ForPerson(ctx, d.Read(), id, 10)
			if err != nil || len(evs) != want {
				t.Errorf("ForPerson(%s) = %d events, want %d (%v)", id, len(evs), want, err)
			}
		}
		if r, err := audit.Verify(ctx, d); err != nil || !r.OK || r.Events != 3 {
			t.Fatalf("fresh chain: %+v %v", r, err)
		}
		if _, err := d.Write().ExecContext(ctx, "DELETE FROM audit_shown WHERE seq = 1 AND person_id = 'p2'"); err != nil {
			t.Fatal(err)
		}
		if r, _ := audit.Verify(ctx, d); r.OK || r.BrokenAt != 1 {
			t.Fatalf("one shown person removed: %+v", r)
		}
	})
}
