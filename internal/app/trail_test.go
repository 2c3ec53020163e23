package app

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"mace/internal/people"
	"mace/internal/platform/auth"
)

// "Who has seen this record" names, in plain words, the name search, the
// list of children missing now and the SSDA903 export the child appeared
// in; another child, whom none of them showed, has none of them.
func TestWhoHasSeenNamesTheListsSearchesAndExports(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		child := seed903(t, e.svc)
		u, err := e.svc.Auth.UserByEmail(context.Background(), "missing-coordinator@northfield.example")
		if err != nil {
			t.Fatal(err)
		}
		other, err := e.svc.People.Create(auth.WithUser(context.Background(), u), people.Input{Kind: people.Child,
			GivenName: "Sasha", FamilyName: "Quillfeather", DateOfBirth: "2012-02-02", Gender: "not-known",
			OwnerOrgID: u.Organisation.ID}, "")
		if err != nil {
			t.Fatal(err)
		}
		c := e.signIn("missing-coordinator@northfield.example")
		for _, path := range []string{"/people?q=testperson", "/missing", "/exports/ssda903-missing/download?year=2025"} {
			if code, _ := c.get(path); code != http.StatusOK {
				t.Fatalf("%s: %d", path, code)
			}
		}
		m := e.signIn("manager@northfield.example")
		kinds := []string{"Appeared in a name search", "Appeared in the list of children missing now",
			"Included in the SSDA903 Missing export"}
		code, body := m.get("/people/" + child + "/audit")
		if code != http.StatusOK {
			t.Fatalf("the child's trail: %d", code)
		}
		for _, want := range kinds {
			if !strings.Contains(body, want) {
				t.Errorf("the child's trail does not say %q:\n%s", want, body)
			}
		}
		if _, body := m.get("/people/" + other.ID + "/audit"); strings.Contains(body, "Appeared in") || strings.Contains(body, "Included in") {
			t.Errorf("the other child's trail names a list it was not on:\n%s", body)
		}
	})
}
