package app

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"mace/internal/people"
)

var personLinkRE = regexp.MustCompile(`href="/people/([0-9a-z]{26})"`)

// firstChild finds a demo child Northfield owns, not shared with anyone.
func firstChild(t *testing.T, e *testEnv) *people.Summary {
	t.Helper()
	res, err := e.svc.People.List(e.asUser("screener@northfield.example"), people.ListQuery{PerPage: 200})
	if err != nil {
		t.Fatal(err)
	}
	police := e.user("officer@police.example")
	for _, s := range res.People {
		if s.Kind != people.Child {
			continue
		}
		p, err := e.svc.People.Get(e.asUser("screener@northfield.example"), s.ID)
		if err != nil {
			t.Fatal(err)
		}
		shared := false
		for _, o := range p.InvolvedOrgIDs {
			shared = shared || o == police.Organisation.ID
		}
		if !shared {
			return &s
		}
	}
	t.Fatal("no unshared child in the demo data")
	return nil
}

// TestFindOpenEditSeeAudit is the first journey: sign in, find a child,
// open the record, change it, and see the change in "Who has seen this
// record".
func TestFindOpenEditSeeAudit(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		child := firstChild(t, e)
		c := e.signIn("screener@northfield.example")
		code, body := c.get("/people?q=" + url.QueryEscape(child.FamilyName+" "+child.GivenName[:2]))
		if code != 200 || !strings.Contains(body, "/people/"+child.ID) {
			t.Fatalf("search: %d, child not listed", code)
		}
		code, body = c.get("/people/" + child.ID)
		if code != 200 || !strings.Contains(body, child.GivenName) {
			t.Fatalf("record: %d", code)
		}
		code, _ = c.get("/people/" + child.ID + "/edit")
		if code != 200 {
			t.Fatalf("edit form: %d", code)
		}
		form := formValues(t, c.last)
		form.Set("known_as", "Tiggy")
		code, _, hdr := c.post("/people/"+child.ID, form)
		if code != http.StatusSeeOther || hdr.Get("Location") != "/people/"+child.ID {
			t.Fatalf("save: %d %s", code, hdr.Get("Location"))
		}
		_, body = c.get("/people/" + child.ID)
		if !strings.Contains(body, "Tiggy") || !strings.Contains(body, "Changes saved") {
			t.Fatal("the change is not shown")
		}
		m := e.signIn("manager@northfield.example")
		code, body = m.get("/people/" + child.ID + "/audit")
		if code != 200 {
			t.Fatalf("audit page: %d", code)
		}
		screener := e.user("screener@northfield.example")
		if !strings.Contains(body, "Changed: changed known-as names") || !strings.Contains(body, screener.Name) {
			t.Fatalf("the edit is not in who has seen this record:\n%s", body)
		}
		if strings.Contains(body, "Tiggy") {
			t.Fatal("the audit trail shows a changed value; it should name fields only")
		}
		// A practitioner may not see the trail.
		p := e.signIn("practitioner@northfield.example")
		if code, _ := p.get("/people/" + child.ID + "/audit"); code != http.StatusForbidden {
			t.Fatalf("practitioner audit page: %d", code)
		}
	})
}

