package missingimport_test

import (
	"slices"
	"strings"
	"testing"

	"mace/internal/missing"
	"mace/internal/missingimport"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
)

const header = "police_reference,force,type,given_name,family_name,date_of_birth,postcode,start,end,risk_grading,reported_by,where_found,found_with,looked_after\r\n"

// mixedFile has good rows, bad rows and a child two records may be.
const mixedFile = "\ufeff" + header +
	"WM-1,Westmarch Police,M,Jordan,Ashby,14/03/2011,,20/11/2026 18:30,21/11/2026 09:15,medium,Foster carer,\"Bus station, Mill Street\",Sam Doe; Alex Roe,Y\r\n" +
	"WM-2,Westmarch Police,A,Jordan,Ashby,2011-03-14,,22/11/2026 20:00,,high,Foster carer,,,Y\r\n" +
	"WM-3,Westmarch Police,X,Jordan,Ashby,31/02/2011,,not a date,,extreme,Carer,,,maybe\r\n" +
	"WM-4,Westmarch Police,M,Casey,Tarrant,01/05/2012,,21/11/2026 10:00,,low,Parent,,,N\r\n" +
	"WM-5,Westmarch Police,M,Jordan,Ashby,14/03/2011,,23/11/2026 20:00,23/11/2026 19:00,low,Carer,,,N\r\n" +
	"WM-6,Westmarch Police,M,Jordan,Ashby,14/03/2011,,21/11/2026 08:00,,low,Carer,,,N\r\n"

func (e *env) importer() *missingimport.Importer {
	return &missingimport.Importer{Svc: e.Svc, People: e.People}
}

func actions(im *missingimport.Import) string {
	var out []string
	for _, r := range im.Results {
		out = append(out, r.Reference+"="+r.Action)
	}
	return strings.Join(out, " ")
}

