package admin_test

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"mace/internal/admin"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/testclock"
	"mace/internal/platform/web"
)

var migrations = append(append(slices.Clone(auth.Migrations), audit.Migrations...), calendar.Migrations...)

// Synthetic password for the test users.
const password = "correct-horse-battery-7"

type fixture struct {
	t     *testing.T
	db    *db.DB
	svc   *auth.Service
	cal   *calendar.Service
	clock *testclock.Clock // the calendar's: 09:00 on Tuesday 24 November 2026
	mux   *http.ServeMux
	ctx   context.Context // an administrator, with a CSRF token
	org   auth.Organisation
	team  auth.Team
	user  *auth.User
}

// routes wires the handlers as the app does (without the role check).
func routes(h *admin.Handlers) *http.ServeMux {
	m := http.NewServeMux()
	// serve shows a returned error as the route guard does for a page.
	serve := func(fn func(http.ResponseWriter, *http.Request) error) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if err := fn(w, r); err != nil {
				h.R.Error(w, r, err)
			}
		}
	}
	m.HandleFunc("GET /admin", serve(h.Index))
	m.HandleFunc("GET /admin/organisations", serve(h.Organisations))
	m.HandleFunc("GET /admin/organisations/new", serve(h.NewOrganisation))
	m.HandleFunc("POST /admin/organisations", serve(h.CreateOrganisation))
	m.HandleFunc("GET /admin/organisations/{id}", serve(h.Organisation))
	m.HandleFunc("GET /admin/organisations/{id}/edit", serve(h.EditOrganisation))
	m.HandleFunc("POST /admin/organisations/{id}", serve(h.UpdateOrganisation))
	m.HandleFunc("GET /admin/organisations/{id}/teams/new", serve(h.NewTeam))
	m.HandleFunc("POST /admin/organisations/{id}/teams", serve(h.CreateTeam))
	m.HandleFunc("GET /admin/teams/{id}/edit", serve(h.EditTeam))
	m.HandleFunc("POST /admin/teams/{id}", serve(h.UpdateTeam))
	m.HandleFunc("GET /admin/users", serve(h.Users))
	m.HandleFunc("GET /admin/users/new", serve(h.NewUser))
	m.HandleFunc("POST /admin/users", serve(h.CreateUser))
	m.HandleFunc("GET /admin/users/{id}", serve(h.User))
	m.HandleFunc("GET /admin/users/{id}/edit", serve(h.EditUser))
	m.HandleFunc("POST /admin/users/{id}", serve(h.UpdateUser))
	m.HandleFunc("GET /account/tokens", serve(h.OwnTokens))
	m.HandleFunc("POST /account/tokens", serve(h.CreateOwnToken))
	m.HandleFunc("POST /account/tokens/{id}/revoke", serve(h.RevokeOwnToken))
	m.HandleFunc("POST /admin/tokens/{id}/revoke", serve(h.RevokeToken))
	m.HandleFunc("GET /admin/calendar", serve(h.BankHolidays))
	m.HandleFunc("POST /admin/calendar/holidays", serve(h.AddBankHoliday))
	m.HandleFunc("POST /admin/calendar/holidays/remove", serve(h.RemoveBankHoliday))
	return m
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	d := dbtest.SQLite(t, migrations)
	clock := testclock.New(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	trail := audit.New(clock.Now)
	svc := auth.NewService(d, auth.AuditFunc(func(ctx context.Context, tx *sql.Tx, e auth.AuditEvent) error {
		return trail.Record(ctx, tx, audit.Event{Action: e.Action, RecordType: e.RecordType, RecordID: e.RecordID,
			Detail: e.Detail, Address: e.Address})
	}), clock.Now)
	r, err := web.NewRenderer(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	r.MustAddPages("admin", admin.Templates, "templates", nil)
	cal := &calendar.Service{DB: d, Audit: trail, Now: clock.Now}
	administrator := &auth.User{ID: "admin-1", Name: "Test Administrator", Active: true, Roles: []auth.Role{auth.PartnershipAdministrator}}
	f := &fixture{t: t, db: d, svc: svc, cal: cal, clock: clock, mux: routes(&admin.Handlers{Auth: svc, Calendar: cal, R: r}),
		ctx: web.WithCSRFToken(auth.WithUser(context.Background(), administrator), "tok")}
	if f.org, err = svc.CreateOrganisation(f.ctx, "Testshire County Council", auth.LocalAuthority); err != nil {
		t.Fatal(err)
	}
	if f.team, err = svc.CreateTeam(f.ctx, f.org.ID, "Exploitation Team A", "North"); err != nil {
		t.Fatal(err)
	}
	f.user, err = svc.CreateUser(f.ctx, auth.UserInput{Email: "alex.example@example.org", Name: "Alex Example",
		OrganisationID: f.org.ID, Password: password, Roles: []auth.Role{auth.Practitioner, auth.Lead},
		TeamIDs: []string{f.team.ID}, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// get and post make a request as the administrator.
func (f *fixture) get(target string) *httptest.ResponseRecorder {
	f.t.Helper()
	return f.serve(httptest.NewRequestWithContext(f.ctx, http.MethodGet, target, nil))
}

func (f *fixture) post(target string, form url.Values) *httptest.ResponseRecorder {
	f.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set(web.CSRFField, "tok")
	req := httptest.NewRequestWithContext(f.ctx, http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return f.serve(req)
}

func (f *fixture) serve(req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	f.mux.ServeHTTP(rec, req)
	return rec
}

// redirected checks a post-redirect-get to a page under prefix, with a
// message for it, and returns where it went.
func redirected(t *testing.T, rec *httptest.ResponseRecorder, prefix string) string {
	t.Helper()
	loc := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, prefix) {
		t.Fatalf("want 303 to %s..., got %d to %q: %s", prefix, rec.Code, loc, rec.Body)
	}
	if !strings.Contains(rec.Header().Get("Set-Cookie"), "mace_flash=") {
		t.Errorf("no message set for the next page")
	}
	return loc
}

var idAttr = regexp.MustCompile(`\sid="([^"]*)"`)

// wellFormed checks the page has one h1, with want in it, and no id twice.
func wellFormed(t *testing.T, body, want string) {
	t.Helper()
	if n := strings.Count(body, "<h1"); n != 1 {
		t.Errorf("want one h1, found %d", n)
	}
	if !regexp.MustCompile(`<h1[^>]*>` + regexp.QuoteMeta(want) + `</h1>`).MatchString(body) {
		t.Errorf("no h1 %q in:\n%s", want, body)
	}
	seen := map[string]bool{}
	for _, m := range idAttr.FindAllStringSubmatch(body, -1) {
		if seen[m[1]] {
			t.Errorf("id %q used twice", m[1])
		}
		seen[m[1]] = true
	}
}

func TestPagesRender(t *testing.T) {
	f := newFixture(t)
	pages := []struct{ path, h1 string }{
		{"/admin", "Administration"},
		{"/admin/organisations", "Organisations"},
		{"/admin/organisations/new", "Add an organisation"},
		{"/admin/organisations/" + f.org.ID, "Testshire County Council"},
		{"/admin/organisations/" + f.org.ID + "/edit", "Change organisation details"},
		{"/admin/organisations/" + f.org.ID + "/teams/new", "Add a team"},
		{"/admin/teams/" + f.team.ID + "/edit", "Change team details"},
		{"/admin/users", "Users"},
		{"/admin/users?organisation=" + f.org.ID, "Users"},
		{"/admin/users/new", "Add a user"},
		{"/admin/users/" + f.user.ID, "Alex Example"},
		{"/admin/users/" + f.user.ID + "/edit", "Change Alex Example’s details"},
		{"/admin/calendar", "Bank holidays in 2026"},
		{"/admin/calendar?year=2027", "Bank holidays in 2027"},
	}
	for _, p := range pages {
		t.Run(p.path, func(t *testing.T) {
			rec := f.get(p.path)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			wellFormed(t, rec.Body.String(), p.h1)
		})
	}

	body := f.get("/admin/users").Body.String()
	for _, want := range []string{"alex.example@example.org", "Testshire County Council", "Complex safeguarding lead", "Active"} {
		if !strings.Contains(body, want) {
			t.Errorf("users list lacks %q", want)
		}
	}
	body = f.get("/admin/users/new").Body.String()
	if !regexp.MustCompile(`id="active"[^>]* checked`).MatchString(body) {
		t.Errorf("a new user should be able to sign in by default")
	}
	if !strings.Contains(body, "Exploitation Team A (Testshire County Council, North)") {
		t.Errorf("teams are not labelled with organisation and locality")
	}
	body = f.get("/admin/users/new?organisation_id=" + f.org.ID).Body.String()
	if !strings.Contains(body, `value="`+f.org.ID+`" selected`) {
		t.Errorf("the organisation asked for is not chosen")
	}
}

func TestUsersFilter(t *testing.T) {
	f := newFixture(t)
	other, err := f.svc.CreateOrganisation(f.ctx, "Exampleton Police", auth.PoliceForce)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.CreateUser(f.ctx, auth.UserInput{Email: "sam.sample@example.org", Name: "Sam Sample",
		OrganisationID: other.ID, Password: password, Roles: []auth.Role{auth.Police}}); err != nil {
		t.Fatal(err)
	}
	body := f.get("/admin/users?organisation=" + other.ID).Body.String()
	if !strings.Contains(body, "Sam Sample") || strings.Contains(body, "Alex Example") {
		t.Errorf("filter by organisation shows the wrong users:\n%s", body)
	}
	if !strings.Contains(body, "Deactivated") {
		t.Errorf("an inactive user is not shown as deactivated")
	}
	if !strings.Contains(f.get("/admin/users").Body.String(), "Sam Sample") {
		t.Errorf("unfiltered list lacks a user")
	}
}

func TestCreateAndChange(t *testing.T) {
	f := newFixture(t)
	loc := redirected(t, f.post("/admin/organisations", url.Values{"name": {"Sampleshire Health Trust"}, "type": {"health"}}),
		"/admin/organisations/")
	orgID := strings.TrimPrefix(loc, "/admin/organisations/")
	if o, err := f.svc.GetOrganisation(f.ctx, orgID); err != nil || o.Type != auth.Health {
		t.Fatalf("organisation not created: %+v %v", o, err)
	}
	redirected(t, f.post(loc, url.Values{"name": {"Sampleshire Health"}, "type": {"health"}}), loc)

	redirected(t, f.post(loc+"/teams", url.Values{"name": {"Safeguarding Team"}, "locality": {"South"}}), loc)
	teams, err := f.svc.ListTeams(f.ctx, orgID)
	if err != nil || len(teams) != 1 || teams[0].Locality != "South" {
		t.Fatalf("team not created: %+v %v", teams, err)
	}
	redirected(t, f.post("/admin/teams/"+teams[0].ID, url.Values{"name": {"Safeguarding Team"}, "locality": {"East"}}), loc)
	if tm, _ := f.svc.GetTeam(f.ctx, teams[0].ID); tm.Locality != "East" {
		t.Errorf("team not changed: %+v", tm)
	}

	loc = redirected(t, f.post("/admin/users", url.Values{"name": {"Jo Example"}, "email": {"jo.example@example.org"},
		"organisation_id": {orgID}, "roles": {"screener", "manager"}, "team_ids": {teams[0].ID},
		"active": {"yes"}, "password": {password}}), "/admin/users/")
	u, err := f.svc.GetUser(f.ctx, strings.TrimPrefix(loc, "/admin/users/"))
	if err != nil || !u.Active || len(u.Roles) != 2 || !u.InTeam(teams[0].ID) {
		t.Fatalf("user not created: %+v %v", u, err)
	}
	body := f.get(loc).Body.String()
	for _, want := range []string{"Screener", "Manager", "Safeguarding Team (East)", "Active"} {
		if !strings.Contains(body, want) {
			t.Errorf("user page lacks %q", want)
		}
	}

	// A blank password keeps the current one; no tick deactivates.
	redirected(t, f.post(loc, url.Values{"name": {"Jo Example"}, "email": {"jo.example@example.org"},
		"organisation_id": {orgID}, "roles": {"screener"}}), loc)
	if u, err = f.svc.GetUser(f.ctx, u.ID); err != nil || u.Active || len(u.Roles) != 1 || len(u.TeamIDs) != 0 {
		t.Errorf("user not changed: %+v %v", u, err)
	}
	if body := f.get(loc).Body.String(); !strings.Contains(body, "Deactivated") || strings.Contains(body, "Create token") {
		t.Errorf("a deactivated user's page should say so and offer no token")
	}
}

func TestFormProblems(t *testing.T) {
	f := newFixture(t)
	rec := f.post("/admin/users", url.Values{"name": {"Casey Sample"}, "email": {"not-an-email"},
		"organisation_id": {f.org.ID}, "password": {password}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", rec.Code)
	}
	body := rec.Body.String()
	for _, want := range []string{"There is a problem", "Enter an email address in the correct format, like name@example.com",
		"Select at least one role", `value="Casey Sample"`, `value="not-an-email"`, `href="#email"`, `href="#roles"`, "<title>Error: "} {
		if !strings.Contains(body, want) {
			t.Errorf("form with problems lacks %q", want)
		}
	}
	if strings.Contains(body, password) {
		t.Errorf("the password was shown back")
	}
	wellFormed(t, body, "Add a user")

	rec = f.post("/admin/users/"+f.user.ID, url.Values{"name": {""}, "email": {"alex.example@example.org"},
		"organisation_id": {f.org.ID}, "roles": {"practitioner"}, "password": {"short"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Enter the user") ||
		!strings.Contains(rec.Body.String(), "at least 12 characters") {
		t.Errorf("edit with problems: %d %s", rec.Code, rec.Body)
	}

	rec = f.post("/admin/organisations", url.Values{"name": {""}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Select the type of organisation") {
		t.Errorf("organisation with problems: %d %s", rec.Code, rec.Body)
	}
	rec = f.post("/admin/organisations/"+f.org.ID+"/teams", url.Values{"name": {"Exploitation Team A"}, "locality": {"West"}})
	if body := rec.Body.String(); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "already exists") ||
		!strings.Contains(body, `value="West"`) {
		t.Errorf("duplicate team: %d %s", rec.Code, body)
	}
}

var tokenValue = regexp.MustCompile(`value="(` + auth.TokenPrefix + `[a-z0-9]+)"`)

func TestTokens(t *testing.T) {
	f := newFixture(t)
	userPage := "/admin/users/" + f.user.ID
	// Alex makes a token for themselves (see TestOwnTokensPage).
	plain, _, err := f.svc.CreateToken(f.as(f.user).ctx, f.user.ID, "Test reporting system")
	if err != nil {
		t.Fatal(err)
	}
	body := f.get(userPage).Body.String()
	if strings.Contains(body, plain) || !strings.Contains(body, "Test reporting system") || !strings.Contains(body, "Never") {
		t.Errorf("user page should list the token, not yet used, but never show it")
	}
	if strings.Contains(body, "Create token") {
		t.Errorf("the user page offers to make a token for someone else")
	}
	if u, err := f.svc.UserByToken(f.ctx, plain); err != nil || u.ID != f.user.ID {
		t.Fatalf("token does not work: %v", err)
	}

	tokens, err := f.svc.ListTokens(f.ctx, f.user.ID)
	if err != nil || len(tokens) != 1 {
		t.Fatal(tokens, err)
	}
	revoke := "/admin/tokens/" + tokens[0].ID + "/revoke"
	if rec := f.post(revoke, url.Values{"user_id": {"someone-else"}}); rec.Code != http.StatusNotFound {
		t.Errorf("revoking through another user: %d", rec.Code)
	}
	redirected(t, f.post(revoke, url.Values{"user_id": {f.user.ID}}), userPage)
	if _, err := f.svc.UserByToken(f.ctx, plain); err == nil {
		t.Errorf("revoked token still works")
	}
	if body := f.get(userPage).Body.String(); !strings.Contains(body, "Revoked") || strings.Contains(body, revoke) {
		t.Errorf("user page should show the token revoked, with no button")
	}

}

func TestUnknownIDs(t *testing.T) {
	f := newFixture(t)
	for _, p := range []string{"/admin/organisations/nope", "/admin/organisations/nope/edit",
		"/admin/organisations/nope/teams/new", "/admin/teams/nope/edit", "/admin/users/nope", "/admin/users/nope/edit"} {
		if rec := f.get(p); rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "Page not found") {
			t.Errorf("GET %s: %d", p, rec.Code)
		}
	}
	valid := url.Values{"name": {"Anything"}, "type": {"health"}, "email": {"any.one@example.org"},
		"organisation_id": {f.org.ID}, "roles": {"analyst"}, "user_id": {f.user.ID}}
	for _, p := range []string{"/admin/organisations/nope", "/admin/organisations/nope/teams", "/admin/teams/nope",
		"/admin/users/nope", "/admin/users/nope/tokens", "/admin/tokens/nope/revoke"} {
		if rec := f.post(p, valid); rec.Code != http.StatusNotFound {
			t.Errorf("POST %s: %d", p, rec.Code)
		}
	}
}
