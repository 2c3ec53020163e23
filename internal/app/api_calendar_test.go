package app

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"mace/internal/platform/civil"
	"mace/internal/platform/web"
)

func TestAPIWorkingDays(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		// Any signed-in user may ask: a referrer sees no records at all.
		tok := e.token("referrer@health.example")
		ask := func(query string) (int, string) {
			t.Helper()
			return e.api("GET", "/api/v1/calendar/working-days?"+query, tok, "")
		}
		for _, c := range []struct{ from, add, want string }{
			{"2026-12-24", "1", "2026-12-29"}, // over Christmas, Boxing Day on Monday 28
			{"2026-12-26", "0", "2026-12-29"}, // a Saturday counts from the next working day
			{"2026-11-23", "0", "2026-11-23"},
			{"2026-04-02", "1", "2026-04-07"},    // over Easter
			{"2022-06-01", "1", "2022-06-06"},    // over the Platinum Jubilee
			{"2026-11-23", "1000", "2030-11-06"}, // the most that may be added
			{" 2026-12-24 ", " 1 ", "2026-12-29"},
		} {
			code, body := ask("from=" + url.QueryEscape(c.from) + "&add=" + url.QueryEscape(c.add))
			var got struct {
				Date string `json:"date"`
			}
			if err := json.Unmarshal([]byte(body), &got); err != nil || code != http.StatusOK || got.Date != c.want {
				t.Errorf("from %s add %s: %d %s, want %s", c.from, c.add, code, body, c.want)
			}
		}

		for _, c := range []struct {
			query  string
			fields []string
		}{
			{"add=1", []string{"from"}},
			{"from=&add=1", []string{"from"}},
			{"from=2026-02-30&add=1", []string{"from"}},
			{"from=24/12/2026&add=1", []string{"from"}},
			{"from=1999-12-31&add=1", []string{"from"}},
			{"from=2101-01-03&add=1", []string{"from"}},
			{"from=2026-12-24", []string{"add"}},
			{"from=2026-12-24&add=", []string{"add"}},
			{"from=2026-12-24&add=-1", []string{"add"}},
			{"from=2026-12-24&add=1001", []string{"add"}},
			{"from=2026-12-24&add=1.5", []string{"add"}},
			{"from=2026-12-24&add=two", []string{"add"}},
			{"", []string{"from", "add"}},
		} {
			code, body := ask(c.query)
			var got web.APIError
			if err := json.Unmarshal([]byte(body), &got); err != nil || code != http.StatusUnprocessableEntity || got.Kind != "invalid" {
				t.Errorf("%q: %d %s, want 422 invalid", c.query, code, body)
				continue
			}
			var fields []string
			for _, f := range got.Fields {
				fields = append(fields, f.Field)
				if f.Message == "" {
					t.Errorf("%q: no message for %s", c.query, f.Field)
				}
			}
			if !slices.Equal(fields, c.fields) {
				t.Errorf("%q: fields %v, want %v", c.query, fields, c.fields)
			}
		}

		// An administrator's change shows at once.
		admin := e.asUser("administrator@northfield.example")
		if err := e.svc.Calendar.AddHoliday(admin, civil.Date{Year: 2027, Month: 6, Day: 7}, "Example day"); err != nil {
			t.Fatal(err)
		}
		if code, body := ask("from=2027-06-04&add=1"); code != http.StatusOK || !jsonHasDate(body, "2027-06-08") {
			t.Errorf("over an added bank holiday: %d %s", code, body)
		}

		// Signed out, or with a token that is not one.
		for _, token := range []string{"", "mace_notatoken"} {
			code, body := e.api("GET", "/api/v1/calendar/working-days?from=2026-12-24&add=1", token, "")
			var got web.APIError
			if err := json.Unmarshal([]byte(body), &got); err != nil || code != http.StatusUnauthorized || got.Kind != "unauthenticated" {
				t.Errorf("token %q: %d %s, want 401", token, code, body)
			}
		}
	})
}

func jsonHasDate(body, want string) bool {
	var got struct {
		Date string `json:"date"`
	}
	return json.Unmarshal([]byte(body), &got) == nil && got.Date == want
}
