package app

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"mace/internal/consultation"
)

// logConsultations logs n consultations for the lead's authority, an hour
// apart, through the service.
func logConsultations(t *testing.T, e *testEnv, n int) {
	t.Helper()
	orgs := mustOrgs(t, e)
	ctx := e.asUser("lead@northfield.example")
	for i := range n {
		in := consultation.Input{OccurredAt: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC).Add(-time.Duration(i) * time.Hour),
			Method: consultation.Phone, ProfessionalName: fmt.Sprintf("Caller %02d", i), OrganisationID: orgs[0],
			Advice: "Refer to the front door.", ReferralState: consultation.NotYet}
		if _, err := e.svc.Consultations.Create(ctx, in, ""); err != nil {
			t.Fatal(err)
		}
	}
}

// TestConsultationAPIIsPaged: the consultation log is read a page at a
// time over the API by a cursor, newest first, every consultation once
// (the walk's order is the consultation package's TestListIsPaged).
func TestConsultationAPIIsPaged(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		logConsultations(t, e, 5)
		tok := e.token("lead@northfield.example")
		rows := walkAPI(t, e, tok, "/api/v1/consultations", "consultations", "id", 2)
		code, body := e.api("GET", "/api/v1/consultations?limit=200", tok, "")
		var one struct {
			Consultations []map[string]any `json:"consultations"`
			Total         int              `json:"total"`
		}
		if code != http.StatusOK || json.Unmarshal([]byte(body), &one) != nil {
			t.Fatalf("%d %s", code, body)
		}
		if len(rows) < 5 || len(rows) != one.Total || len(rows) != len(one.Consultations) {
			t.Fatalf("the pages gave %d consultations, the whole log %d (total %d)", len(rows), len(one.Consultations), one.Total)
		}
		for i := range rows {
			if rows[i]["id"] != one.Consultations[i]["id"] {
				t.Fatalf("consultation %d of the pages is not the log's", i)
			}
		}
	})
}

// TestConsultationPageLinksTheNextPage: the log links its next page,
// which links back to the first; a made-up cursor is refused plainly.
func TestConsultationPageLinksTheNextPage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		logConsultations(t, e, 55)
		c := e.signIn("lead@northfield.example")
		code, body := c.get("/consultations")
		if code != http.StatusOK {
			t.Fatalf("consultations: %d", code)
		}
		i := strings.Index(body, `href="/consultations?after=`)
		if i < 0 || strings.Contains(body, "First page") {
			t.Fatal("no link to the next page, or a link to the first on the first")
		}
		next := body[i+len(`href="`):]
		next = strings.ReplaceAll(next[:strings.Index(next, `"`)], "&amp;", "&")
		code, body = c.get(next)
		if code != http.StatusOK || !strings.Contains(body, `href="/consultations" rel="first"`) {
			t.Fatalf("the next page %s: %d", next, code)
		}
		if code, body = c.get("/consultations?after=not-a-cursor"); code != http.StatusUnprocessableEntity || !strings.Contains(body, "first page") {
			t.Fatalf("a bad cursor: %d", code)
		}
	})
}
