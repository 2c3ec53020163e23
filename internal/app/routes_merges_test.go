package app

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"mace/internal/people"
	"mace/internal/platform/auth"
	"mace/internal/task"
)

func init() {
	managers := []auth.Role{auth.Lead, auth.Manager}
	for _, p := range []string{"GET /people/{id}/merge", "GET /people/{id}/merge/confirm", "POST /people/{id}/merge",
		"POST /people/{id}/merges/{merge}/undo", "POST /api/v1/people/{id}/merge", "POST /api/v1/merges/{id}/undo"} {
		allowed[p] = managers
	}
}

// twinRecords makes two Northfield records of one invented young person,
// the duplicate with a task about it.
func twinRecords(t *testing.T, e *testEnv) (keep, dup *people.Person, taskID string) {
	t.Helper()
	ctx := e.asUser("lead@northfield.example")
	la := e.user("lead@northfield.example")
	var err error
	keep, err = e.svc.People.Create(ctx, people.Input{GivenName: "Tobiah", FamilyName: "Quennell", DateOfBirth: "2011-02-03",
		Gender: "male", OwnerOrgID: la.Organisation.ID, Phones: []string{"07700 900 401"}}, "")
	if err != nil {
		t.Fatal(err)
	}
	dup, err = e.svc.People.Create(ctx, people.Input{GivenName: "Toby", FamilyName: "Quennell", DateOfBirth: "2011-02-03",
		Gender: "male", OwnerOrgID: la.Organisation.ID, KnownAs: []string{"TQ"}, Phones: []string{"07700 900 402"}}, "")
	if err != nil {
		t.Fatal(err)
	}
	tk, _, err := e.svc.Tasks.Create(ctx, task.NewTask{Kind: "test-follow-up", Title: "Follow up", RecordType: "person",
		RecordID: dup.ID, PersonID: dup.ID, Owner: task.Owner{UserID: la.ID}, OrganisationID: la.Organisation.ID,
		DueAt: e.clock.Now().Add(48 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	return keep, dup, tk.ID
}

func (e *testEnv) taskPerson(id string) string {
	e.t.Helper()
	var p string
	if err := e.db.Read().QueryRowContext(context.Background(), "SELECT person_id FROM tasks WHERE id = $1", id).Scan(&p); err != nil {
		e.t.Fatal(err)
	}
	return p
}

var undoFormRE = regexp.MustCompile(`action="(/people/[^"]+/merges/[^"]+/undo)"`)

func TestMergePages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		keep, dup, taskID := twinRecords(t, e)
		c := e.signIn("lead@northfield.example")
		code, body := c.get("/people/" + keep.ID)
		if code != http.StatusOK || !strings.Contains(body, `href="/people/`+keep.ID+`/merge"`) {
			t.Fatalf("record page lacks the merge link: %d", code)
		}
		code, body = c.get("/people/" + keep.ID + "/merge")
		if code != http.StatusOK || !strings.Contains(body, `value="`+dup.ID+`"`) || strings.Contains(body, `value="`+keep.ID+`"`) {
			t.Fatalf("choose page: %d\n%s", code, body)
		}
		// Nothing chosen, or a record number that is no record: the choice is asked again.
		code, body = c.get("/people/" + keep.ID + "/merge/confirm?duplicate_id=other")
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Select the duplicate record") {
			t.Fatalf("nothing chosen: %d", code)
		}
		code, body = c.get("/people/" + keep.ID + "/merge/confirm?duplicate_id=other&other_id=01nosuchrecord0000000000000")
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "no record with that number") || !strings.Contains(body, `href="#other_id"`) {
			t.Fatalf("no such record: %d\n%s", code, body)
		}
		code, body = c.get("/people/" + keep.ID + "/merge/confirm?duplicate_id=" + dup.ID)
		if code != http.StatusOK || !strings.Contains(body, "Toby Quennell") || !strings.Contains(body, "Move 1 tasks record") ||
			!strings.Contains(body, "known-as names") {
			t.Fatalf("confirm page: %d\n%s", code, body)
		}
		// No reason: the confirmation again, with the error.
		form := url.Values{"duplicate_id": {dup.ID}, "keep_version": {"1"}, "duplicate_version": {"1"}}
		code, body, _ = c.post("/people/"+keep.ID+"/merge", form)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Enter why these records are the same young person") {
			t.Fatalf("no reason: %d", code)
		}
		// A stale page is refused.
		stale := url.Values{"duplicate_id": {dup.ID}, "keep_version": {"1"}, "duplicate_version": {"7"}, "reason": {"Same boy"}}
		if code, _, _ = c.post("/people/"+keep.ID+"/merge", stale); code != http.StatusConflict {
			t.Fatalf("stale merge: %d", code)
		}
		form.Set("reason", "School confirmed they are the same pupil")
		code, _, h := c.post("/people/"+keep.ID+"/merge", form)
		if code != http.StatusSeeOther || h.Get("Location") != "/people/"+keep.ID {
			t.Fatalf("merge: %d %v", code, h)
		}
		if e.taskPerson(taskID) != keep.ID {
			t.Error("the task did not move to the record kept")
		}
		code, body = c.get("/people/" + keep.ID)
		if !strings.Contains(body, "Records merged") || !strings.Contains(body, "Merge history") || !strings.Contains(body, "Toby Quennell") ||
			!strings.Contains(body, "moved 1 tasks row") {
			t.Fatalf("kept record after merge: %d\n%s", code, body)
		}
		code, body = c.get("/people/" + dup.ID)
		if code != http.StatusOK || !strings.Contains(body, "This record was merged") || !strings.Contains(body, `href="/people/`+keep.ID+`"`) {
			t.Fatalf("tombstone page: %d\n%s", code, body)
		}
		// Other roles see no merge link and cannot undo.
		sc := e.signIn("screener@northfield.example")
		if _, body := sc.get("/people/" + keep.ID); strings.Contains(body, "/merge\"") || strings.Contains(body, "Undo this merge") {
			t.Error("a screener is offered merging")
		}
		// Undo from the kept record.
		c.get("/people/" + keep.ID)
		m := undoFormRE.FindStringSubmatch(c.last)
		if m == nil {
			t.Fatal("no undo button")
		}
		code, _, _ = c.post(m[1], url.Values{})
		if code != http.StatusSeeOther {
			t.Fatalf("undo: %d", code)
		}
		if e.taskPerson(taskID) != dup.ID {
			t.Error("the task did not go back")
		}
		if code, body = c.get("/people/" + dup.ID); code != http.StatusOK || !strings.Contains(body, "Toby") {
			t.Fatalf("duplicate after undo: %d", code)
		}
		if code, _, _ = c.post(m[1], url.Values{}); code != http.StatusConflict {
			t.Errorf("second undo: %d", code)
		}
	})
}

