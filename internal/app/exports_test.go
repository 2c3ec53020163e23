package app

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mace/internal/demo"
	"mace/internal/missing"
	"mace/internal/people"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
	"mace/internal/platform/testclock"
	"mace/internal/ssda903"
)

// seed903 gives the demo data a Northfield child looked after, with one
// episode in the 2025 collection year that ended and one still open, and
// returns the child's id.
func seed903(t *testing.T, svc *services) string {
	t.Helper()
	u, err := svc.Auth.UserByEmail(context.Background(), "missing-coordinator@northfield.example")
	if err != nil {
		t.Fatal(err)
	}
	ctx := auth.WithUser(context.Background(), u)
	p, err := svc.People.Create(ctx, people.Input{Kind: people.Child, GivenName: "Rowan", FamilyName: "Testperson",
		DateOfBirth: "2011-05-20", Gender: "not-known", OwnerOrgID: u.Organisation.ID}, "")
	if err != nil {
		t.Fatalf("%v %v", err, errs.Fields(err))
	}
	at := func(m time.Month, d, h int) time.Time { return time.Date(2025, m, d, h, 0, 0, 0, civil.London) }
	end := at(5, 2, 9)
	for _, in := range []missing.Input{
		{PersonID: p.ID, Type: missing.Missing, StartAt: at(5, 1, 22), EndAt: &end, ReportedBy: "Residential home",
			RiskGrading: missing.MediumRisk, LookedAfter: true},
		{PersonID: p.ID, Type: missing.Away, StartAt: at(11, 3, 18), ReportedBy: "Residential home",
			RiskGrading: missing.LowRisk, LookedAfter: true},
	} {
		if _, err := svc.Missing.CreateEpisode(ctx, in, ""); err != nil {
			t.Fatalf("%v %v", err, errs.Fields(err))
		}
	}
	return p.ID
}