// formValues reads the inputs, selects and textareas of the first form
// after the header's sign-out form, as a browser would submit them.
func formValues(t *testing.T, page string) url.Values {
	t.Helper()
	i := strings.Index(page, `<main`)
	page = page[i:]
	v := url.Values{}
	for _, m := range regexp.MustCompile(`<input[^>]*>`).FindAllString(page, -1) {
		name := attr(m, "name")
		if name == "" {
			continue
		}
		typ := attr(m, "type")
		if (typ == "radio" || typ == "checkbox") && !strings.Contains(m, " checked") {
			continue
		}
		v.Add(name, htmlUnescape(attr(m, "value")))
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(page, -1) {
		v.Set(m[1], htmlUnescape(m[2]))
	}
	for _, m := range regexp.MustCompile(`(?s)<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>`).FindAllStringSubmatch(page, -1) {
		if s := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(m[2]); s != nil {
			v.Set(m[1], s[1])
		} else {
			v.Set(m[1], "")
		}
	}
	return v
}

func attr(tag, name string) string {
	m := regexp.MustCompile(` ` + name + `="([^"]*)"`).FindStringSubmatch(tag)
	if m == nil {
		return ""
	}
	return m[1]
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&#39;", "'", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&quot;", `"`).Replace(s)
}

// TestPoliceCannotSeeUninvolvedChild: by page, API or search.
func TestPoliceCannotSeeUninvolvedChild(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		child := firstChild(t, e)
		pc := e.signIn("officer@police.example")
		for _, path := range []string{"/people/" + child.ID, "/people/" + child.ID + "/edit"} {
			if code, body := pc.get(path); code != http.StatusNotFound || strings.Contains(body, child.FamilyName) {
				t.Errorf("police GET %s: %d", path, code)
			}
		}
		if code, _, _ := pc.post("/people/"+child.ID, url.Values{"given_name": {"X"}}); code != http.StatusNotFound {
			t.Errorf("police POST edit: %d", code)
		}
		_, body := pc.get("/people?q=" + url.QueryEscape(child.FamilyName))
		if strings.Contains(body, child.ID) {
			t.Error("police search shows the child")
		}
		_, body = pc.get("/people")
		if strings.Contains(body, child.ID) {
			t.Error("police list shows the child")
		}
		tok := e.token("officer@police.example")
		if code, body := e.api("GET", "/api/v1/people/"+child.ID, tok, ""); code != http.StatusNotFound || strings.Contains(body, child.FamilyName) {
			t.Errorf("police API GET: %d %s", code, body)
		}
		if code, _ := e.api("PATCH", "/api/v1/people/"+child.ID, tok, `{"given_name":"X"}`); code != http.StatusNotFound {
			t.Errorf("police API PATCH: %d", code)
		}
		code, body := e.api("GET", "/api/v1/people?q="+url.QueryEscape(child.FamilyName), tok, "")
		if code != 200 || strings.Contains(body, child.ID) {
			t.Errorf("police API search: %d, shows the child: %v", code, strings.Contains(body, child.ID))
		}
		// A child the police are involved with is visible to them.
		shared := sharedChild(t, e, e.user("officer@police.example").Organisation.ID)
		if code, _ := pc.get("/people/" + shared); code != 200 {
			t.Errorf("police on an involved child: %d", code)
		}
	})
}

// TestBadInputKeepsAnswers: a future date of birth, a wrong NHS check digit
// and an empty name are each reported, the other answers are kept, and
// nothing is saved.
func TestBadInputKeepsAnswers(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		c := e.signIn("screener@northfield.example")
		before := countPeople(t, e)
		c.get("/people/new")
		form := formValues(t, c.last)
		form.Set("given_name", "")
		form.Set("family_name", "Quillfeather")
		form.Set("date_of_birth-day", "1")
		form.Set("date_of_birth-month", "1")
		form.Set("date_of_birth-year", "2099")
		form.Set("nhs_number", "943 476 5918")
		form.Set("gender", "female")
		form.Set("phones", "07700 900 123")
		form.Set("addresses-0-line", "4 Mill Lane")
		form.Set("addresses-0-postcode", "ls1 4ap")
		code, body, _ := c.post("/people", form)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", code)
		}
		for _, want := range []string{"There is a problem", `href="#given_name">Enter a given name`,
			`href="#date_of_birth">Date of birth must be today or in the past`, `href="#nhs_number"`,
			`value="Quillfeather"`, `value="2099"`, "07700 900 123", `value="4 Mill Lane"`, "<title>Error: "} {
			if !strings.Contains(body, want) {
				t.Errorf("missing %q", want)
			}
		}
		if !strings.Contains(body, "check digit") {
			t.Error("the NHS number message should say the check digit is wrong")
		}
		if after := countPeople(t, e); after != before {
			t.Fatalf("saved something: %d -> %d", before, after)
		}
	})
}

func countPeople(t *testing.T, e *testEnv) int {
	var n int
	if err := e.db.Read().QueryRowContext(context.Background(), "SELECT COUNT(*) FROM people").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestNoDuplicates: a double-submitted form and a retried API request each
// make one record.
func TestNoDuplicates(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		c := e.signIn("screener@northfield.example")
		before := countPeople(t, e)
		c.get("/people/new")
		form := formValues(t, c.last)
		form.Set("given_name", "Wrenna")
		form.Set("family_name", "Doublesend")
		form.Set("gender", "female")
		_, _, h1 := c.post("/people", form)
		_, _, h2 := c.post("/people", form)
		if h1.Get("Location") == "" || h1.Get("Location") != h2.Get("Location") {
			t.Fatalf("double submit went to %q and %q", h1.Get("Location"), h2.Get("Location"))
		}
		tok := e.token("screener@northfield.example")
		la := e.user("screener@northfield.example").Organisation.ID
		body := `{"given_name":"Ottilie","family_name":"Retrywell","gender":"female","date_of_birth":"2012-03-04","owning_authority_id":"` + la + `"}`
		code1, r1 := e.api("POST", "/api/v1/people", tok, body, "Idempotency-Key", "abc-123")
		code2, r2 := e.api("POST", "/api/v1/people", tok, body, "Idempotency-Key", "abc-123")
		var p1, p2 people.Person
		_ = json.Unmarshal([]byte(r1), &p1)
		_ = json.Unmarshal([]byte(r2), &p2)
		if code1 != 201 || code2 != 201 || p1.ID == "" || p1.ID != p2.ID {
			t.Fatalf("API retry: %d %d %q %q\n%s", code1, code2, p1.ID, p2.ID, r1)
		}
		if after := countPeople(t, e); after != before+2 {
			t.Fatalf("people %d -> %d, want 2 more", before, after)
		}
	})
}

