package access_test

import (
	"testing"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
)

func TestMissingImportRules(t *testing.T) {
	inactive := user("i", la, auth.MissingCoordinator)
	inactive.Active = false
	both := user("b", pol, auth.Police, auth.MissingCoordinator)
	charity := auth.Organisation{ID: "vol", Name: "Harbour", Type: auth.Voluntary}
	for _, tc := range []struct {
		name                  string
		u                     *auth.User
		imports, reviews, own bool
	}{
		{"missing coordinator", user("mc", la, auth.MissingCoordinator), true, true, false},
		{"police officer", user("po", pol, auth.Police), true, false, true},
		{"police officer and coordinator", both, true, false, true},
		{"a voluntary organisation's coordinator", user("vc", charity, auth.MissingCoordinator), false, false, false},
		{"police role in a local authority", user("lp", la, auth.Police), false, false, false},
		{"practitioner", user("p", la, auth.Practitioner), false, false, false},
		{"manager", user("m", la, auth.Manager), false, false, false},
		{"inactive", inactive, false, false, false},
		{"nobody", nil, false, false, false},
	} {
		if got := access.ImportMissing(tc.u); got != tc.imports {
			t.Errorf("%s: ImportMissing = %v, want %v", tc.name, got, tc.imports)
		}
		if got := access.ReviewMissingImport(tc.u); got != tc.reviews {
			t.Errorf("%s: ReviewMissingImport = %v, want %v", tc.name, got, tc.reviews)
		}
		if got := access.OwnForceOnly(tc.u); got != tc.own {
			t.Errorf("%s: OwnForceOnly = %v, want %v", tc.name, got, tc.own)
		}
	}
	mc := user("mc", la, auth.MissingCoordinator)
	if !access.ImportUploader(mc, "mc") {
		t.Error("the uploader may work their import")
	}
	if access.ImportUploader(mc, "other") || access.ImportUploader(mc, "") || access.ImportUploader(nil, "mc") {
		t.Error("only the uploader may work an import")
	}
	if !access.ReviewRow(mc, "la1") || access.ReviewRow(mc, "la2") || access.ReviewRow(mc, "") ||
		access.ReviewRow(user("vc", charity, auth.MissingCoordinator), "vol") {
		t.Error("a row to review is for its authority's coordinators only")
	}
}

func TestImportRow(t *testing.T) {
	other := auth.Organisation{ID: "la2", Name: "Southby", Type: auth.LocalAuthority}
	far := auth.Organisation{ID: "far", Name: "Eastmoor", Type: auth.PoliceForce}
	known := access.Record{Type: "person", ID: "c1", OwnerOrgID: "la1", InvolvedOrg: []string{"pol"}}
	unknown := access.Record{Type: "person", ID: "c2", OwnerOrgID: "la1"}
	viaLA := access.Record{Type: "person", ID: "c3", OwnerOrgID: "la2", InvolvedOrg: []string{"la1"}}
	hidden := access.Record{Type: "person", ID: "c4", OwnerOrgID: "la1", InvolvedOrg: []string{"pol"}, Restricted: true}
	officer, mc := user("po", pol, auth.Police), user("mc", la, auth.MissingCoordinator)
	for _, tc := range []struct {
		name  string
		u     *auth.User
		r     access.Record
		force string
		want  bool
	}{
		{"officer, force involved", officer, known, "pol", true},
		{"officer, force not involved", officer, unknown, "pol", false},
		{"officer, restricted record", officer, hidden, "pol", false},
		{"far officer", user("fo", far, auth.Police), known, "far", false},
		{"owner's coordinator, force involved", mc, known, "pol", true},
		{"owner's coordinator grants the force", mc, unknown, "pol", true},
		{"involved authority, force involved", mc, access.Record{Type: "person", ID: "c5", OwnerOrgID: "la2", InvolvedOrg: []string{"la1", "pol"}}, "pol", true},
		{"involved authority cannot grant", mc, viaLA, "pol", false},
		{"another authority's coordinator", user("sc", other, auth.MissingCoordinator), unknown, "pol", false},
	} {
		if got := access.ImportRow(tc.u, tc.r, tc.force); got != tc.want {
			t.Errorf("%s: ImportRow = %v, want %v", tc.name, got, tc.want)
		}
	}
	if access.GrantsForce(known, "pol") || !access.GrantsForce(unknown, "pol") || access.GrantsForce(unknown, "") {
		t.Error("GrantsForce")
	}
}