// The export page shows the report first, then a download link; the
// download and the API send the CSV as an attachment; the report is JSON
// too; each is audited. Changing the child's date of birth afterwards
// breaks a rule, which the page, the API and the command all report.
func TestExportSSDA903Missing(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		child := seed903(t, e.svc)
		code := ssda903.ChildCode(child)
		wantCSV := "CHILD,DOB,MISSING,MIS_START,MIS_END\n" + code + ",20/05/2011,M,01/05/2025,02/05/2025\n" +
			code + ",20/05/2011,A,03/11/2025,\n"
		c := e.signIn("missing-coordinator@northfield.example")
		status, body := c.get("/exports/ssda903-missing?year=2025")
		if status != 200 || !strings.Contains(body, "No problems found") || !strings.Contains(body, "Collection year 2025-26") ||
			!strings.Contains(body, `href="/exports/ssda903-missing/download?year=2025"`) || strings.Contains(body, "Rowan") {
			t.Fatalf("page %d\n%s", status, body)
		}
		status, body, h := c.do("GET", "/exports/ssda903-missing/download?year=2025", nil)
		if status != 200 || body != wantCSV || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") ||
			h.Get("Content-Disposition") != `attachment; filename="ssda903-missing-2025-26.csv"` {
			t.Fatalf("download %d %v\n%s", status, h, body)
		}
		if status, body := c.get("/exports/ssda903-missing?year=twenty"); status != 422 || !strings.Contains(body, "as 4 digits") {
			t.Errorf("a year that is not a number: %d", status)
		}
		if status, body := c.get("/exports/ssda903-missing?year=1999"); status != 422 || !strings.Contains(body, "from 2000 to") {
			t.Errorf("a year too early: %d", status)
		}

		tok := e.token("analyst@northfield.example")
		get := func(path, token string) (int, string, http.Header) {
			req, _ := http.NewRequest("GET", e.ts.URL+path, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			e.checkOpenAPI(req, res, b)
			return res.StatusCode, string(b), res.Header
		}
		if status, body, h := get("/api/v1/exports/ssda903/missing?year=2025", tok); status != 200 || body != wantCSV ||
			!strings.Contains(h.Get("Content-Disposition"), "attachment") {
			t.Errorf("API CSV %d %v\n%s", status, h, body)
		}
		var rep ssda903.Return903
		for _, path := range []string{"/api/v1/exports/ssda903/missing?year=2025&report=json", "/api/v1/exports/ssda903/missing/report?year=2025"} {
			status, body, _ := get(path, tok)
			if err := json.Unmarshal([]byte(body), &rep); status != 200 || err != nil || !rep.Valid || rep.RowCount != 2 ||
				rep.Open != 1 || rep.Children != 1 || len(rep.Problems) != 0 || !strings.Contains(body, `"problems": []`) {
				t.Errorf("%s: %d %v\n%s", path, status, err, body)
			}
		}
		for path, want := range map[string]int{"/api/v1/exports/ssda903/missing": 422, "/api/v1/exports/ssda903/missing?year=2025&report=xml": 422} {
			if status, body, _ := get(path, tok); status != want || !strings.Contains(body, `"field"`) {
				t.Errorf("%s: %d\n%s", path, status, body)
			}
		}
		// The police force's analyst has the role but no authority's return.
		if status, _, _ := get("/api/v1/exports/ssda903/missing?year=2025", e.token("analyst@police.example")); status != 403 {
			t.Errorf("the police analyst: %d", status)
		}
		var views, exports int
		if err := e.db.Read().QueryRowContext(context.Background(), `SELECT
			SUM(CASE WHEN action = 'view' THEN 1 ELSE 0 END), SUM(CASE WHEN action = 'export' THEN 1 ELSE 0 END)
			FROM audit_events WHERE record_type = $1`, ssda903.RecordType903).Scan(&views, &exports); err != nil || views != 3 || exports != 2 {
			t.Errorf("audited %d views and %d exports, want 3 and 2 (%v)", views, exports, err)
		}

		// A date of birth corrected to after the first episode breaks a rule.
		if err := e.svc.DB.Tx(context.Background(), func(tx *sql.Tx) error {
			_, err := tx.Exec(`UPDATE people SET date_of_birth = '2025-06-01' WHERE id = $1`, child)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		status, body = c.get("/exports/ssda903-missing?year=2025")
		if status != 200 || !strings.Contains(body, "1 problem to fix") || !strings.Contains(body, `href="/people/`+child+`"`) ||
			!strings.Contains(body, "MIS_START 01/05/2025 is on or before the date of birth 01/06/2025") || !strings.Contains(body, "with problems") {
			t.Errorf("page with a problem %d\n%s", status, body)
		}
		if _, body, _ := get("/api/v1/exports/ssda903/missing/report?year=2025", tok); !strings.Contains(body, `"rule": "586"`) ||
			!strings.Contains(body, `"valid": false`) || strings.Contains(body, child) {
			t.Errorf("report with a problem\n%s", body)
		}
	})
}

// The command writes the CSV and prints the report; with a problem it
// writes nothing and fails, unless --allow-errors.
func TestExportCommand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "mace.db")
	env := map[string]string{"MACE_DB": path}
	ctx := context.Background()
	d, err := openDB(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	clock := testclock.New(testStart)
	svc := newServices(d, clock.Now)
	if err := demo.Seed(ctx, demo.Services{Auth: svc.Auth, People: svc.People}, 5, 7, clock.Now(), io.Discard); err != nil {
		t.Fatal(err)
	}
	child := seed903(t, svc)
	d.Close()

	if _, err := runCmd(t, env, "", "export", "ssda903-missing", "--year", "2025"); err == nil || !strings.Contains(err.Error(), "--authority") {
		t.Errorf("two authorities and none named: %v", err)
	}
	out := filepath.Join(dir, "missing.csv")
	msg, err := runCmd(t, env, "", "export", "ssda903-missing", "--year", "2025", "--authority", "northfield county council", "--out", out)
	if err != nil || !strings.Contains(msg, "2 episodes of 1 children, 0 started before the year, 1 open at its end") || !strings.Contains(msg, "No problems found") {
		t.Fatalf("export: %v\n%s", err, msg)
	}
	if b, err := os.ReadFile(out); err != nil || !strings.HasPrefix(string(b), "CHILD,DOB,MISSING,MIS_START,MIS_END\n"+ssda903.ChildCode(child)+",20/05/2011,M,01/05/2025,02/05/2025\n") {
		t.Errorf("file %q %v", b, err)
	}
	if _, err := runCmd(t, env, "", "export", "ssda903-missing", "--authority", "Northfield County Council"); err == nil || !strings.Contains(err.Error(), "--year") {
		t.Errorf("no year: %v", err)
	}
	d, err = openDB(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE people SET date_of_birth = '2025-06-01' WHERE id = $1`, child)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	d.Close()
	msg, err = runCmd(t, env, "", "export", "ssda903-missing", "--year", "2025", "--authority", "Northfield County Council")
	if err == nil || !strings.Contains(msg, "[586]") || strings.Contains(msg, "CHILD,DOB") {
		t.Errorf("a problem: %v\n%s", err, msg)
	}
	msg, err = runCmd(t, env, "", "export", "ssda903-missing", "--year", "2025", "--authority", "Northfield County Council", "--allow-errors")
	if err != nil || !strings.Contains(msg, "[586]") || !strings.Contains(msg, "CHILD,DOB,MISSING,MIS_START,MIS_END\n") {
		t.Errorf("--allow-errors: %v\n%s", err, msg)
	}
	if msg, err := runCmd(t, env, "", "audit", "verify"); err != nil {
		t.Errorf("audit: %v %s", err, msg)
	}
}
