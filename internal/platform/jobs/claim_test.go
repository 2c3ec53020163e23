package jobs

import (
	"context"
	"database/sql"
	"sync"
	"testing"
	"time"

	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/testclock"
)

// Of two servers claiming one job at once, exactly one gets it, and again
// once its lease has run out.
func TestClaimOnce(t *testing.T) {
	dbtest.Each(t, Migrations, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := testclock.New(time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC))
		rs := []*Runner{{DB: d, Now: c.Now, Name: "a"}, {DB: d, Now: c.Now, Name: "b"}}
		race := func(id string) (holders []string) {
			var (
				wg sync.WaitGroup
				mu sync.Mutex
			)
			for _, r := range rs {
				wg.Go(func() {
					run, err := r.claim(ctx, id)
					if err != nil {
						t.Error(err)
					}
					if run != nil {
						mu.Lock()
						holders = append(holders, r.Name)
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			return holders
		}
		for i := range 10 {
			var j Job
			err := d.Tx(ctx, func(tx *sql.Tx) (err error) {
				j, err = Enqueue(ctx, tx, "check", "rec"+string(rune('a'+i)), c.Now())
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if hs := race(j.ID); len(hs) != 1 {
				t.Fatalf("job %d claimed by %v", i, hs)
			}
			if hs := race(j.ID); len(hs) != 0 {
				t.Fatalf("job %d claimed again while leased, by %v", i, hs)
			}
			c.Add(DefaultLease + time.Second)
			if hs := race(j.ID); len(hs) != 1 {
				t.Fatalf("job %d claimed after its lease ran out by %v", i, hs)
			}
			got, err := Get(ctx, d.Read(), j.ID)
			if err != nil || got.State != Running || got.Attempts != 2 {
				t.Fatalf("after two claims the job is %+v, %v", got, err)
			}
		}
	})
}
