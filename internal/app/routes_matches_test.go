package app

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func init() {
	allowed["GET /api/v1/people/matches"] = readers
}

type apiMatch struct {
	PersonID string   `json:"person_id"`
	Score    float64  `json:"score"`
	Reasons  []string `json:"reasons"`
	Likely   bool     `json:"likely"`
}

func TestAPIMatches(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		north := e.token("screener@northfield.example")
		code, body := e.api("POST", "/api/v1/people", north, `{"given_name": "William", "family_name": "Smith",
			"date_of_birth": "2010-03-04", "gender": "male", "owning_authority_id": "`+e.user("screener@northfield.example").Organisation.ID+`",
			"phones": ["07700 900 555"]}`)
		if code != http.StatusCreated {
			t.Fatalf("create: %d %s", code, body)
		}
		var p struct{ ID string }
		json.Unmarshal([]byte(body), &p)

		find := func(token string, q url.Values) (int, []apiMatch, string) {
			t.Helper()
			code, body := e.api("GET", "/api/v1/people/matches?"+q.Encode(), token, "")
			var ms []apiMatch
			if code == http.StatusOK {
				if err := json.Unmarshal([]byte(body), &ms); err != nil {
					t.Fatalf("%s: %v", body, err)
				}
			}
			return code, ms, body
		}
		code, ms, body := find(north, url.Values{"given_name": {"Bill"}, "family_name": {"Smyth"}, "date_of_birth": {"2010-04-03"}})
		if code != http.StatusOK || len(ms) == 0 || ms[0].PersonID != p.ID {
			t.Fatalf("Bill Smyth: %d %s", code, body)
		}
		for _, want := range []string{"given name ‘Bill’ is a form of William", "family names sound alike: ‘Smyth’ and Smith",
			"date of birth with day and month swapped"} {
			if !slices.Contains(ms[0].Reasons, want) {
				t.Errorf("reasons %q lack %q", ms[0].Reasons, want)
			}
		}
		if !strings.Contains(body, `"person_id"`) || !strings.Contains(body, `"reasons"`) || ms[0].Score <= 0 || ms[0].Score > 1 {
			t.Errorf("body %s", body)
		}

		// A known-as name, an age and the phone number, in a British date format elsewhere.
		_, ms, body = find(north, url.Values{"known_as": {"Billy"}, "family_name": {"Smith"}, "age": {"16"}, "phone": {"+44 7700 900555"}})
		if len(ms) == 0 || ms[0].PersonID != p.ID || !ms[0].Likely || !slices.Contains(ms[0].Reasons, "same phone number") {
			t.Fatalf("known-as and phone: %s", body)
		}
		_, ms, _ = find(north, url.Values{"given_name": {"William"}, "family_name": {"Smith"}, "date_of_birth": {"4/3/2010"}})
		if len(ms) == 0 || ms[0].PersonID != p.ID || !slices.Contains(ms[0].Reasons, "same date of birth") {
			t.Fatalf("British date: %+v", ms)
		}

		// Riverside is not involved with him: it does not get him.
		code, ms, body = find(e.token("screener@riverside.example"), url.Values{"given_name": {"William"}, "family_name": {"Smith"},
			"date_of_birth": {"2010-03-04"}})
		if code != http.StatusOK || slices.ContainsFunc(ms, func(m apiMatch) bool { return m.PersonID == p.ID }) {
			t.Fatalf("Riverside: %d %s", code, body)
		}

		// Bad input: a clear message for each field.
		code, body = e.api("GET", "/api/v1/people/matches?date_of_birth=31/2/2010&age=old&postcode=nowhere&limit=500", north, "")
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("bad input: %d %s", code, body)
		}
		for _, want := range []string{"date_of_birth", "age", "limit"} {
			if !strings.Contains(body, `"`+want+`"`) {
				t.Errorf("no message for %s: %s", want, body)
			}
		}
		code, body = e.api("GET", "/api/v1/people/matches?postcode=LS1+4AP", north, "")
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Enter a name") {
			t.Fatalf("no name: %d %s", code, body)
		}
	})
}
