package access

import (
	"testing"

	"mace/internal/platform/auth"
)

func TestReferralRules(t *testing.T) {
	la := auth.Organisation{ID: "la", Type: auth.LocalAuthority}
	other := auth.Organisation{ID: "la2", Type: auth.LocalAuthority}
	school := auth.Organisation{ID: "school", Type: auth.Education}
	user := func(id string, org auth.Organisation, roles ...auth.Role) *auth.User {
		return &auth.User{ID: id, Active: true, Organisation: org, Roles: roles}
	}
	screener := user("s", la, auth.Screener)
	manager := user("m", la, auth.Manager)
	practitioner := user("p", la, auth.Practitioner)
	teacher := user("t", school, auth.Referrer)
	otherTeacher := user("t2", school, auth.Referrer)
	elsewhere := user("e", other, auth.Screener, auth.Manager)
	admin := user("a", la, auth.Administrator)
	inactive := user("i", la, auth.Screener)
	inactive.Active = false

	for _, c := range []struct {
		name string
		u    *auth.User
		want Level
	}{
		{"screener of the authority", screener, ReferralFull},
		{"practitioner of the authority", practitioner, ReferralFull},
		{"the referrer", teacher, ReferralOutcome},
		{"a colleague of the referrer", otherTeacher, ReferralNone},
		{"another authority's screener", elsewhere, ReferralNone},
		{"an administrator", admin, ReferralNone},
		{"an inactive screener", inactive, ReferralNone},
		{"no one", nil, ReferralNone},
	} {
		if got := ViewReferral(c.u, "la", "t"); got != c.want {
			t.Errorf("%s: sight %d, want %d", c.name, got, c.want)
		}
	}
	for _, c := range []struct {
		name string
		u    *auth.User
		want bool
	}{
		{"screener", screener, true}, {"manager", manager, true}, {"practitioner", practitioner, false},
		{"referrer", teacher, false}, {"another authority", elsewhere, false}, {"inactive", inactive, false},
	} {
		if got := Screen(c.u, "la"); got != c.want {
			t.Errorf("Screen(%s) = %v, want %v", c.name, got, c.want)
		}
	}
	if !SignOffNoFurtherAction(manager, "la", "s") {
		t.Error("a manager cannot sign off a screener's decision")
	}
	if SignOffNoFurtherAction(manager, "la", "m") {
		t.Error("a manager can sign off their own decision")
	}
	if SignOffNoFurtherAction(screener, "la", "m") {
		t.Error("a screener can sign off")
	}
	if SignOffNoFurtherAction(elsewhere, "la", "s") {
		t.Error("another authority's manager can sign off")
	}
	if !MakeReferral(teacher) || MakeReferral(inactive) {
		t.Error("any active user, and only an active one, may make a referral")
	}
}

// A referral linked to a restricted record shows its content only to those
// named on the record; the referrer keeps their own view.
func TestReferralAboutARestrictedRecord(t *testing.T) {
	la := auth.Organisation{ID: "la", Type: auth.LocalAuthority}
	school := auth.Organisation{ID: "school", Type: auth.Education}
	named := &auth.User{ID: "n", Active: true, Organisation: la, Roles: []auth.Role{auth.Screener}}
	unnamed := &auth.User{ID: "u", Active: true, Organisation: la, Roles: []auth.Role{auth.Manager}}
	staffReferrer := &auth.User{ID: "r", Active: true, Organisation: la, Roles: []auth.Role{auth.Practitioner}}
	teacher := &auth.User{ID: "t", Active: true, Organisation: school, Roles: []auth.Role{auth.Referrer}}
	open := &Record{Type: "person", ID: "p", OwnerOrgID: "la"}
	restricted := &Record{Type: "person", ID: "p", OwnerOrgID: "la", Restricted: true, NamedUsers: []string{"n"}}
	for _, c := range []struct {
		name      string
		u         *auth.User
		createdBy string
		r         *Record
		want      Level
	}{
		{"not linked", unnamed, "t", nil, ReferralFull},
		{"linked to an open record", unnamed, "t", open, ReferralFull},
		{"named on the restricted record", named, "t", restricted, ReferralFull},
		{"not named on it", unnamed, "t", restricted, ReferralExistence},
		{"not named, but made it", staffReferrer, "r", restricted, ReferralOutcome},
		{"the referrer from a school", teacher, "t", restricted, ReferralOutcome},
		{"someone else at the school", &auth.User{ID: "t2", Active: true, Organisation: school}, "t", restricted, ReferralNone},
	} {
		if got := ViewReferralAbout(c.u, "la", c.createdBy, c.r); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
