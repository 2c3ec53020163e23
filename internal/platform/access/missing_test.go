package access_test

import (
	"testing"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
)

func TestMissingRules(t *testing.T) {
	// A Northfield child the police force is involved with.
	child := access.Record{Type: "person", ID: "c1", OwnerOrgID: "la1", InvolvedOrg: []string{"pol"}}
	pol2 := auth.Organisation{ID: "pol2", Name: "Other police", Type: auth.PoliceForce}
	inactive := user("i", la, auth.MissingCoordinator)
	inactive.Active = false
	for _, tc := range []struct {
		name                            string
		u                               *auth.User
		see, record, editOwn, editOther bool // editOwn: an episode of force pol; editOther: of pol2
		interview                       bool
	}{
		{"missing coordinator", user("mc", la, auth.MissingCoordinator), true, true, true, true, true},
		{"police officer of the force involved", user("po", pol, auth.Police), true, true, true, false, false},
		{"police officer of another force", user("po2", pol2, auth.Police), false, false, false, false, false},
		{"practitioner sees", user("p", la, auth.Practitioner), true, false, false, false, false},
		{"screener sees", user("s", la, auth.Screener), true, false, false, false, false},
		{"analyst sees", user("a", la, auth.Analyst), true, false, false, false, false},
		{"referrer", user("r", la, auth.Referrer), false, false, false, false, false},
		{"administrator", user("ad", la, auth.Administrator), false, false, false, false, false},
		{"another authority's coordinator", user("x", la2, auth.MissingCoordinator), false, false, false, false, false},
		{"police role in a local authority", user("lp", la, auth.Police), false, false, false, false, false},
		{"inactive", inactive, false, false, false, false, false},
		{"nobody", nil, false, false, false, false, false},
	} {
		if got := access.SeeMissing(tc.u, child); got != tc.see {
			t.Errorf("%s: SeeMissing = %v, want %v", tc.name, got, tc.see)
		}
		if got := access.RecordMissing(tc.u, child); got != tc.record {
			t.Errorf("%s: RecordMissing = %v, want %v", tc.name, got, tc.record)
		}
		if got := access.EditMissing(tc.u, child, "pol"); got != tc.editOwn {
			t.Errorf("%s: EditMissing(pol) = %v, want %v", tc.name, got, tc.editOwn)
		}
		if got := access.EditMissing(tc.u, child, "pol2"); got != tc.editOther {
			t.Errorf("%s: EditMissing(pol2) = %v, want %v", tc.name, got, tc.editOther)
		}
		if got := access.RecordReturnInterview(tc.u, child); got != tc.interview {
			t.Errorf("%s: RecordReturnInterview = %v, want %v", tc.name, got, tc.interview)
		}
		var a db.Args
		scope := access.MissingScope(tc.u, &a, "p.id", "p.owner_org_id", "p.restricted")
		if (scope == "FALSE") == access.MissingLists(tc.u) {
			t.Errorf("%s: scope %q disagrees with MissingLists", tc.name, scope)
		}
	}
	restricted := child
	restricted.Restricted, restricted.NamedUsers = true, []string{"named"}
	if access.SeeMissing(user("mc", la, auth.MissingCoordinator), restricted) {
		t.Error("a restricted record's episodes are for its named users only")
	}
	if !access.SeeMissing(user("named", la, auth.MissingCoordinator), restricted) {
		t.Error("a named user sees a restricted record's episodes")
	}
}
