package people_test

import (
	"strings"
	"testing"

	"mace/internal/people"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
)

func TestScopeSQL(t *testing.T) {
	var a db.Args
	a.Add("first")
	u := &auth.User{ID: "u1", Active: true}
	got := people.ScopeSQL(u, &a, "e.person_id", func(v *auth.User, a *db.Args, idCol, ownerCol, restrictedCol string) string {
		if v != u {
			t.Error("the rule is given the user")
		}
		return ownerCol + " = " + a.Add("la1") + " AND NOT " + restrictedCol + " AND " + idCol + " <> ''"
	})
	want := "EXISTS (SELECT 1 FROM people p WHERE p.id = e.person_id AND p.merged_into IS NULL AND p.owner_org_id = $2 AND NOT p.restricted AND p.id <> '')"
	if got != want {
		t.Errorf("ScopeSQL = %q, want %q", got, want)
	}
	if len(a) != 2 || a[1] != "la1" || !strings.Contains(got, "$2") {
		t.Errorf("arguments %v", a)
	}
}
