package app

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"mace/internal/people"
	"mace/internal/platform/auth"
)

// allowed is, for every route, the roles that may use it, written out here
// independently of the route table: a route missing from this list fails
// the test, so every new route must state who may use it.
var allowed = map[string][]auth.Role{
	"GET /{$}":                          all,
	"GET /sign-in":                      public,
	"POST /sign-in":                     public,
	"POST /sign-out":                    public,
	"GET /healthz":                      public,
	"GET /readyz":                       public,
	"GET /metrics":                      public,
	"GET /assets/":                      public,
	"GET /":                             public,
	"GET /people":                       readers,
	"GET /people/new":                   writers,
	"POST /people":                      writers,
	"GET /people/{id}":                  readers,
	"GET /people/{id}/edit":             writers,
	"POST /people/{id}":                 writers,
	"GET /people/{id}/audit":            {auth.Manager, auth.DPO},
	"GET /people/{id}/access":           {auth.Lead, auth.Manager},
	"POST /people/{id}/access/restrict": {auth.Lead, auth.Manager},
	"POST /people/{id}/access/grant":    {auth.Lead, auth.Manager},
	"GET /api/v1/openapi.json":          public,
	"GET /api/v1/people":                readers,
	"POST /api/v1/people":               writers,
	"GET /api/v1/people/{id}":           readers,
	"PATCH /api/v1/people/{id}":         writers,
	"GET /api/v1/people/{id}/audit":     {auth.Manager, auth.DPO},
	"GET /api/v1/calendar/working-days": all,
}

var (
	public  = []auth.Role{"public"}
	all     = []auth.Role{auth.Referrer, auth.Screener, auth.Practitioner, auth.Lead, auth.Manager, auth.Police, auth.MissingCoordinator, auth.Analyst, auth.Administrator, auth.PartnershipAdministrator, auth.DPO}
	readers = []auth.Role{auth.Screener, auth.Practitioner, auth.Lead, auth.Manager, auth.Police, auth.MissingCoordinator, auth.Analyst, auth.DPO}
	writers = []auth.Role{auth.Screener, auth.Practitioner, auth.Lead, auth.Manager, auth.Police, auth.MissingCoordinator}
)

func init() {
	for _, p := range []string{"GET /admin", "GET /admin/organisations",
		"GET /admin/organisations/{id}", "GET /admin/organisations/{id}/teams/new", "POST /admin/organisations/{id}/teams",
		"GET /admin/teams/{id}/edit", "POST /admin/teams/{id}", "GET /admin/users", "GET /admin/users/new", "POST /admin/users",
		"GET /admin/users/{id}", "GET /admin/users/{id}/edit", "POST /admin/users/{id}", "POST /admin/tokens/{id}/revoke"} {
		allowed[p] = []auth.Role{auth.Administrator, auth.PartnershipAdministrator}
	}
	for _, p := range []string{"GET /admin/organisations/new", "POST /admin/organisations", "GET /admin/organisations/{id}/edit",
		"POST /admin/organisations/{id}", "GET /admin/calendar", "POST /admin/calendar/holidays", "POST /admin/calendar/holidays/remove"} {
		allowed[p] = []auth.Role{auth.PartnershipAdministrator}
	}
	for _, p := range []string{"GET /account/tokens", "POST /account/tokens", "POST /account/tokens/{id}/revoke"} {
		allowed[p] = all
	}
}