func TestAPIMerges(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		keep, dup, taskID := twinRecords(t, e)
		lead := e.token("lead@northfield.example")
		code, body := e.api("POST", "/api/v1/people/"+keep.ID+"/merge", e.token("screener@northfield.example"),
			`{"duplicate_id": "`+dup.ID+`", "reason": "same"}`)
		if code != http.StatusForbidden {
			t.Fatalf("screener: %d %s", code, body)
		}
		code, body = e.api("POST", "/api/v1/people/"+keep.ID+"/merge", lead, `{"duplicate_id": "`+keep.ID+`", "reason": ""}`)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `"duplicate_id"`) || !strings.Contains(body, `"reason"`) {
			t.Fatalf("bad request: %d %s", code, body)
		}
		code, body = e.api("POST", "/api/v1/people/"+keep.ID+"/merge", lead,
			`{"duplicate_id": "`+dup.ID+`", "reason": "same", "keep_version": 1, "duplicate_version": 9}`)
		if code != http.StatusConflict {
			t.Fatalf("stale: %d %s", code, body)
		}
		code, body = e.api("POST", "/api/v1/people/"+keep.ID+"/merge", lead, `{"duplicate_id": "`+dup.ID+`", "reason": "School confirmed"}`)
		if code != http.StatusCreated {
			t.Fatalf("merge: %d %s", code, body)
		}
		var m struct {
			ID     string `json:"id"`
			KeptID string `json:"kept_id"`
		}
		if err := json.Unmarshal([]byte(body), &m); err != nil || m.ID == "" || m.KeptID != keep.ID {
			t.Fatalf("%s: %v", body, err)
		}
		if !strings.Contains(body, `"row_id": "`+taskID+`"`) || strings.Contains(body, "07700") || strings.Contains(body, "Toby") {
			t.Errorf("merge record: %s", body)
		}
		code, body = e.api("GET", "/api/v1/people/"+dup.ID, lead, "")
		if code != http.StatusNotFound || !strings.Contains(body, "/api/v1/people/"+keep.ID) {
			t.Fatalf("tombstone: %d %s", code, body)
		}
		if code, body = e.api("GET", "/api/v1/people?q=Toby", lead, ""); code != http.StatusOK || strings.Contains(body, dup.ID) {
			t.Errorf("search finds the tombstone: %d %s", code, body)
		}
		code, body = e.api("POST", "/api/v1/merges/"+m.ID+"/undo", lead, "")
		if code != http.StatusNoContent {
			t.Fatalf("undo: %d %s", code, body)
		}
		if code, _ = e.api("GET", "/api/v1/people/"+dup.ID, lead, ""); code != http.StatusOK {
			t.Fatalf("duplicate after undo: %d", code)
		}
		if code, _ = e.api("POST", "/api/v1/merges/"+m.ID+"/undo", lead, ""); code != http.StatusConflict {
			t.Fatalf("second undo: %d", code)
		}
	})
}

// TestPersonLinks checks that every column of the schema that refers to a
// person record is registered for merging, and that each registered one
// exists.
func TestPersonLinks(t *testing.T) {
	e := sqliteEnv(t)
	if err := e.svc.People.CheckLinks(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Every column naming a person record (person_id, or ending in
	// _person_id), other than the people feature's own tables and the
	// audit trail (which keeps history as it was), is linked.
	rows, err := e.db.Read().QueryContext(context.Background(), `SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c
		WHERE m.type = 'table' AND (c.name = 'person_id' OR c.name LIKE '%\_person\_id' ESCAPE '\') ORDER BY m.name, c.name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	// The audit trail (with who each list showed) keeps history as it
	// was, and so does an import's
	// review row: it records which record a coordinator chose for a line
	// of a police file; the episode it made is linked, and moves.
	own := map[string]bool{"audit_events": true, "audit_shown": true, "missing_import_reviews": true}
	n := 0
	for rows.Next() {
		var table, column string
		if err := rows.Scan(&table, &column); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(table, "person_") || own[table] {
			continue
		}
		n++
		if !slices.ContainsFunc(e.svc.People.Links, func(l people.Link) bool { return l.Table == table && l.PersonColumn == column }) {
			t.Errorf("%s.%s names a person record but is not in personLinks: merging would leave its rows behind", table, column)
		}
	}
	if n < len(e.svc.People.Links) {
		t.Errorf("found %d columns naming a person record, fewer than the %d linked", n, len(e.svc.People.Links))
	}
}
