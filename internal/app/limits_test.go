package app

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A name search is at most 200 characters and 10 words: a longer one is a
// problem on the search box (the search kept as typed) and a 422 with the
// field in the API, as is one from the consultation form's person search.
func TestSearchLength(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		c := e.signIn("screener@northfield.example")
		long := strings.Repeat("ash ", 60)
		for q, msg := range map[string]string{long: "Enter 200 characters or fewer to search for",
			"a b c d e f g h i j k": "Enter 10 words or fewer to search for"} {
			code, body := c.get("/people?q=" + url.QueryEscape(q))
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#q">`+msg) ||
				!strings.Contains(body, `id="q-error"`) || !strings.Contains(body, `value="`+strings.TrimSpace(q)+`"`) {
				t.Errorf("%q: %d\n%s", q, code, body)
			}
		}
		tok := e.token("screener@northfield.example")
		code, body := e.api("GET", "/api/v1/people?q="+url.QueryEscape(strings.Repeat("a", 201)), tok, "")
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `"field": "q"`) ||
			!strings.Contains(body, "200 characters or fewer") {
			t.Errorf("API search: %d %s", code, body)
		}

		c.get("/consultations/new")
		form := formValues(t, c.last)
		form.Set("child_name", "Remy Quill")
		form.Set("person_search", long)
		form.Set("action", "find-person")
		code, body, _ = c.post("/consultations", form)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#person_search">Enter 200 characters or fewer`) ||
			!strings.Contains(body, `value="Remy Quill"`) {
			t.Errorf("consultation person search: %d\n%s", code, body)
		}
	})
}

// A person's lists (known-as and street names, phone numbers, addresses)
// hold at most 20 each, each item of a bounded length: more is a 422 naming
// the field, in the API and on the form, which keeps what was typed. A
// match search takes at most 10 of each.
func TestPersonListLimits(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		tok := e.token("screener@northfield.example")
		la := e.user("screener@northfield.example").Organisation.ID
		names := func(n int) []string {
			out := make([]string, n)
			for i := range out {
				out[i] = fmt.Sprintf("Name %d", i+1)
			}
			return out
		}
		post := func(field string, value any) (int, string) {
			in := map[string]any{"given_name": "Marisol", "family_name": "Limitson", "gender": "female",
				"owning_authority_id": la, field: value}
			b, _ := json.Marshal(in)
			return e.api("POST", "/api/v1/people", tok, string(b))
		}
		before := countPeople(t, e)
		addresses := make([]map[string]any, 21)
		for i := range addresses {
			addresses[i] = map[string]any{"line": fmt.Sprintf("%d Mill Lane", i+1)}
		}
		for _, c := range []struct {
			field string
			value any
			msg   string
		}{
			{"known_as", names(60000), "Enter 20 known-as names or fewer"},
			{"aliases", names(21), "Enter 20 street names or fewer"},
			{"aliases", []string{strings.Repeat("k", 101)}, "Each street name must be 100 characters or fewer"},
			{"phones", []string{"07700 900001", "07700 900002", "07700 900003", "07700 900004", "07700 900005",
				"07700 900006", "07700 900007", "07700 900008", "07700 900009", "07700 900010", "07700 900011",
				"07700 900012", "07700 900013", "07700 900014", "07700 900015", "07700 900016", "07700 900017",
				"07700 900018", "07700 900019", "07700 900020", "07700 900021"}, "Enter 20 phone numbers or fewer"},
			{"addresses", addresses, "Enter 20 addresses or fewer"},
		} {
			code, body := post(c.field, c.value)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, `"field": "`+c.field+`"`) || !strings.Contains(body, c.msg) {
				t.Errorf("%s: %d %.400s", c.field, code, body)
			}
		}
		if after := countPeople(t, e); after != before {
			t.Fatalf("saved something: %d -> %d", before, after)
		}

		// The form says which list, and keeps every line typed.
		c := e.signIn("screener@northfield.example")
		c.get("/people/new")
		form := formValues(t, c.last)
		form.Set("given_name", "Marisol")
		form.Set("family_name", "Limitson")
		form.Set("gender", "female")
		form.Set("aliases", strings.Join(names(21), "\n"))
		code, body, _ := c.post("/people", form)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#aliases">Enter 20 street names or fewer`) ||
			!strings.Contains(body, "Name 21") || !strings.Contains(body, `value="Limitson"`) {
			t.Errorf("the form: %d\n%s", code, body)
		}

		v := url.Values{"given_name": {"Marisol"}}
		for i := range 11 {
			v.Add("phone", fmt.Sprintf("07700 9000%02d", i))
		}
		code, body = e.api("GET", "/api/v1/people/matches?"+v.Encode(), tok, "")
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `"field": "phone"`) || !strings.Contains(body, "at most 10 phone numbers") {
			t.Errorf("matches: %d %s", code, body)
		}
	})
}
