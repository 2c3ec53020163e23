package people_test

import (
	"context"
	"strings"
	"testing"

	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
)

// A create key stored before the person keys moved to request_keys still
// answers a retry after the upgrade.
func TestCreateKeysMoveToRequestKeys(t *testing.T) {
	const moved = "20261207_25_people_request_keys"
	var before []db.Migration
	for _, m := range migrations {
		if strings.Compare(m.ID, moved) < 0 {
			before = append(before, m)
		}
	}
	dbtest.Each(t, before, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Write().ExecContext(ctx, `INSERT INTO idempotency_keys (scope, key, record_id, created_at)
			VALUES ('person-create:u1', 'form-1', 'p1', '2026-11-24T09:00:00.000000Z')`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Migrate(ctx, migrations); err != nil {
			t.Fatal(err)
		}
		var id string
		if err := d.Read().QueryRowContext(ctx, "SELECT record_id FROM request_keys WHERE scope = $1 AND key = $2",
			"person-create:u1", "form-1").Scan(&id); err != nil || id != "p1" {
			t.Fatalf("moved key answers %q, %v", id, err)
		}
		var n int
		if err := d.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM idempotency_keys").Scan(&n); err == nil {
			t.Fatal("the old key table is still there")
		}
	})
}
