package missing_test

import (
	"context"
	"testing"

	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
)

// The idempotency keys stored on episodes before request_keys move there,
// so a retry of a request answered before the move still gets its episode.
func TestEpisodeKeysMoveToRequestKeys(t *testing.T) {
	const keysMigration = "20261207_27_missing_request_keys"
	var before []db.Migration
	for _, m := range migrations {
		if m.ID != keysMigration {
			before = append(before, m)
		}
	}
	if len(before) != len(migrations)-1 {
		t.Fatalf("no migration %s", keysMigration)
	}
	dbtest.Each(t, before, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		ep := e.Create(e.Coordinator, e.Input(london(2026, 11, 20, 12, 0)))
		// As the service wrote a key before the move.
		if _, err := d.Write().ExecContext(ctx, "UPDATE missing_episodes SET idempotency_key = $1 WHERE id = $2",
			"old-key", ep.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Migrate(ctx, migrations); err != nil {
			t.Fatal(err)
		}
		if n := e.Count("SELECT COUNT(*) FROM request_keys WHERE scope = $1 AND key = $2 AND record_id = $3",
			"missing-episode:"+e.Coordinator.ID, "old-key", ep.ID); n != 1 {
			t.Fatalf("%d keys moved", n)
		}
		again, err := e.Svc.CreateEpisode(as(e.Coordinator), e.Input(london(2026, 11, 20, 12, 0)), "old-key")
		if err != nil || again.ID != ep.ID {
			t.Fatalf("a retry after the move made %v, %v", again, err)
		}
	})
}
