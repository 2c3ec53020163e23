package access_test

import (
	"testing"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
)

func TestContentAboutAPerson(t *testing.T) {
	north := auth.Organisation{ID: "north", Type: auth.LocalAuthority}
	police := auth.Organisation{ID: "police", Type: auth.PoliceForce}
	charity := auth.Organisation{ID: "charity", Type: auth.Voluntary}
	lead := &auth.User{ID: "lead", Active: true, Organisation: north, Roles: []auth.Role{auth.Lead}}
	officer := &auth.User{ID: "officer", Active: true, Organisation: police, Roles: []auth.Role{auth.Police}}
	open := access.Record{Type: "person", ID: "p1", OwnerOrgID: "north", InvolvedOrg: []string{"police"}}
	restricted := open
	restricted.Restricted, restricted.NamedUsers = true, []string{"lead"}
	for _, c := range []struct {
		name string
		u    *auth.User
		r    *access.Record
		want bool
	}{
		{"owner's lead, open record", lead, &open, true},
		{"involved police, open record", officer, &open, true},
		{"involved police, restricted and not named", officer, &restricted, false},
		{"named lead, restricted", lead, &restricted, true},
		{"nobody in particular", officer, nil, true},
		{"inactive user", &auth.User{ID: "x", Organisation: north, Roles: []auth.Role{auth.Lead}}, &open, false},
	} {
		if got := access.SeeAbout(c.u, c.r); got != c.want {
			t.Errorf("SeeAbout, %s = %v, want %v", c.name, got, c.want)
		}
	}
	for _, c := range []struct {
		name string
		o    auth.Organisation
		r    access.Record
		want access.Level
	}{
		{"owner, open", north, open, access.Full},
		{"involved, open", police, open, access.Full},
		{"not involved", charity, open, access.None},
		{"owner, restricted", north, restricted, access.Existence},
		{"involved, restricted", police, restricted, access.Existence},
	} {
		if got := access.OrgView(access.Organisation{ID: c.o.ID, Type: c.o.Type}, c.r); got != c.want {
			t.Errorf("OrgView, %s = %v, want %v", c.name, got, c.want)
		}
	}
	if access.OrgSeesAbout(access.Organisation{ID: "police"}, &restricted) {
		t.Error("a restricted record's content went to an organisation")
	}
}
