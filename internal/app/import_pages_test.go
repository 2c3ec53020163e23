package app

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"mace/internal/people"
)

// importFile is a police file of a good row about a Northfield child the
// police already work with, a row with problems and a row about a young
// person two Northfield records may be, with the good row's young person's
// name.
func importFile(t *testing.T, e *testEnv) (file, name string) {
	t.Helper()
	ctx := e.asUser("missing-coordinator@northfield.example")
	la := e.user("missing-coordinator@northfield.example").Organisation.ID
	child, err := e.svc.People.Create(e.asUser("missing@police.example"), people.Input{Kind: people.Child, GivenName: "Ottoline", FamilyName: "Brackenridge",
		DateOfBirth: "2011-06-02", Gender: "female", OwnerOrgID: la}, "")
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := e.svc.People.Create(ctx, people.Input{Kind: people.Child, GivenName: "Peregrine", FamilyName: "Aldwinckle",
			DateOfBirth: "2012-09-09", Gender: "male", OwnerOrgID: la}, ""); err != nil {
			t.Fatal(err)
		}
	}
	day := e.clock.Now().AddDate(0, 0, -3).Format("02/01/2006")
	next := e.clock.Now().AddDate(0, 0, -2).Format("02/01/2006")
	file = "police_reference,force,type,given_name,family_name,date_of_birth,start,end,risk_grading,reported_by\n" +
		fmt.Sprintf("NRP-101,Northfield and Riverside Police,M,Ottoline,Brackenridge,02/06/2011,%s 18:30,%s 09:00,medium,Foster carer\n", day, next) +
		fmt.Sprintf("NRP-102,Northfield and Riverside Police,Q,Ottoline,Brackenridge,31/02/2011,%s 18:30,,dire,Foster carer\n", day) +
		fmt.Sprintf("NRP-103,Northfield and Riverside Police,M,Peregrine,Aldwinckle,09/09/2012,%s 20:00,,high,Parent\n", day)
	return file, child.GivenName + " " + child.FamilyName
}

// forNorthfield is the upload form's choice of the local authority a police
// officer's file is for.
func forNorthfield(e *testEnv) url.Values {
	return url.Values{"authority_id": {e.user("missing-coordinator@northfield.example").Organisation.ID}}
}

// TestImportPages uploads a police file as the police force's missing
// persons officer, imports it, imports it again to no effect, and has a
// missing coordinator choose the record of the row for review.
func TestImportPages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		file, name := importFile(t, e)
		officer := e.signIn("missing@police.example")
		if code, body := officer.get("/missing/imports/new"); code != 200 || !strings.Contains(body, "police_reference") {
			t.Fatalf("new: %d", code)
		}
		if code, body, _ := officer.upload("/missing/imports", "file", "bad.csv", []byte("name,age\n"), nil); code != 422 ||
			!strings.Contains(body, "a column the layout does not have") {
			t.Fatalf("a file of another layout: %d %s", code, body)
		}
		if code, body, _ := officer.upload("/missing/imports", "file", "police.csv", []byte(file), nil); code != 422 ||
			!strings.Contains(body, "Select the local authority this file is for") {
			t.Fatalf("a police file for no authority: %d", code)
		}
		code, _, h := officer.upload("/missing/imports", "file", "police.csv", []byte(file), forNorthfield(e))
		if code != http.StatusSeeOther {
			t.Fatalf("upload: %d", code)
		}
		at := h.Get("Location")
		code, body := officer.get(at)
		if code != 200 {
			t.Fatalf("preview: %d", code)
		}
		for _, want := range []string{"Rows that cannot be imported", "type: &#34;Q&#34; is not a type", "risk_grading: &#34;dire&#34;",
			"Rows for review", "The authority’s missing coordinators will match this row", "New episode", name} {
			if !strings.Contains(body, want) {
				t.Errorf("the preview lacks %q", want)
			}
		}
		// The force has never met the two young people the third row may
		// be: the preview says no more than of a row no record matches.
		if strings.Contains(body, "More than one record") || strings.Contains(body, "Aldwinckle") {
			t.Error("the preview tells the officer of records they may not see")
		}
		if code, body, _ := officer.post(at+"/commit", url.Values{}); code != http.StatusSeeOther {
			t.Fatalf("commit: %d %s", code, body)
		}
		_, body = officer.get(at)
		if !strings.Contains(body, "Imported") || !strings.Contains(body, "1 new, 0 ended, 1 for review") {
			t.Fatalf("after the commit:\n%s", body)
		}
		// The same file again: nothing to do.
		_, _, h = officer.upload("/missing/imports", "file", "police.csv", []byte(file), forNorthfield(e))
		_, body = officer.get(h.Get("Location"))
		if !strings.Contains(body, "Import 0 new and 0 ended episodes") || !strings.Contains(body, "Already imported") {
			t.Fatalf("the file again:\n%s", body)
		}
		if code, _ := officer.get("/missing/imports/reviews"); code != 403 {
			t.Errorf("the officer sees the review list: %d", code)
		}
		coord := e.signIn("missing-coordinator@northfield.example")
		if code, _ := coord.get(at); code != 404 {
			t.Errorf("another user sees the import: %d", code)
		}
		_, body = coord.get("/missing/imports/reviews")
		link := regexp.MustCompile(`href="(/missing/imports/[^"]+/reviews/\d+)"`).FindStringSubmatch(body)
		if link == nil {
			t.Fatalf("no row to review:\n%s", body)
		}
		_, body = coord.get(link[1])
		if !strings.Contains(body, "Aldwinckle, Peregrine") || !strings.Contains(body, "make a new record") ||
			!strings.Contains(body, "More than one record may be this young person") {
			t.Fatalf("review page:\n%s", body)
		}
		// Another authority's coordinator, or a charity's, never sees the row.
		for _, email := range []string{"missing-coordinator@harbourlight.example"} {
			other := e.signIn(email)
			if code, body := other.get("/missing/imports/reviews"); code == 200 && strings.Contains(body, "NRP-103") {
				t.Errorf("%s sees Northfield's row to review", email)
			}
			if code, _ := other.get(link[1]); code == 200 {
				t.Errorf("%s reads Northfield's row to review: %d", email, code)
			}
		}
		if code, body, _ := coord.post(link[1], url.Values{}); code != 422 || !strings.Contains(body, "Choose the young person") {
			t.Fatalf("no choice: %d", code)
		}
		id := regexp.MustCompile(`name="person_id" type="radio" value="([^"]+)"`).FindStringSubmatch(body)
		if code, body, _ := coord.post(link[1], url.Values{"person_id": {id[1]}}); code != http.StatusSeeOther {
			t.Log(regexp.MustCompile(`(?s)govuk-error-summary__list">.*?</ul>`).FindString(body))
			t.Fatalf("choose: %d", code)
		}
		if _, body = coord.get("/missing/imports/reviews"); !strings.Contains(body, "There are no rows to review") {
			t.Error("the row is still on the review list")
		}
	})
}