func TestImportPreviewCommitAndAgain(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		// Two records that may both be the Casey Tarrant of line 5.
		e.NorthChild(e.Coordinator, "Casey", "Tarrant", "2012-05-01")
		e.NorthChild(e.Coordinator, "Casey", "Tarrant", "2012-05-01")
		im := e.importer()
		ctx := as(e.Coordinator)
		p, err := im.Preview(ctx, "westmarch.csv", "", []byte(mixedFile), nil)
		if err != nil {
			t.Fatalf("preview: %v %v", err, errs.Fields(err))
		}
		want := "WM-1=create WM-2=create WM-3=problem WM-4=review WM-5=problem WM-6=problem"
		if got := actions(p); got != want {
			t.Fatalf("preview:\n got %s\nwant %s\n%+v", got, want, p.Results)
		}
		if p.Results[0].PersonID != e.Child.ID || p.Results[3].Reason != "More than one record may be this young person" {
			t.Errorf("matching: %+v", p.Results)
		}
		for _, w := range []string{"type: \"X\" is not a type", "date_of_birth: \"31/02/2011\" is not a date",
			"start: \"not a date\" is not a date and time", "risk_grading: \"extreme\" is not a risk grading",
			"looked_after: Enter Y"} {
			if !slices.ContainsFunc(p.Results[2].Problems, func(s string) bool { return strings.HasPrefix(s, w) }) {
				t.Errorf("line 4 problems %q lack %q", p.Results[2].Problems, w)
			}
		}
		if got := p.Results[4].Problems; len(got) != 1 || got[0] != "end: "+missing.ErrEndBeforeStart.Fields[0].Message {
			t.Errorf("end before start: %q", got)
		}
		if got := p.Results[5].Problems; len(got) != 1 || got[0] != "start: "+missing.ErrOverlap.Fields[0].Message {
			t.Errorf("overlap: %q", got)
		}
		if n := e.Count("SELECT COUNT(*) FROM missing_episodes"); n != 0 {
			t.Fatalf("the preview wrote %d episodes", n)
		}
		c, err := im.Commit(ctx, p.ID, nil)
		if err != nil {
			t.Fatalf("commit: %v", err)
		}
		if c.State != missingimport.ImportCommitted || c.Counts != (missingimport.Counts{Create: 2, Review: 1, Problem: 3}) || c.Tasks != 1 {
			t.Fatalf("commit: %s %+v tasks %d", c.State, c.Counts, c.Tasks)
		}
		if _, err := im.Commit(ctx, p.ID, nil); !errs.Is(err, errs.Conflict) {
			t.Errorf("second commit of one import: %v", err)
		}
		ep, err := e.Svc.FindByPoliceReference(ctx, e.Police.ID, "wm-1")
		if err != nil {
			t.Fatal(err)
		}
		if ep.FoundPlace.Description != "Bus station, Mill Street" || len(ep.FoundWith) != 2 || !ep.LookedAfter ||
			ep.InterviewDueAt.IsZero() {
			t.Errorf("episode: %+v", ep)
		}
		if got := e.TasksOf(missing.TaskReturnInterview); len(got) != 1 || got[0].RecordID != ep.ID {
			t.Errorf("return interview tasks: %+v", got)
		}
		if n := e.Count("SELECT COUNT(*) FROM missing_import_reviews WHERE state = 'open'"); n != 1 {
			t.Errorf("%d rows to review", n)
		}
		// The same file again changes nothing.
		again, err := im.Preview(ctx, "westmarch.csv", "", []byte(mixedFile), nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := actions(again); got != "WM-1=none WM-2=none WM-3=problem WM-4=review WM-5=problem WM-6=problem" {
			t.Fatalf("again: %s", got)
		}
		episodes, tasks, events := e.Count("SELECT COUNT(*) FROM missing_episodes"), e.Count("SELECT COUNT(*) FROM tasks"),
			e.Count("SELECT COUNT(*) FROM audit_events WHERE record_type = $1", missing.RecordType)
		if c, err = im.Commit(ctx, again.ID, nil); err != nil || c.Counts.Create+c.Counts.Close != 0 {
			t.Fatalf("commit again: %+v %v", c, err)
		}
		if e.Count("SELECT COUNT(*) FROM missing_episodes") != episodes || e.Count("SELECT COUNT(*) FROM tasks") != tasks ||
			e.Count("SELECT COUNT(*) FROM audit_events WHERE record_type = $1", missing.RecordType) != events {
			t.Error("importing the file again changed something")
		}
		// A row with an end closes the open episode; its interview task follows.
		closing := header + "WM-2,,A,Jordan,Ashby,14/03/2011,,22/11/2026 20:00,23/11/2026 07:45,high,Foster carer,Friend's flat,,Y\n"
		p, err = im.Preview(as(e.Officer), "close.csv", e.North.ID, []byte(closing), nil)
		if err != nil || actions(p) != "WM-2=close" {
			t.Fatalf("closing preview: %v %+v", err, p)
		}
		if _, err := im.Commit(as(e.Officer), p.ID, nil); err != nil {
			t.Fatal(err)
		}
		ep, err = e.Svc.FindByPoliceReference(ctx, e.Police.ID, "WM-2")
		if err != nil || ep.Open() || ep.FoundPlace.Description != "Friend's flat" || ep.Version != 2 {
			t.Fatalf("closed: %+v %v", ep, err)
		}
		if got := e.TasksOf(missing.TaskReturnInterview); len(got) != 2 {
			t.Errorf("return interview tasks after closing: %d", len(got))
		}
		e.Verify()
	})
}

