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
	for _, tc := range []struct {
		name                  string
		u                     *auth.User
		imports, reviews, own bool
	}{
		{"missing coordinator", user("mc", la, auth.MissingCoordinator), true, true, false},
		{"police officer", user("po", pol, auth.Police), true, false, true},
		{"police officer and coordinator", both, true, true, false},
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
}
