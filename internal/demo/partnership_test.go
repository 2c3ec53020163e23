package demo

import (
	"slices"
	"strings"
	"testing"
)

func TestPartnership(t *testing.T) {
	orgs, users := Partnership()
	types := []string{OrgLocalAuthority, OrgPolice, OrgHealth, OrgEducation, OrgYouthJustice, OrgVoluntary, OrgCommunitySafety}
	orgByKey := map[string]Org{}
	teamOrg := map[string]string{}
	typesSeen := map[string]int{}
	for _, o := range orgs {
		if o.Key == "" || o.Name == "" {
			t.Errorf("organisation without a key or name: %+v", o)
		}
		if _, dup := orgByKey[o.Key]; dup {
			t.Errorf("organisation key %q used twice", o.Key)
		}
		orgByKey[o.Key] = o
		if !slices.Contains(types, o.Type) {
			t.Errorf("%s has unknown type %q", o.Key, o.Type)
		}
		typesSeen[o.Type]++
		if o.Area != "" && o.Area != "A" && o.Area != "B" {
			t.Errorf("%s has area %q", o.Key, o.Area)
		}
		if len(o.Teams) == 0 {
			t.Errorf("%s has no teams", o.Key)
		}
		for _, tm := range o.Teams {
			if tm.Key == "" || tm.Name == "" {
				t.Errorf("%s has a team without a key or name: %+v", o.Key, tm)
			}
			if _, dup := teamOrg[tm.Key]; dup {
				t.Errorf("team key %q used twice", tm.Key)
			}
			teamOrg[tm.Key] = o.Key
		}
	}
	for _, ty := range types {
		if typesSeen[ty] == 0 {
			t.Errorf("no organisation of type %s", ty)
		}
	}
	if typesSeen[OrgLocalAuthority] != 2 || typesSeen[OrgEducation] != 2 {
		t.Errorf("want 2 local authorities and 2 schools; got %v", typesSeen)
	}

	if o := orgByKey["northfield"]; o.Name != "Northfield County Council" || o.Area != "A" {
		t.Errorf("northfield: %+v", o)
	} else {
		localities := map[string]bool{}
		for _, tm := range o.Teams {
			localities[tm.Locality] = true
		}
		for _, l := range []string{"East", "Central", "North"} {
			if !localities[l] {
				t.Errorf("Northfield has no team in the %s locality", l)
			}
		}
	}
	if o := orgByKey["riverside"]; o.Name != "Riverside Borough Council" || o.Area != "B" {
		t.Errorf("riverside: %+v", o)
	}

	emails := map[string]bool{}
	roles := map[string]bool{}
	has := func(orgKey string, want ...string) bool {
		for _, u := range users {
			if u.OrgKey == orgKey && slices.Equal(u.Roles, want) {
				return true
			}
		}
		return false
	}
	for _, u := range users {
		if emails[u.Email] {
			t.Errorf("email %s used twice", u.Email)
		}
		emails[u.Email] = true
		if !strings.HasSuffix(u.Email, ".example") || strings.Count(u.Email, "@") != 1 {
			t.Errorf("email %q is not an address in the .example domain", u.Email)
		}
		if len(strings.Fields(u.Name)) < 2 {
			t.Errorf("user %s has no full name", u.Email)
		}
		if _, ok := orgByKey[u.OrgKey]; !ok {
			t.Errorf("user %s belongs to unknown organisation %q", u.Email, u.OrgKey)
		}
		for _, tk := range u.TeamKeys {
			if org, ok := teamOrg[tk]; !ok {
				t.Errorf("user %s is in unknown team %q", u.Email, tk)
			} else if org != u.OrgKey {
				t.Errorf("user %s of %s is in %s's team %s", u.Email, u.OrgKey, org, tk)
			}
		}
		if len(u.Roles) == 0 {
			t.Errorf("user %s has no role", u.Email)
		}
		for _, r := range u.Roles {
			if !slices.Contains(Roles, r) {
				t.Errorf("user %s has unknown role %q", u.Email, r)
			}
			roles[r] = true
		}
	}
	for _, r := range Roles {
		if !roles[r] {
			t.Errorf("no user has role %s", r)
		}
	}
	for _, want := range []struct {
		org   string
		roles []string
	}{
		{"northfield", []string{RoleScreener}},
		{"northfield", []string{RolePractitioner}},
		{"northfield", []string{RoleLead}},
		{"northfield", []string{RoleManager}},
		{"northfield", []string{RoleMissingCoordinator}},
		{"northfield", []string{RoleAnalyst}},
		{"northfield", []string{RoleAdministrator, RolePartnershipAdministrator}},
		{"northfield", []string{RoleDPO}},
		{"riverside", []string{RolePractitioner}},
		{"riverside", []string{RoleManager}},
		{"police", []string{RolePolice}},
		{"police", []string{RolePolice, RoleAnalyst}},
		{"health", []string{RoleReferrer}},
	} {
		if !has(want.org, want.roles...) {
			t.Errorf("no user at %s with roles %v", want.org, want.roles)
		}
	}
	schoolReferrer := false
	for _, u := range users {
		if orgByKey[u.OrgKey].Type == OrgEducation && slices.Contains(u.Roles, RoleReferrer) {
			schoolReferrer = true
		}
	}
	if !schoolReferrer {
		t.Error("no referrer at a school")
	}
}

func TestPartnershipReturnsFreshCopies(t *testing.T) {
	orgs, users := Partnership()
	orgs[0].Teams[0].Name = "changed"
	users[0].Roles[0] = "changed"
	orgs2, users2 := Partnership()
	if orgs2[0].Teams[0].Name == "changed" || users2[0].Roles[0] == "changed" {
		t.Error("a change to one result showed in the next")
	}
}
