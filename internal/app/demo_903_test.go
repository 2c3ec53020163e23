package app

import (
	"context"
	"testing"

	"mace/internal/demo"
	"mace/internal/ssda903"
)

// The SSDA903 Missing return of the demo data has rows and passes every
// check of the Missing table's rules.
func TestDemo903ReturnIsClean(t *testing.T) {
	e := sqliteEnv(t)
	ctx := context.Background()
	now := e.clock.Now()
	if err := demo.SeedMissing(ctx, e.svc.Auth, e.svc.People, e.svc.Missing, now); err != nil {
		t.Fatal(err)
	}
	la := e.user("screener@northfield.example").Organisation.ID
	// The collection year in progress: the demo episodes are recent.
	year := ssda903.LatestCollectionYear(now) + 1
	ret, err := e.svc.Returns.Export903ForAuthority(ctx, la, year)
	if err != nil {
		t.Fatal(err)
	}
	if ret.RowCount == 0 {
		t.Fatalf("the demo's %s return has no rows: no looked-after child went missing", ret.Label)
	}
	if len(ret.Problems) != 0 {
		t.Fatalf("the demo's return breaks the rules: %+v", ret.Problems)
	}
	if problems := ssda903.Validate903(ret.Rows); len(problems) != 0 {
		t.Fatalf("revalidated, the rows break the rules: %+v", problems)
	}
}
