package access_test

import (
	"testing"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
)

func TestConsultationRules(t *testing.T) {
	inactive := user("i", la, auth.Screener)
	inactive.Active = false
	for _, tc := range []struct {
		name             string
		u                *auth.User
		log, read, write bool // log one; read and change one Northfield took
	}{
		{"screener", user("s", la, auth.Screener), true, true, true},
		{"lead", user("l", la, auth.Lead), true, true, true},
		{"manager", user("m", la, auth.Manager), true, true, true},
		{"practitioner", user("p", la, auth.Practitioner), true, true, true},
		{"data protection officer reads", user("d", la, auth.DPO), false, true, false},
		{"analyst reads", user("a", la, auth.Analyst), false, true, false},
		{"referrer", user("r", la, auth.Referrer), false, false, false},
		{"missing coordinator", user("mc", la, auth.MissingCoordinator), false, false, false},
		{"administrator", user("ad", la, auth.Administrator), false, false, false},
		{"another authority's manager", user("x", la2, auth.Manager), true, false, false},
		{"police officer", user("po", pol, auth.Police), false, false, false},
		{"police analyst", user("pa", pol, auth.Analyst), false, false, false},
		{"screener role outside a local authority", user("ps", pol, auth.Screener), false, false, false},
		{"inactive", inactive, false, false, false},
		{"nobody", nil, false, false, false},
	} {
		if got := access.LogConsultation(tc.u); got != tc.log {
			t.Errorf("%s: LogConsultation = %v, want %v", tc.name, got, tc.log)
		}
		if got := access.ViewConsultation(tc.u, la.ID); got != tc.read {
			t.Errorf("%s: ViewConsultation = %v, want %v", tc.name, got, tc.read)
		}
		if got := access.EditConsultation(tc.u, la.ID); got != tc.write {
			t.Errorf("%s: EditConsultation = %v, want %v", tc.name, got, tc.write)
		}
		var a db.Args
		scope := access.ConsultationScope(tc.u, &a, "c.owner_org_id")
		if readsOwn := access.ReadConsultations(tc.u); (scope == "FALSE") == readsOwn {
			t.Errorf("%s: scope %q disagrees with ReadConsultations = %v", tc.name, scope, readsOwn)
		}
		if scope != "FALSE" && (len(a) != 1 || a[0] != tc.u.Organisation.ID) {
			t.Errorf("%s: scope %q %v should keep only the user's own authority", tc.name, scope, a)
		}
	}
}

// A consultation linked to a restricted record is content about the young
// person: unnamed readers learn that it exists and may not change it.
func TestConsultationAboutARestrictedRecord(t *testing.T) {
	laOrg := auth.Organisation{ID: "la", Type: auth.LocalAuthority}
	named := &auth.User{ID: "n", Active: true, Organisation: laOrg, Roles: []auth.Role{auth.Practitioner}}
	unnamed := &auth.User{ID: "u", Active: true, Organisation: laOrg, Roles: []auth.Role{auth.Practitioner}}
	analyst := &auth.User{ID: "a", Active: true, Organisation: laOrg, Roles: []auth.Role{auth.Analyst}}
	restricted := &access.Record{Type: "person", ID: "p", OwnerOrgID: "la", Restricted: true, NamedUsers: []string{"n"}}
	if got := access.ViewConsultationAbout(named, "la", restricted); got != access.Full || !access.EditConsultationAbout(named, "la", restricted) {
		t.Errorf("a named practitioner: %v", got)
	}
	for _, u := range []*auth.User{unnamed, analyst} {
		if got := access.ViewConsultationAbout(u, "la", restricted); got != access.Existence || access.EditConsultationAbout(u, "la", restricted) {
			t.Errorf("%s, not named: %v", u.ID, got)
		}
		if got := access.ViewConsultationAbout(u, "la", nil); got != access.Full {
			t.Errorf("%s, not linked: %v", u.ID, got)
		}
	}
	if got := access.ViewConsultationAbout(unnamed, "la2", nil); got != access.None {
		t.Errorf("another authority's: %v", got)
	}
}
