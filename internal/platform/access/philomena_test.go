package access_test

import (
	"testing"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
)

func TestPhilomenaRules(t *testing.T) {
	child := access.Record{Type: "person", ID: "c1", OwnerOrgID: "la1"}
	withPolice := access.Record{Type: "person", ID: "c2", OwnerOrgID: "la1", InvolvedOrg: []string{"pol", "la2"}}
	restricted := access.Record{Type: "person", ID: "c3", OwnerOrgID: "la1", Restricted: true, NamedUsers: []string{"sw"}}
	health := auth.Organisation{ID: "nhs", Name: "Health", Type: auth.Health}
	involvedHealth := access.Record{Type: "person", ID: "c4", OwnerOrgID: "la1", InvolvedOrg: []string{"nhs"}}
	inactive := user("mc", la, auth.MissingCoordinator)
	inactive.Active = false
	for _, tc := range []struct {
		name       string
		u          *auth.User
		r          access.Record
		view, edit bool
	}{
		{"owner missing coordinator", user("mc", la, auth.MissingCoordinator), child, true, true},
		{"owner practitioner", user("sw", la, auth.Practitioner), child, true, true},
		{"owner lead", user("l", la, auth.Lead), child, true, true},
		{"owner manager", user("m", la, auth.Manager), child, true, true},
		{"owner screener sees only", user("s", la, auth.Screener), child, true, false},
		{"owner analyst", user("a", la, auth.Analyst), child, false, false},
		{"owner data protection officer", user("d", la, auth.DPO), child, false, false},
		{"owner administrator", user("ad", la, auth.Administrator), child, false, false},
		{"owner referrer", user("r", la, auth.Referrer), child, false, false},
		{"police not involved", user("p", pol, auth.Police), child, false, false},
		{"police involved sees only", user("p", pol, auth.Police), withPolice, true, false},
		{"police analyst involved", user("pa", pol, auth.Analyst), withPolice, false, false},
		{"another authority involved: manager", user("x", la2, auth.Manager), withPolice, false, false},
		{"another authority involved: missing coordinator", user("xm", la2, auth.MissingCoordinator), withPolice, true, true},
		{"another authority not involved: missing coordinator", user("xm", la2, auth.MissingCoordinator), child, false, false},
		{"health practitioner involved", user("h", health, auth.Practitioner), involvedHealth, false, false},
		{"restricted, named practitioner", user("sw", la, auth.Practitioner), restricted, true, true},
		{"restricted, manager not named", user("m", la, auth.Manager), restricted, false, false},
		{"restricted, coordinator not named", user("mc", la, auth.MissingCoordinator), restricted, false, false},
		{"inactive", inactive, child, false, false},
		{"nobody", nil, child, false, false},
	} {
		if got := access.ViewPhilomena(tc.u, tc.r); got != tc.view {
			t.Errorf("%s: ViewPhilomena = %v, want %v", tc.name, got, tc.view)
		}
		if got := access.EditPhilomena(tc.u, tc.r); got != tc.edit {
			t.Errorf("%s: EditPhilomena = %v, want %v", tc.name, got, tc.edit)
		}
	}
}
