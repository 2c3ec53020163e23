package app

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mace/internal/people"
)

// The page sizes of every paged list, as the OpenAPI document states them.
const defaultListPage, maxListPage = 50, 200

// walkAPI reads the list at path (with or without a query) as tok a page
// of limit at a time by its cursor, and gives every row of the array
// field key (each with its id in idKey), in the order the pages gave them; it fails when a page is
// longer than limit, a row's id comes twice, or the pages do not end. It
// also checks that a limit above the maximum gets the maximum and that a
// cursor the list did not give is refused with 422 and a plain message.
func walkAPI(t *testing.T, e *testEnv, tok, path, key, idKey string, limit int) []map[string]any {
	t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	get := func(query string) (rows []map[string]any, next string, lim int) {
		t.Helper()
		code, body := e.api("GET", path+sep+query, tok, "")
		if code != http.StatusOK {
			t.Fatalf("%s%s%s: %d %s", path, sep, query, code, body)
		}
		var p map[string]json.RawMessage
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(p[key], &rows); err != nil {
			t.Fatalf("%s: %v in %s", key, err, body)
		}
		json.Unmarshal(p["next_cursor"], &next)
		json.Unmarshal(p["limit"], &lim)
		return rows, next, lim
	}
	if _, _, lim := get("limit=100000"); lim != maxListPage {
		t.Errorf("%s with limit 100000: a page of %d, want the maximum %d", path, lim, maxListPage)
	}
	if _, _, lim := get(""); lim != defaultListPage {
		t.Errorf("%s: a page of %d unless asked, want %d", path, lim, defaultListPage)
	}
	code, body := e.api("GET", path+sep+"cursor=not-a-cursor", tok, "")
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "first page") {
		t.Errorf("%s with a bad cursor: %d %s", path, code, body)
	}
	code, body = e.api("GET", path+sep+"limit=ten", tok, "")
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "limit") {
		t.Errorf("%s with a bad limit: %d %s", path, code, body)
	}
	var all []map[string]any
	seen := map[any]bool{}
	query := fmt.Sprintf("limit=%d", limit)
	for pages := 0; ; pages++ {
		if pages > 1000 {
			t.Fatalf("%s: the pages do not end", path)
		}
		rows, next, _ := get(query)
		if len(rows) > limit {
			t.Fatalf("%s: a page of %d rows, limit %d", path, len(rows), limit)
		}
		for _, r := range rows {
			if r[idKey] == nil || seen[r[idKey]] {
				t.Fatalf("%s: %v shown twice", path, r[idKey])
			}
			seen[r[idKey]] = true
		}
		all = append(all, rows...)
		if next == "" {
			return all
		}
		query = fmt.Sprintf("limit=%d&cursor=%s", limit, url.QueryEscape(next))
	}
}

// TestPeopleAPIIsPaged: the people list and a search are read a page at
// a time by a cursor, every record once, in name order.
func TestPeopleAPIIsPaged(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		tok := e.token("screener@northfield.example")
		rows := walkAPI(t, e, tok, "/api/v1/people", "people", "id", 7)
		code, body := e.api("GET", "/api/v1/people?limit=200", tok, "")
		var one struct {
			People []map[string]any `json:"people"`
			Total  int              `json:"total"`
		}
		if code != http.StatusOK || json.Unmarshal([]byte(body), &one) != nil {
			t.Fatalf("%d %s", code, body)
		}
		if len(rows) != one.Total || len(rows) != len(one.People) || len(rows) < 15 {
			t.Fatalf("the pages gave %d records, the whole list %d (total %d)", len(rows), len(one.People), one.Total)
		}
		for i := range rows {
			if rows[i]["id"] != one.People[i]["id"] {
				t.Fatalf("record %d of the pages is not the list's", i)
			}
		}
		if n := len(walkAPI(t, e, tok, "/api/v1/people?q=a", "people", "id", 3)); n == 0 {
			t.Error("a search found no one")
		}
	})
}

// TestMissingAPIIsPaged: the lists of children missing now and of overdue
// return interviews take a limit and a cursor over the API (the walk over
// many pages is the missing package's TestListsArePaged).
func TestMissingAPIIsPaged(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		tok := e.token("missing-coordinator@northfield.example")
		for _, path := range []string{"/api/v1/missing-now", "/api/v1/return-interviews/overdue"} {
			rows := walkAPI(t, e, tok, path, "episodes", "episode_id", 1)
			code, body := e.api("GET", path+"?limit=200", tok, "")
			var one struct {
				Episodes []map[string]any `json:"episodes"`
			}
			if code != http.StatusOK || json.Unmarshal([]byte(body), &one) != nil || len(one.Episodes) != len(rows) {
				t.Fatalf("%s: the pages gave %d episodes, the whole list %d", path, len(rows), len(one.Episodes))
			}
			for i := range rows {
				if rows[i]["episode_id"] != one.Episodes[i]["episode_id"] {
					t.Fatalf("%s: episode %d of the pages is not the list's", path, i)
				}
			}
		}
	})
}

// TestReferralsAPIIsPaged: a referrer's own referrals take a limit and a
// cursor over the API (the walk over many pages is the referral package's
// TestMineIsPaged).
func TestReferralsAPIIsPaged(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		walkAPI(t, e, e.token("screener@northfield.example"), "/api/v1/referrals", "referrals", "id", 1)
	})
}

// TestPeoplePageLinksTheNextPage: the people list links its next page,
// which links back to the first; a made-up cursor is refused plainly.
func TestPeoplePageLinksTheNextPage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		recs := make([]people.NewRecord, 60)
		for i := range recs {
			recs[i] = people.NewRecord{Input: people.Input{GivenName: fmt.Sprintf("Paged%02d", i), FamilyName: "Listwright",
				Gender: "female", DateOfBirth: "2011-05-06", OwnerOrgID: e.user("screener@northfield.example").Organisation.ID}}
		}
		if _, err := e.svc.People.CreateMany(e.asUser("screener@northfield.example"), recs); err != nil {
			t.Fatal(err)
		}
		c := e.signIn("screener@northfield.example")
		code, body := c.get("/people")
		if code != http.StatusOK {
			t.Fatalf("people: %d", code)
		}
		i := strings.Index(body, `href="/people?after=`)
		if i < 0 {
			t.Fatal("no link to the next page")
		}
		next := body[i+len(`href="`):]
		next = strings.ReplaceAll(next[:strings.Index(next, `"`)], "&amp;", "&")
		code, body = c.get(next)
		if code != http.StatusOK || !strings.Contains(body, "First page") {
			t.Fatalf("the next page %s: %d", next, code)
		}
		if code, body = c.get("/people?after=not-a-cursor"); code != http.StatusUnprocessableEntity || !strings.Contains(body, "first page") {
			t.Fatalf("a bad cursor: %d", code)
		}
	})
}
