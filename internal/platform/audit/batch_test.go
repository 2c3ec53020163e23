package audit_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
)

// Events recorded many at a time chain on from single ones, and single ones
// chain on from them.
func TestRecordMany(t *testing.T) {
	dbtest.Each(t, audit.Migrations, func(t *testing.T, d *db.DB) {
		l := audit.New(testClock().Now)
		u := &auth.User{ID: "u1", Name: "Sam Screener", Organisation: auth.Organisation{ID: "o1", Name: "Northfield"}}
		ctx := auth.WithUser(context.Background(), u)
		record(t, d, l, ctx, audit.Event{Action: audit.View, RecordType: "person", RecordID: "p0", PersonID: "p0"})
		var evs []audit.Event
		for i := range 2500 {
			id := fmt.Sprintf("p%d", i+1)
			evs = append(evs, audit.Event{Action: audit.Create, RecordType: "person", RecordID: id, PersonID: id, Detail: "loaded in bulk"})
		}
		if err := d.Tx(ctx, func(tx *sql.Tx) error { return l.RecordMany(ctx, tx, evs) }); err != nil {
			t.Fatal(err)
		}
		record(t, d, l, ctx, audit.Event{Action: audit.View, RecordType: "person", RecordID: "p7", PersonID: "p7"})
		r, err := audit.Verify(ctx, d)
		if err != nil || !r.OK || r.Events != 2502 {
			t.Fatalf("chain: %+v %v", r, err)
		}
		got, err := l.ForPerson(ctx, d.Read(), "p7", 10)
		if err != nil || len(got) != 2 || got[1].Action != audit.Create || got[1].Seq != 8 || got[1].ActorName != "Sam Screener" {
			t.Fatalf("ForPerson: %+v %v", got, err)
		}
	})
}
