package app

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"mace/internal/consultation"
	"mace/internal/demo"
)

func seedConsultations(t *testing.T, e *testEnv) {
	t.Helper()
	if err := demo.SeedConsultations(context.Background(), e.svc.Auth, e.svc.Consultations, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
}

func countConsultations(t *testing.T, e *testEnv) int {
	t.Helper()
	var n int
	if err := e.db.Read().QueryRowContext(context.Background(), "SELECT COUNT(*) FROM consultations").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestConsultationPages: the log, the form with errors (answers kept), a
// double submit, the page (text shown as text), a stale edit, and who sees
// what.
func TestConsultationPages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		seedConsultations(t, e)
		c := e.signIn("screener@northfield.example")
		if _, body := c.get("/"); !strings.Contains(body, `href="/consultations"`) || !strings.Contains(body, `href="/consultations/new"`) {
			t.Error("the home page does not link to consultations")
		}
		code, body := c.get("/consultations")
		if code != 200 || !strings.Contains(body, "Andrew Bennett") || !strings.Contains(body, "Meadowbank Youth Club") ||
			strings.Contains(body, "Yasmin Akhtar") {
			t.Fatalf("log: %d\n%s", code, body)
		}
		if strings.Index(body, "Andrew Bennett") > strings.Index(body, "Lucy Turner") {
			t.Error("the log is not newest first")
		}
		_, body = c.get("/consultations?state=no-referral")
		if !strings.Contains(body, "Meadowbank Youth Club") || strings.Contains(body, "Andrew Bennett") {
			t.Error("the state filter does not filter")
		}
		_, body = c.get("/consultations?from-day=31&from-month=2&from-year=2026")
		if !strings.Contains(body, "The start date must be a real date") {
			t.Error("a bad filter date is not reported")
		}

		before := countConsultations(t, e)
		c.get("/consultations/new")
		form := formValues(t, c.last)
		if form.Get("occurred_time") == "" || form.Get("idempotency_key") == "" {
			t.Fatalf("the new form is not dated now or has no key: %v", form)
		}
		form.Set("professional_name", "")
		form.Set("professional_role", strings.Repeat("r", 101))
		form.Set("occurred_time", "25:00")
		form.Set("child_name", "Remy <b>Quill</b>")
		form.Set("advice", "")
		form.Set("question", "Is <script>alert(1)</script> a worry?")
		code, body, _ = c.post("/consultations", form)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("invalid form: %d", code)
		}
		for _, want := range []string{"There is a problem", `href="#occurred">Enter the time of the consultation like 14:30`,
			`href="#method"`, `href="#professional_name">Enter the name`, "100 characters or fewer", `href="#organisation_id"`,
			`href="#advice">Enter the advice given`, `value="Remy &lt;b&gt;Quill&lt;/b&gt;"`, "Is &lt;script&gt;alert(1)&lt;/script&gt; a worry?"} {
			if !strings.Contains(body, want) {
				t.Errorf("the form with errors lacks %q", want)
			}
		}
		// Find a person record to link, keeping what was typed.
		form = formValues(t, body)
		form.Set("person_search", "a")
		form.Set("action", "find-person")
		code, body, _ = c.post("/consultations", form)
		if code != 200 || !strings.Contains(body, `name="person_id" type="radio"`) || !strings.Contains(body, "Remy &lt;b&gt;Quill") {
			t.Fatalf("person search: %d", code)
		}
		form = formValues(t, body)
		form.Del("action")
		form.Set("occurred_time", "9:05am")
		form.Set("method", consultation.Phone)
		form.Set("professional_name", "Nell Ashdown")
		form.Set("professional_role", "School nurse")
		form.Set("organisation_id", "other")
		form.Set("other_organisation", "Ashgrove Clinic")
		form.Set("advice", "Refer <today>.\nKeep notes.")
		_, _, h1 := c.post("/consultations", form)
		_, _, h2 := c.post("/consultations", form)
		loc := h1.Get("Location")
		if !strings.HasPrefix(loc, "/consultations/") || loc != h2.Get("Location") {
			t.Fatalf("double submit went to %q and %q", loc, h2.Get("Location"))
		}
		if after := countConsultations(t, e); after != before+1 {
			t.Fatalf("consultations %d -> %d, want one more", before, after)
		}
		code, body = c.get(loc)
		if code != http.StatusOK {
			t.Fatalf("the consultation page: %d\n%.2000s", code, body)
		}
		for _, want := range []string{"Consultation logged", "Nell Ashdown", "Ashgrove Clinic", "Remy &lt;b&gt;Quill&lt;/b&gt;",
			"Is &lt;script&gt;alert(1)&lt;/script&gt; a worry?", "Refer &lt;today&gt;.", "9:05am",
			`href="/referrals/new?consultation=` + strings.TrimPrefix(loc, "/consultations/") + `"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the consultation page lacks %q", want)
			}
		}
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<b>Quill") {
			t.Error("text is shown as HTML")
		}
		// A stale edit is refused, a fresh one saved.
		c.get(loc + "/edit")
		stale := formValues(t, c.last)
		fresh := formValues(t, c.last)
		fresh.Set("referral_state", consultation.NoReferral)
		if code, _, h := c.post(loc, fresh); code != http.StatusSeeOther || h.Get("Location") != loc {
			t.Fatalf("edit: %d", code)
		}
		stale.Set("advice", "Other advice")
		if code, _, _ := c.post(loc, stale); code != http.StatusConflict {
			t.Fatalf("stale edit: %d, want 409", code)
		}
		// Another authority, the police and a referrer see nothing.
		r := e.signIn("screener@riverside.example")
		if code, _ := r.get(loc); code != http.StatusNotFound {
			t.Errorf("Riverside opens Northfield's consultation: %d", code)
		}
		if _, body := r.get("/consultations"); strings.Contains(body, "Nell Ashdown") || !strings.Contains(body, "Yasmin Akhtar") {
			t.Error("Riverside's log is not its own")
		}
		for _, email := range []string{"officer@police.example", "referrer@health.example"} {
			u := e.signIn(email)
			if code, _ := u.get("/consultations"); code != http.StatusForbidden {
				t.Errorf("%s opens the log: %d", email, code)
			}
			if _, body := u.get("/"); strings.Contains(body, "/consultations") {
				t.Errorf("%s's home page links to consultations", email)
			}
		}
		d := e.signIn("dpo@northfield.example")
		if code, body := d.get(loc); code != 200 || strings.Contains(body, "/edit") {
			t.Errorf("the DPO reads (%d) but should not be offered a change", code)
		}
	})
}

func TestConsultationAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		tok := e.token("lead@northfield.example")
		code, body := e.api("POST", "/api/v1/consultations", tok, `{"method":"fax","advice":"","professional_name":"`+strings.Repeat("x", 101)+`"}`)
		if code != 422 || !strings.Contains(body, `"field": "method"`) || !strings.Contains(body, "100 characters or fewer") {
			t.Fatalf("invalid: %d %s", code, body)
		}
		orgs := mustOrgs(t, e)
		in := `{"method":"email","professional_name":"Ivo Brant","organisation_id":"` + orgs[0] + `","child_name":"Sunny","child_age":12,
			"concern_types":["online"],"advice":"Refer.","referral_state":"advised"}`
		code1, r1 := e.api("POST", "/api/v1/consultations", tok, in, "Idempotency-Key", "k-1")
		code2, r2 := e.api("POST", "/api/v1/consultations", tok, in, "Idempotency-Key", "k-1")
		var c1, c2 consultation.Consultation
		_ = json.Unmarshal([]byte(r1), &c1)
		_ = json.Unmarshal([]byte(r2), &c2)
		if code1 != 201 || code2 != 201 || c1.ID == "" || c1.ID != c2.ID || countConsultations(t, e) != 1 {
			t.Fatalf("retry: %d %d %q %q\n%s", code1, code2, c1.ID, c2.ID, r1)
		}
		code, body = e.api("GET", "/api/v1/consultations/"+c1.ID, tok, "")
		if code != 200 || !strings.Contains(body, `"concern_types": [`) || !strings.Contains(body, `"taken_by": "Claire Fletcher"`) {
			t.Fatalf("get: %d %s", code, body)
		}
		code, body = e.api("GET", "/api/v1/consultations?state=advised&from=2000-01-01", tok, "")
		if code != 200 || !strings.Contains(body, c1.ID) || !strings.Contains(body, `"total": 1`) {
			t.Fatalf("list: %d %s", code, body)
		}
		if code, body := e.api("GET", "/api/v1/consultations?from=yesterday", tok, ""); code != 422 || !strings.Contains(body, `"field": "from"`) {
			t.Fatalf("bad date: %d %s", code, body)
		}
		other := e.token("manager@riverside.example")
		if code, _ := e.api("GET", "/api/v1/consultations/"+c1.ID, other, ""); code != http.StatusNotFound {
			t.Fatalf("another authority: %d", code)
		}
		if code, _ := e.api("GET", "/api/v1/consultations", e.token("officer@police.example"), ""); code != http.StatusForbidden {
			t.Fatalf("police: %d", code)
		}
	})
}

func mustOrgs(t *testing.T, e *testEnv) []string {
	t.Helper()
	orgs, err := e.svc.Auth.ListOrganisations(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, o := range orgs {
		ids = append(ids, o.ID)
	}
	return ids
}