// TestRoutesByRole sends a request to every route as a user of every role
// (each in the owning local authority, or the police force for the police
// role, with a record the force is involved with) and checks that exactly
// the allowed roles get past the role check, and that someone signed out is
// sent to sign in (pages) or refused (API).
func TestRoutesByRole(t *testing.T) {
	t.Parallel() // long, and sharing nothing with other tests
	e := sqliteEnv(t)
	ctx := context.Background()
	la, _ := e.svc.Auth.UserByEmail(ctx, "screener@northfield.example")
	police, _ := e.svc.Auth.UserByEmail(ctx, "officer@police.example")
	admin := e.asUser("administrator@northfield.example")
	// A child the police are involved with, owned by Northfield.
	child := sharedChild(t, e, police.Organisation.ID)
	team, _ := e.svc.Auth.ListTeams(ctx, la.Organisation.ID)
	users := map[auth.Role]*client{}
	for _, role := range all {
		org := la.Organisation.ID
		if role == auth.Police {
			org = police.Organisation.ID
		}
		email := "role-" + string(role) + "@test.example"
		if _, err := e.svc.Auth.CreateUser(admin, auth.UserInput{Email: email, Name: "Test " + string(role),
			OrganisationID: org, Password: "a long test password", Roles: []auth.Role{role}, Active: true}); err != nil {
			t.Fatal(err)
		}
		c := e.client()
		c.get("/sign-in")
		if code, body, _ := c.post("/sign-in", url.Values{"email": {email}, "password": {"a long test password"}}); code != http.StatusSeeOther {
			t.Fatalf("sign in %s: %d %s", role, code, body)
		}
		c.get("/")
		c.signedIn = true
		users[role] = c
	}
	if _, _, err := e.svc.Auth.CreateToken(ctx, la.ID, "route test"); err != nil {
		t.Fatal(err)
	}
	tokens, _ := e.svc.Auth.ListTokens(ctx, la.ID)
	ids := map[string]string{
		"/people/":        child,
		"/referrals/":     testReferral(t, e, "screener@northfield.example"),
		"/organisations/": la.Organisation.ID,
		"/teams/":         team[0].ID,
		"/users/":         la.ID,
		"/tokens/":        tokens[0].ID,
	}
	routes := e.srv.routes()
	// Sign-out ends the session: test it last.
	slices.SortStableFunc(routes, func(a, b route) int {
		if a.Pattern == "/sign-out" {
			return 1
		}
		if b.Pattern == "/sign-out" {
			return -1
		}
		return 0
	})
	seen := map[string]bool{}
	for _, rt := range routes {
		key := rt.Method + " " + rt.Pattern
		seen[key] = true
		want, ok := allowed[key]
		if !ok {
			t.Errorf("route %s is not in the route-by-role table: say who may use it", key)
			continue
		}
		path := strings.TrimSuffix(rt.Pattern, "{$}")
		for marker, id := range ids {
			if strings.Contains(path, marker+"{id}") {
				path = strings.Replace(path, "{id}", id, 1)
			}
		}
		if path == "/assets/" {
			path = "/assets/mace.css"
		}
		// Signed out (with the sign-in page's CSRF token, so that only
		// the sign-in rules are tested).
		anon := e.client()
		anon.get("/sign-in")
		code, _ := send(e, anon, rt, path)
		switch {
		case slices.Equal(want, public):
			if code == http.StatusUnauthorized || code == http.StatusForbidden {
				t.Errorf("%s signed out: %d, want it open to all", key, code)
			}
		case rt.API && code != http.StatusUnauthorized:
			t.Errorf("%s signed out: %d, want 401", key, code)
		case !rt.API && code != http.StatusSeeOther:
			t.Errorf("%s signed out: %d, want a redirect to sign in", key, code)
		}
		if slices.Equal(want, public) {
			continue
		}
		for _, role := range all {
			code, body := send(e, users[role], rt, path)
			may := slices.Contains(want, role)
			if may && (code == http.StatusForbidden || code == http.StatusUnauthorized || code >= 500) {
				t.Errorf("%s as %s: %d, want allowed\n%.300s", key, role, code, body)
			}
			if !may && code != http.StatusForbidden {
				t.Errorf("%s as %s: %d, want 403", key, role, code)
			}
		}
	}
	for key := range allowed {
		if !seen[key] {
			t.Errorf("the table names %s, which is not a route", key)
		}
	}
}

func send(e *testEnv, c *client, rt route, path string) (int, string) {
	e.t.Helper()
	if rt.API {
		if c.signedIn {
			// Use the session: API routes accept it too, with the CSRF header.
			req, _ := http.NewRequest(rt.Method, e.ts.URL+path, strings.NewReader("{}"))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-CSRF-Token", c.csrf)
			res, err := c.http.Do(req)
			if err != nil {
				e.t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			e.checkOpenAPI(req, res, b)
			return res.StatusCode, ""
		}
		body := ""
		if rt.Method != "GET" {
			body = "{}"
		}
		return e.api(rt.Method, path, "", body)
	}
	if rt.Method == "GET" {
		return c.get(path)
	}
	code, body, _ := c.post(path, url.Values{})
	return code, body
}

// sharedChild creates a Northfield child that orgID is involved with.
func sharedChild(t *testing.T, e *testEnv, orgID string) string {
	t.Helper()
	ids, err := e.svc.People.CreateMany(context.Background(), []people.NewRecord{{
		Input: people.Input{GivenName: "Routeta", FamilyName: "Tablewright", Gender: "female",
			DateOfBirth: "2011-05-06", OwnerOrgID: e.user("screener@northfield.example").Organisation.ID},
		InvolvedOrgIDs: []string{orgID},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return ids[0]
}