func TestImportCommitRefusesChangedRecords(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		im := e.importer()
		ctx := as(e.Coordinator)
		file := header + "WM-9,Westmarch Police,M,Jordan,Ashby,14/03/2011,,20/11/2026 18:30,,medium,Carer,,,N\n"
		p, err := im.Preview(ctx, "a.csv", "", []byte(file), nil)
		if err != nil || actions(p) != "WM-9=create" {
			t.Fatalf("%v %+v", err, p)
		}
		// Meanwhile someone records an overlapping episode by hand.
		e.Create(e.Coordinator, e.Input(london(2026, 11, 20, 12, 0)))
		if _, err := im.Commit(ctx, p.ID, nil); !errs.Is(err, errs.Conflict) {
			t.Fatalf("commit after a change: %v", err)
		}
		if n := e.Count("SELECT COUNT(*) FROM missing_episodes WHERE police_reference = 'WM-9'"); n != 0 {
			t.Errorf("a refused commit wrote %d episodes", n)
		}
	})
}

func TestImportAccess(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		im := e.importer()
		file := []byte(header + "EM-1,,M,Jordan,Ashby,14/03/2011,,20/11/2026 18:30,,medium,Carer,,,N\n")
		if _, err := im.Preview(as(e.Practitioner), "a.csv", "", file, nil); !errs.Is(err, errs.Forbidden) {
			t.Errorf("practitioner: %v", err)
		}
		// Another force's officer cannot see the child: the notification
		// goes to the review of the authority that owns the record, and the
		// preview says nothing of it.
		p, err := im.Preview(as(e.FarOfficer), "a.csv", e.North.ID, file, nil)
		if err != nil || actions(p) != "EM-1=review" || p.Results[0].PersonID != "" ||
			p.Results[0].Reason != missingimport.ReasonForAuthority {
			t.Fatalf("far officer: %v %+v", err, p)
		}
		// An officer imports for their own force only.
		other := []byte(header + "EM-2,Eastmoor Constabulary,M,Jordan,Ashby,14/03/2011,,20/11/2026 18:30,,medium,Carer,,,N\n")
		p, err = im.Preview(as(e.Officer), "a.csv", e.North.ID, other, nil)
		if err != nil || actions(p) != "EM-2=problem" || !strings.Contains(strings.Join(p.Results[0].Problems, " "), "own force") {
			t.Fatalf("officer for another force: %v %+v", err, p)
		}
		// Only the uploader sees an import.
		if _, err := im.Get(as(e.Coordinator), p.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("someone else's import: %v", err)
		}
	})
}

