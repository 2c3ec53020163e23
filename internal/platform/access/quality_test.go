package access_test

import (
	"strings"
	"testing"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
)

func TestQualityRules(t *testing.T) {
	rhs := auth.Organisation{ID: "vol", Name: "Safe Return  Project", Type: auth.Voluntary}
	// A Northfield child the return interview service is involved with.
	child := access.Record{Type: "person", ID: "c1", OwnerOrgID: "la1", InvolvedOrg: []string{"vol"}}
	admin := user("ad", la, auth.Administrator)
	inactive := user("i", la, auth.Manager)
	inactive.Active = false
	for _, tc := range []struct {
		name                 string
		u                    *auth.User
		own, other, summary  bool // own: offered by "safe return project"; other: by "Northfield RHI team"
		standards, anyAudits bool
	}{
		{"authority manager", user("m", la, auth.Manager), true, true, true, true, true},
		{"service manager", user("vm", rhs, auth.Manager), true, false, true, false, true},
		{"service practitioner", user("vp", rhs, auth.Practitioner), false, false, false, false, false},
		{"another authority's manager", user("m2", la2, auth.Manager), false, false, true, true, true},
		{"analyst", user("a", la, auth.Analyst), false, false, true, false, false},
		{"data protection officer", user("d", la, auth.DPO), false, false, true, false, false},
		{"missing coordinator", user("mc", la, auth.MissingCoordinator), false, false, false, false, false},
		{"police manager", user("pm", pol, auth.Manager), false, false, false, false, false},
		{"administrator", admin, false, false, false, true, false},
		{"inactive manager", inactive, false, false, false, false, false},
		{"nobody", nil, false, false, false, false, false},
	} {
		if got := access.AuditInterview(tc.u, child, "Safe return project"); got != tc.own {
			t.Errorf("%s: AuditInterview(own service) = %v, want %v", tc.name, got, tc.own)
		}
		if got := access.AuditInterview(tc.u, child, "Northfield RHI team"); got != tc.other {
			t.Errorf("%s: AuditInterview(other service) = %v, want %v", tc.name, got, tc.other)
		}
		if got := access.ReadQualitySummary(tc.u); got != tc.summary {
			t.Errorf("%s: ReadQualitySummary = %v, want %v", tc.name, got, tc.summary)
		}
		if got := access.ManageStandards(tc.u); got != tc.standards {
			t.Errorf("%s: ManageStandards = %v, want %v", tc.name, got, tc.standards)
		}
		if got := access.AuditInterviews(tc.u); got != tc.anyAudits {
			t.Errorf("%s: AuditInterviews = %v, want %v", tc.name, got, tc.anyAudits)
		}
		var a db.Args
		scope := access.QualityScope(tc.u, &a, "p.id", "p.owner_org_id", "p.restricted", "a.service_key", true)
		if (scope == "FALSE") == tc.summary {
			t.Errorf("%s: scope %q disagrees with ReadQualitySummary", tc.name, scope)
		}
		if tc.u != nil && tc.u.Organisation.ID == "vol" && tc.summary && !strings.Contains(scope, "a.service_key") {
			t.Errorf("%s: a service's scope %q must keep to its own interviews", tc.name, scope)
		}
	}
	restricted := child
	restricted.Restricted, restricted.NamedUsers = true, []string{"named"}
	if access.AuditInterview(user("m", la, auth.Manager), restricted, "x") {
		t.Error("a restricted record's interview is audited only by its named users")
	}
	if !access.SameService(" Safe  RETURN project", "safe return project") || access.SameService("", "") {
		t.Error("services compare by name, ignoring case and spacing, and no name matches nothing")
	}
}