func TestAPIPeople(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		tok := e.token("screener@northfield.example")
		la := e.user("screener@northfield.example").Organisation.ID
		code, body := e.api("POST", "/api/v1/people", tok, `{"given_name":"","family_name":"Apiton","gender":"x","nhs_number":"123","owning_authority_id":"`+la+`"}`)
		if code != 422 || !strings.Contains(body, `"field": "given_name"`) || !strings.Contains(body, `"field": "nhs_number"`) {
			t.Fatalf("invalid create: %d %s", code, body)
		}
		if code, body := e.api("POST", "/api/v1/people", tok, `{"given_nam":"A"}`); code != 422 || !strings.Contains(body, "given_nam") {
			t.Fatalf("unknown field: %d %s", code, body)
		}
		code, body = e.api("POST", "/api/v1/people", tok, `{"given_name":"Marisol","family_name":"Apiton","gender":"female","known_as":["Mari"],"date_of_birth":"2010-02-03","owning_authority_id":"`+la+`"}`)
		var p people.Person
		if err := json.Unmarshal([]byte(body), &p); err != nil || code != 201 {
			t.Fatalf("create: %d %s", code, body)
		}
		code, body = e.api("PATCH", "/api/v1/people/"+p.ID, tok, `{"phones":["07700 900 555"]}`)
		if code != 200 || !strings.Contains(body, `"07700900555"`) || !strings.Contains(body, `"Mari"`) {
			t.Fatalf("patch: %d %s", code, body)
		}
		if code, _ := e.api("PATCH", "/api/v1/people/"+p.ID, tok, `{"given_name":"Old","version":1}`); code != http.StatusConflict {
			t.Fatalf("stale patch: %d", code)
		}
		code, body = e.api("GET", "/api/v1/people?q=marisol", tok, "")
		if code != 200 || !strings.Contains(body, p.ID) {
			t.Fatalf("search: %d %s", code, body)
		}
		if code, _ := e.api("GET", "/api/v1/people/"+p.ID+"/audit", tok, ""); code != http.StatusForbidden {
			t.Fatalf("screener audit: %d", code)
		}
		code, body = e.api("GET", "/api/v1/people/"+p.ID+"/audit", e.token("dpo@northfield.example"), "")
		if code != 200 || !strings.Contains(body, `"action": "update"`) || !strings.Contains(body, `"action": "create"`) {
			t.Fatalf("dpo audit: %d %s", code, body)
		}
		if code, _ := e.api("GET", "/api/v1/people", "mace_notatoken", ""); code != http.StatusUnauthorized {
			t.Fatalf("bad token: %d", code)
		}
	})
}

// TestRestrictedRecord: once restricted to named people, others who could
// see the record see only that it exists, and searches do not find it.
func TestRestrictedRecord(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		child := firstChild(t, e)
		m := e.signIn("manager@northfield.example")
		code, _ := m.get("/people/" + child.ID + "/access")
		if code != 200 {
			t.Fatalf("access page: %d", code)
		}
		pr := e.user("practitioner@northfield.example")
		code, _, _ = m.post("/people/"+child.ID+"/access/restrict", url.Values{"restricted": {"yes"}, "named": {pr.ID}})
		if code != http.StatusSeeOther {
			t.Fatalf("restrict: %d", code)
		}
		s := e.signIn("screener@northfield.example")
		_, body := s.get("/people/" + child.ID)
		if !strings.Contains(body, "Restricted record") || strings.Contains(body, child.FamilyName) {
			t.Fatal("the screener sees the restricted record's content")
		}
		if _, body := s.get("/people?q=" + url.QueryEscape(child.FamilyName+" "+child.GivenName)); strings.Contains(body, child.ID) {
			t.Fatal("search finds a restricted record")
		}
		p := e.signIn("practitioner@northfield.example")
		if _, body := p.get("/people/" + child.ID); !strings.Contains(body, child.FamilyName) {
			t.Fatal("the named practitioner cannot see the record")
		}
		d := e.signIn("dpo@northfield.example")
		if code, body := d.get("/people/" + child.ID + "/audit"); code != 200 || !strings.Contains(body, "Restricted: restricted to 2 named people") {
			t.Fatalf("dpo audit of a restricted record: %d", code)
		}
	})
}