func TestParseImportRefusesBadFiles(t *testing.T) {
	for name, file := range map[string]string{
		"empty":          "",
		"unknown column": "police_reference,shoe_size\n",
		"missing column": "police_reference,type\nA,M\n",
		"no rows":        header,
		"bad quoting":    header + "\"WM-1,M\n",
	} {
		if _, err := missingimport.ParseImport([]byte(file)); !errs.Is(err, errs.Invalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func FuzzParseImport(f *testing.F) {
	f.Add([]byte(mixedFile))
	f.Add([]byte(header + "\"WM,1\",,M,\"Jo\"\"ann\",X,1/2/2011,,2026-11-20T18:30,,low,c,,,\n"))
	f.Add([]byte("police_reference\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := missingimport.ParseImport(data)
		if err != nil {
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("error of kind %v: %v", errs.KindOf(err), err)
			}
			return
		}
		if len(rows) == 0 {
			t.Fatal("no rows and no error")
		}
		for _, r := range rows {
			if r.Line < 2 || r.GivenName != strings.TrimSpace(r.GivenName) {
				t.Fatalf("row %+v", r)
			}
		}
	})
}

func TestImportReviewList(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		first := e.NorthChild(e.Coordinator, "Casey", "Tarrant", "2012-05-01")
		e.NorthChild(e.Coordinator, "Casey", "Tarrant", "2012-05-01")
		im := e.importer()
		file := header + "WM-4,Westmarch Police,M,Casey,Tarrant,01/05/2012,,21/11/2026 10:00,22/11/2026 10:00,low,Parent,,,N\n" +
			"WM-7,Westmarch Police,M,Robin,Nobody,02/02/2013,,21/11/2026 10:00,,low,Parent,,,N\n"
		p, err := im.Preview(as(e.Officer), "a.csv", e.North.ID, []byte(file), nil)
		if err != nil || actions(p) != "WM-4=review WM-7=review" {
			t.Fatalf("%v %+v", err, p)
		}
		if _, err := im.Commit(as(e.Officer), p.ID, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := im.Reviews(as(e.Officer)); !errs.Is(err, errs.Forbidden) {
			t.Errorf("officer reads the review list: %v", err)
		}
		list, err := im.Reviews(as(e.Coordinator))
		if err != nil || len(list) != 2 || list[0].Line != 2 || list[0].Reason != "More than one record may be this young person" {
			t.Fatalf("reviews: %v %+v", err, list)
		}
		it, err := im.GetReview(as(e.Coordinator), p.ID, 2)
		if err != nil || len(it.Matches) != 2 || it.Row.GivenName != "Casey" {
			t.Fatalf("review: %v %+v", err, it)
		}
		ep, err := im.ImportReviewed(as(e.Coordinator), p.ID, 2, first.ID)
		if err != nil || ep.PersonID != first.ID || ep.PoliceReference != "WM-4" {
			t.Fatalf("import reviewed: %v %+v", err, ep)
		}
		if got := e.TasksOf(missing.TaskReturnInterview); len(got) != 1 || got[0].RecordID != ep.ID {
			t.Errorf("return interview tasks: %+v", got)
		}
		if _, err := im.ImportReviewed(as(e.Coordinator), p.ID, 2, first.ID); !errs.Is(err, errs.Conflict) {
			t.Errorf("importing a reviewed row again: %v", err)
		}
		// No record: the coordinator makes one from the row.
		ep, err = im.ImportReviewed(as(e.Coordinator), p.ID, 3, "")
		if err != nil {
			t.Fatalf("with a new record: %v %v", err, errs.Fields(err))
		}
		if n := e.Count("SELECT COUNT(*) FROM people WHERE given_name = 'Robin' AND family_name = 'Nobody' AND id = $1", ep.PersonID); n != 1 {
			t.Errorf("the new record: %d", n)
		}
		if list, _ := im.Reviews(as(e.Coordinator)); len(list) != 0 {
			t.Errorf("still to review: %+v", list)
		}
		e.Verify()
	})
}

// A return the police report by file, for an episode reopened since its
// first return, opens the cancelled interview task again, due 72 hours
// after the new return, as when recorded by hand.
func TestImportReturnAfterReopen(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		in := e.Input(london(2026, 11, 20, 18, 30))
		in.EndAt, in.PoliceOrgID, in.PoliceReference = ptr(london(2026, 11, 21, 9, 15)), e.Police.ID, "WM-9"
		ep := e.Create(e.Officer, in)
		in = missing.InputOf(ep)
		in.EndAt = nil
		if _, err := e.Svc.UpdateEpisode(as(e.Officer), ep.ID, in); err != nil {
			t.Fatal(err)
		}
		if tasks := e.TasksOf(missing.TaskReturnInterview); len(tasks) != 1 || tasks[0].State != "cancelled" {
			t.Fatalf("after reopening: %+v", tasks)
		}
		file := header + "WM-9,Westmarch Police,M,Jordan,Ashby,14/03/2011,,20/11/2026 18:30,23/11/2026 10:00,medium,Foster carer,,,Y\r\n"
		im := e.importer()
		p, err := im.Preview(as(e.Coordinator), "westmarch.csv", "", []byte(file), nil)
		if err != nil || actions(p) != "WM-9=close" {
			t.Fatalf("preview %v: %v", actions(p), err)
		}
		if _, err := im.Commit(as(e.Coordinator), p.ID, nil); err != nil {
			t.Fatal(err)
		}
		tasks := e.TasksOf(missing.TaskReturnInterview)
		if len(tasks) != 1 || tasks[0].State != "open" || !tasks[0].DueAt.Equal(london(2026, 11, 26, 10, 0)) {
			t.Fatalf("after the file's return: %+v", tasks)
		}
	})
}
