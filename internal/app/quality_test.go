package app

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"mace/internal/missing"
	"mace/internal/platform/db"
	"mace/internal/rhiquality"
)

// seedHeldInterviews records, for a Northfield child, n ended episodes in
// the month before last and a return interview held after each, offered
// by service; it returns the episode ids and the month.
func seedHeldInterviews(t *testing.T, e *testEnv, n int, service string) ([]string, string) {
	t.Helper()
	ctx := context.Background()
	var personID string
	if err := e.db.Read().QueryRowContext(ctx, `SELECT p.id FROM people p JOIN organisations o ON o.id = p.owner_org_id
		WHERE o.name LIKE 'Northfield%' AND p.kind = 'child' AND p.merged_into IS NULL AND NOT p.restricted
		ORDER BY p.id LIMIT 1`).Scan(&personID); err != nil {
		t.Fatal(err)
	}
	coord := e.asUser("missing-coordinator@northfield.example")
	first := e.clock.Now().AddDate(0, -2, 0)
	first = time.Date(first.Year(), first.Month(), 1, 9, 0, 0, 0, time.UTC)
	var ids []string
	for i := range n {
		start := first.AddDate(0, 0, 2*i)
		end := start.Add(5 * time.Hour)
		ep, err := e.svc.Missing.CreateEpisode(coord, missing.Input{PersonID: personID, Type: missing.Missing,
			StartAt: start, EndAt: &end, ReportedBy: "Parent", RiskGrading: missing.LowRisk}, "")
		if err != nil {
			t.Fatal(err)
		}
		offered := end.Add(time.Duration(24+20*i) * time.Hour)
		err = e.db.Tx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO return_interviews (episode_id, offered_at, offered_by,
				offered_service, outcome, held_at, push_factors, pull_factors, shared_with_police, follow_ups,
				recorded_by, recorded_by_name, created_at, updated_at) VALUES ($1, $2, 'Casey Lund', $3, 'accepted',
				$4, 'Arguments at home', '', TRUE, '', $5, 'Aisha Rahman', $4, $4)`, ep.ID, db.Time(offered), service,
				db.Time(offered.Add(3*time.Hour)), ep.RecordedByID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, ep.ID)
	}
	return ids, rhiquality.MonthOf(first)
}

func TestQualityAuditPages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		ids, month := seedHeldInterviews(t, e, 3, "Northfield Return Service")
		m := e.signIn("manager@northfield.example")
		if code, body := m.get("/return-interview-audits/standards"); code != http.StatusOK || !strings.Contains(body, "OWN-WORDS") {
			t.Fatalf("standards: %d", code)
		}
		code, body, _ := m.post("/return-interview-audits/standards", url.Values{"code": {"bad code"}, "statement": {""}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "2 to 20 letters") || !strings.Contains(body, `value="bad code"`) {
			t.Fatalf("add with problems: %d", code)
		}
		q := url.Values{"month": {month}, "service": {"northfield return service"}}.Encode()
		code, body = m.get("/return-interview-audits/sample?" + q)
		if code != http.StatusOK || !strings.Contains(body, "3 interviews were held") {
			t.Fatalf("sample: %d\n%s", code, body)
		}
		path := "/return-interview-audits/interviews/" + ids[2]
		code, body = m.get(path)
		if code != http.StatusOK || !strings.Contains(body, "Suggested from the record: not met") {
			t.Fatalf("form: %d", code)
		}
		code, body, _ = m.post(path, url.Values{"score-OFFERED-72H": {"not-met"}, "comment-INDEPENDENT": {"kept <b>"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Select a score for") ||
			!strings.Contains(body, "kept &lt;b&gt;") || !strings.Contains(body, "Explain what was missing") {
			t.Fatalf("errors: %d", code)
		}
		form := url.Values{"overall_comment": {"Thorough."}}
		for _, c := range []string{"OFFERED-72H", "INDEPENDENT", "OWN-WORDS", "PUSH-PULL", "SHARED", "FOLLOW-UP"} {
			form.Set("score-"+c, "met")
		}
		form.Set("score-PUSH-PULL", "partly")
		form.Set("comment-PUSH-PULL", "No pull factors")
		if code, body, _ = m.post(path, form); code != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", code, body)
		}
		code, body = m.get("/return-interview-audits/summary?month=" + month)
		if code != http.StatusOK || !strings.Contains(body, "Northfield Return Service") || !strings.Contains(body, "91.7%") {
			t.Fatalf("summary: %d\n%s", code, body)
		}
		code, body = m.get("/return-interview-audits/summary?format=csv&month=" + month)
		if code != http.StatusOK || !strings.Contains(body, "Northfield Return Service,"+month+",3,1,100,100,100,50,100,100,91.7") {
			t.Fatalf("csv: %d\n%s", code, body)
		}
		status, js := e.api("GET", "/api/v1/return-interview-audits/summary?month="+month, e.token("analyst@northfield.example"), "")
		var sum rhiquality.QualitySummary
		if status != http.StatusOK || json.Unmarshal([]byte(js), &sum) != nil || len(sum.Rows) != 1 || sum.Rows[0].Audited != 1 {
			t.Fatalf("api: %d %s", status, js)
		}
		if status, _ := e.api("GET", "/api/v1/return-interview-audits/summary?month=May", e.token("analyst@northfield.example"), ""); status != http.StatusUnprocessableEntity {
			t.Fatalf("a bad month: %d", status)
		}
		if status, _ := e.api("GET", "/api/v1/return-interview-audits/summary", e.token("manager@riverside.example"), ""); status != http.StatusOK {
			t.Fatalf("another authority reads its own (empty) summary: %d", status)
		}
		other := e.signIn("manager@riverside.example")
		if code, _ := other.get(path); code != http.StatusNotFound {
			t.Fatalf("another authority's manager: %d", code)
		}
		coord := e.signIn("missing-coordinator@northfield.example")
		if code, _ := coord.get("/return-interview-audits/summary"); code != http.StatusForbidden {
			t.Fatalf("a coordinator: %d", code)
		}
	})
}
