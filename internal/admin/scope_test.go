package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// as returns the fixture acting as u.
func (f *fixture) as(u *auth.User) *fixture {
	g := *f
	g.ctx = web.WithCSRFToken(auth.WithUser(context.Background(), u), "tok")
	return &g
}

// orgAdmin adds an administrator of the fixture's organisation and returns
// the fixture acting as them, with a second organisation and its user.
func orgAdmin(t *testing.T, f *fixture) (*fixture, *auth.User, auth.Organisation, *auth.User) {
	t.Helper()
	admin, err := f.svc.CreateUser(f.ctx, auth.UserInput{Email: "olu.admin@example.org", Name: "Olu Admin",
		OrganisationID: f.org.ID, Password: password, Roles: []auth.Role{auth.Administrator}, TeamIDs: []string{f.team.ID}, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	police, err := f.svc.CreateOrganisation(f.ctx, "Exampleton Police", auth.PoliceForce)
	if err != nil {
		t.Fatal(err)
	}
	sam, err := f.svc.CreateUser(f.ctx, auth.UserInput{Email: "sam.sample@example.org", Name: "Sam Sample",
		OrganisationID: police.ID, Password: password, Roles: []auth.Role{auth.Police}, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	return f.as(admin), admin, police, sam
}

// TestAdministratorManagesOwnOrganisation: an organisation's administrator
// manages its users, teams and tokens, and nothing of another organisation
// (finding: an administrator could change any user of any organisation,
// and so act as anyone).
func TestAdministratorManagesOwnOrganisation(t *testing.T) {
	f := newFixture(t)
	a, _, police, sam := orgAdmin(t, f)
	samPage := "/admin/users/" + sam.ID
	for _, p := range []string{samPage, samPage + "/edit", "/admin/organisations/" + police.ID,
		"/admin/organisations/" + police.ID + "/teams/new", "/admin/organisations/new", "/admin/organisations/" + f.org.ID + "/edit",
		"/admin/calendar"} {
		if rec := a.get(p); rec.Code != http.StatusForbidden {
			t.Errorf("GET %s: %d, want 403", p, rec.Code)
		}
	}
	samForm := url.Values{"name": {"Sam Sample"}, "email": {"sam.sample@example.org"}, "organisation_id": {police.ID},
		"roles": {"police", "manager"}, "active": {"yes"}}
	for p, form := range map[string]url.Values{
		samPage: samForm,
		"/admin/users": {"name": {"Jo Example"}, "email": {"jo.example@example.org"}, "organisation_id": {police.ID},
			"roles": {"police"}, "active": {"yes"}, "password": {password}},
		"/admin/organisations":                         {"name": {"Sampleshire Health"}, "type": {"health"}},
		"/admin/organisations/" + f.org.ID:             {"name": {"Testshire"}, "type": {"police"}},
		"/admin/organisations/" + police.ID + "/teams": {"name": {"Intelligence"}},
		"/admin/calendar/holidays":                     {"date-day": {"7"}, "date-month": {"12"}, "date-year": {"2026"}, "name": {"A day"}},
	} {
		if rec := a.post(p, form); rec.Code != http.StatusForbidden {
			t.Errorf("POST %s: %d, want 403", p, rec.Code)
		}
	}
	if got, _ := f.svc.GetUser(f.ctx, sam.ID); got.Has(auth.Manager) {
		t.Fatal("another organisation's user was changed")
	}
	// The list shows their own organisation's users only, whatever the filter.
	for _, p := range []string{"/admin/users", "/admin/users?organisation=" + police.ID, "/admin/organisations"} {
		body := a.get(p).Body.String()
		if strings.Contains(body, "Sam Sample") || strings.Contains(body, "Exampleton Police") {
			t.Errorf("%s shows another organisation", p)
		}
	}
	if rec := a.get("/admin"); rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "/admin/calendar") {
		t.Errorf("the administration page for an administrator: %d", rec.Code)
	}
	if rec := a.get("/admin/organisations/" + f.org.ID); rec.Code != http.StatusOK ||
		strings.Contains(rec.Body.String(), "Change organisation details") {
		t.Errorf("their own organisation's page: %d", rec.Code)
	}
	if body := a.get("/admin/users").Body.String(); !strings.Contains(body, "Alex Example") {
		t.Error("the users list lacks the organisation's own user")
	}
	// Their own organisation's users they manage, but not move elsewhere.
	alexForm := url.Values{"name": {"Alex Example"}, "email": {"alex.example@example.org"}, "organisation_id": {f.org.ID},
		"roles": {"practitioner", "lead", "manager"}, "team_ids": {f.team.ID}, "active": {"yes"}}
	redirected(t, a.post("/admin/users/"+f.user.ID, alexForm), "/admin/users/"+f.user.ID)
	moved := url.Values{}
	for k, v := range alexForm {
		moved[k] = v
	}
	moved.Set("organisation_id", police.ID)
	moved.Del("team_ids")
	if rec := a.post("/admin/users/"+f.user.ID, moved); rec.Code != http.StatusForbidden {
		t.Errorf("moving a user to another organisation: %d, want 403", rec.Code)
	}
	// Nor make anyone a partnership administrator.
	moved = url.Values{}
	for k, v := range alexForm {
		moved[k] = v
	}
	moved["roles"] = []string{"practitioner", "partnership-administrator"}
	if rec := a.post("/admin/users/"+f.user.ID, moved); rec.Code != http.StatusForbidden {
		t.Errorf("granting the partnership administrator role: %d, want 403", rec.Code)
	}
	if body := a.get("/admin/users/new").Body.String(); strings.Contains(body, "Exampleton Police") ||
		strings.Contains(body, "partnership-administrator") {
		t.Error("the new user form offers another organisation or the partnership role")
	}
}

// TestNobodyChangesTheirOwnRolesOrOrganisation (finding: an administrator
// moved their own account to another authority and made themselves its
// manager).
func TestNobodyChangesTheirOwnRolesOrOrganisation(t *testing.T) {
	f := newFixture(t)
	a, admin, police, _ := orgAdmin(t, f)
	self := "/admin/users/" + admin.ID
	base := url.Values{"name": {"Olu Admin"}, "email": {"olu.admin@example.org"}, "organisation_id": {f.org.ID},
		"roles": {"administrator"}, "team_ids": {f.team.ID}, "active": {"yes"}}
	withRoles := url.Values{}
	for k, v := range base {
		withRoles[k] = v
	}
	withRoles["roles"] = []string{"administrator", "manager"}
	rec := a.post(self, withRoles)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "You cannot change your own roles") {
		t.Errorf("changing own roles: %d", rec.Code)
	}
	// The partnership administrator cannot move themselves either.
	p, err := f.svc.CreateUser(f.ctx, auth.UserInput{Email: "pat.partner@example.org", Name: "Pat Partner",
		OrganisationID: f.org.ID, Password: password, Roles: []auth.Role{auth.PartnershipAdministrator}, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.UpdateUser(f.as(p).ctx, p.ID, auth.UserInput{Email: p.Email, Name: p.Name, OrganisationID: police.ID,
		Roles: p.Roles, Active: true})
	if !errs.Is(err, errs.Invalid) || !strings.Contains(errs.Public(err)+strings.Join(fieldMessages(err), " "), "your own organisation") {
		t.Errorf("moving oneself: %v", err)
	}
	_, err = f.svc.UpdateUser(f.as(p).ctx, p.ID, auth.UserInput{Email: p.Email, Name: p.Name, OrganisationID: f.org.ID,
		Roles: []auth.Role{auth.PartnershipAdministrator, auth.Manager}, Active: true})
	if !errs.Is(err, errs.Invalid) {
		t.Errorf("changing own roles through the service: %v", err)
	}
	got, _ := f.svc.GetUser(f.ctx, admin.ID)
	if got.Has(auth.Manager) || got.Organisation.ID != f.org.ID {
		t.Fatalf("own account changed: %+v", got)
	}
	// Their name and email they may still correct.
	base.Set("name", "Olu Admin-Example")
	redirected(t, a.post(self, base), self)
}

func fieldMessages(err error) []string {
	var out []string
	for _, fe := range errs.Fields(err) {
		out = append(out, fe.Message)
	}
	return out
}

// TestTokensOnlyForOneself: nobody makes an API token for someone else
// (finding: an administrator minted a token for any user, then acted as
// them); an administrator revokes the tokens of their organisation's users.
func TestTokensOnlyForOneself(t *testing.T) {
	f := newFixture(t)
	a, admin, _, sam := orgAdmin(t, f)
	for _, u := range []*auth.User{sam, f.user} {
		if _, _, err := f.svc.CreateToken(a.ctx, u.ID, "As someone else"); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a token for %s: %v, want forbidden", u.Name, err)
		}
	}
	if rec := a.post("/admin/users/"+sam.ID+"/tokens", url.Values{"name": {"x"}}); rec.Code < 400 {
		t.Errorf("the administration pages make tokens: %d", rec.Code)
	}
	if _, _, err := f.svc.CreateToken(a.ctx, admin.ID, "My own"); err != nil {
		t.Fatalf("own token: %v", err)
	}
	// Alex makes their own; the administrator may revoke it, not Sam's.
	alex := f.as(f.user)
	_, alexToken, err := f.svc.CreateToken(alex.ctx, f.user.ID, "Reporting")
	if err != nil {
		t.Fatal(err)
	}
	_, samToken, err := f.svc.CreateToken(f.as(sam).ctx, sam.ID, "Police system")
	if err != nil {
		t.Fatal(err)
	}
	if rec := a.post("/admin/tokens/"+samToken.ID+"/revoke", url.Values{"user_id": {sam.ID}}); rec.Code != http.StatusForbidden {
		t.Errorf("revoking another organisation's token: %d", rec.Code)
	}
	redirected(t, a.post("/admin/tokens/"+alexToken.ID+"/revoke", url.Values{"user_id": {f.user.ID}}), "/admin/users/"+f.user.ID)
	if tokens, _ := f.svc.ListTokens(f.ctx, f.user.ID); !tokens[0].Revoked() {
		t.Error("token not revoked")
	}
}

// TestOwnTokensPage: anyone signed in makes and revokes their own tokens.
func TestOwnTokensPage(t *testing.T) {
	f := newFixture(t)
	_, _, _, sam := orgAdmin(t, f)
	alex := f.as(f.user)
	rec := alex.get("/account/tokens")
	if rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	wellFormed(t, rec.Body.String(), "Your API tokens")
	rec = alex.post("/account/tokens", url.Values{"name": {"Test reporting system"}})
	body := rec.Body.String()
	wellFormed(t, body, "API token created")
	m := tokenValue.FindStringSubmatch(body)
	if rec.Code != http.StatusOK || m == nil {
		t.Fatalf("token not shown: %d\n%s", rec.Code, body)
	}
	if u, err := f.svc.UserByToken(f.ctx, m[1]); err != nil || u.ID != f.user.ID {
		t.Fatalf("token does not work: %v", err)
	}
	body = alex.get("/account/tokens").Body.String()
	if strings.Contains(body, m[1]) || !strings.Contains(body, "Test reporting system") {
		t.Error("the page should list the token, never show it")
	}
	if rec := alex.post("/account/tokens", url.Values{"name": {" "}}); rec.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(rec.Body.String(), "Enter a name for the token") {
		t.Errorf("token without a name: %d", rec.Code)
	}
	tokens, _ := f.svc.ListTokens(f.ctx, f.user.ID)
	_, samToken, err := f.svc.CreateToken(f.as(sam).ctx, sam.ID, "Police system")
	if err != nil {
		t.Fatal(err)
	}
	if rec := alex.post("/account/tokens/"+samToken.ID+"/revoke", nil); rec.Code != http.StatusNotFound {
		t.Errorf("revoking someone else's token: %d", rec.Code)
	}
	redirected(t, alex.post("/account/tokens/"+tokens[0].ID+"/revoke", nil), "/account/tokens")
	if _, err := f.svc.UserByToken(f.ctx, m[1]); err == nil {
		t.Error("revoked token still works")
	}
}
