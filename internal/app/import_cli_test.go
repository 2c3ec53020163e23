package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mace/internal/platform/civil"
	"mace/internal/platform/db"
)

// TestImportMissingCommand previews a police file on the command line,
// imports it with --commit, and imports it again to no effect.
func TestImportMissingCommand(t *testing.T) {
	t.Parallel() // long, and sharing nothing with other tests
	dir := t.TempDir()
	path := filepath.Join(dir, "mace.db")
	env := map[string]string{"MACE_DB": path}
	if out, err := runCmd(t, env, "", "demo"); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	var given, family string
	var dob civil.Date
	// A Northfield child the police work with, whose name and date of
	// birth no other record has.
	err = d.Read().QueryRowContext(context.Background(), `SELECT p.given_name, p.family_name, p.date_of_birth
		FROM people p JOIN organisations o ON o.id = p.owner_org_id
		WHERE o.name LIKE 'Northfield%' AND p.kind = 'child' AND NOT p.restricted AND p.date_of_birth IS NOT NULL
		AND (SELECT COUNT(*) FROM people q WHERE q.family_name = p.family_name) = 1
		AND EXISTS (SELECT 1 FROM record_organisations ro JOIN organisations f ON f.id = ro.organisation_id
			WHERE ro.record_type = 'person' AND ro.record_id = p.id AND f.type = 'police')
		ORDER BY p.id LIMIT 1`).Scan(&given, &family, &dob)
	d.Close()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "police.csv")
	content := "police_reference,type,given_name,family_name,date_of_birth,start,end,risk_grading,reported_by\n" +
		fmt.Sprintf("NRP-1,M,%s,%s,%s,20/11/2025 18:30,21/11/2025 09:00,medium,Carer\n", given, family, dob) +
		"NRP-2,Q,Nobody,Known,01/01/2012,20/11/2025 18:30,,medium,Carer\n"
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	as, north := "missing@police.example", "Northfield County Council"
	if _, err := runCmd(t, env, "", "import", "missing", file, "--as", as); err == nil ||
		!strings.Contains(err.Error(), "Select the local authority") {
		t.Errorf("a police file for no authority: %v", err)
	}
	out, err := runCmd(t, env, "", "import", "missing", file, "--as", as, "--for", north)
	if err != nil || !strings.Contains(out, "1 to create, 0 to close, 0 already imported, 0 for review, 1 with problems") ||
		!strings.Contains(out, "line 3 (NRP-2): type:") || !strings.Contains(out, "Nothing was imported") {
		t.Fatalf("preview: %v\n%s", err, out)
	}
	if strings.Contains(out, family) {
		t.Errorf("the output names the young person:\n%s", out)
	}
	out, err = runCmd(t, env, "", "import", "missing", "--commit", "--as", as, "--for", north, file)
	if err != nil || !strings.Contains(out, "Imported: 1 episodes created, 0 closed, 0 unchanged; 0 rows on the review list; 1 tasks made.") ||
		!strings.Contains(out, "\rImporting: 1 of 1") {
		t.Fatalf("commit: %v\n%q", err, out)
	}
	out, err = runCmd(t, env, "", "import", "missing", file, "--as", as, "--for", north, "--commit")
	if err != nil || !strings.Contains(out, "Imported: 0 episodes created, 0 closed, 1 unchanged") {
		t.Fatalf("again: %v\n%s", err, out)
	}
	if _, err := runCmd(t, env, "", "import", "missing", file); err == nil || !strings.Contains(err.Error(), "--as") {
		t.Errorf("without --as: %v", err)
	}
	if _, err := runCmd(t, env, "", "import", "missing", file, "--as", "officer@northfield.example"); err == nil {
		t.Error("an unknown user imported")
	}
}
