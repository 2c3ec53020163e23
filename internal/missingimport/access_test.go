package missingimport_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"mace/internal/missingimport"
	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
)

// southChild is a Southby child the police have never been involved with.
func (e *env) southChild() *people.Person {
	return e.Person(e.SouthCoordinator, e.South, people.Child, "Harriet", "Quennell", "2012-07-19")
}

func (e *env) canSee(u *auth.User, id string) bool {
	e.t.Helper()
	p, err := people.LoadFacts(context.Background(), e.DB.Read(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return access.View(u, p.Record) == access.Full
}

// Finding 1: a row about a child the importing force is not involved with
// never grants the force access by itself. It goes to the review of the
// authority that owns the child, whose missing coordinator decides; that
// decision is the grant, audited as one.
func TestImportGrantsNoAccessByItself(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		child := e.southChild()
		im := e.importer()
		// A misspelt name, the right date of birth.
		file := header + "WM-20,,M,Hariet,Quenell,19/07/2012,,21/11/2026 10:00,22/11/2026 08:00,low,Parent,,,N\n"
		p, err := im.Preview(as(e.Officer), "a.csv", e.North.ID, []byte(file), nil)
		if err != nil {
			t.Fatal(err)
		}
		if actions(p) != "WM-20=review" || p.Results[0].PersonID != "" {
			t.Fatalf("preview of a child the force is not involved with: %+v", p.Results)
		}
		if _, err := im.Commit(as(e.Officer), p.ID, nil); err != nil {
			t.Fatal(err)
		}
		if e.canSee(e.Officer, child.ID) {
			t.Fatal("the import gave the force access to the child")
		}
		if n := e.Count("SELECT COUNT(*) FROM missing_episodes WHERE person_id = $1", child.ID); n != 0 {
			t.Fatalf("the import wrote %d episodes on the child", n)
		}
		// The owning authority's coordinator decides.
		list, err := im.Reviews(as(e.SouthCoordinator))
		if err != nil || len(list) != 1 {
			t.Fatalf("Southby's review list: %v %+v", err, list)
		}
		if _, err := im.ImportReviewed(as(e.SouthCoordinator), p.ID, 2, child.ID); err != nil {
			t.Fatalf("the owning authority imports the row: %v %v", err, errs.Fields(err))
		}
		if !e.canSee(e.Officer, child.ID) {
			t.Fatal("the owning authority's decision did not give the force access")
		}
		grants := e.Events([]string{"actor_id", "person_id", "detail"}, "action = 'grant' AND record_id = $1", child.ID)
		if len(grants) != 1 || grants[0][0] != e.SouthCoordinator.ID || grants[0][1] != child.ID ||
			!strings.Contains(grants[0][2], "Westmarch Police") || strings.Contains(grants[0][2], "Harriet") {
			t.Fatalf("the grant on the trail: %q", grants)
		}
		// The owning authority's coordinator importing another force's file
		// decides too: the episode is imported, and the grant audited.
		far := header + "EM-20,Eastmoor Constabulary,M,Harriet,Quennell,19/07/2012,,23/11/2026 10:00,,low,Parent,,,N\n"
		p, err = im.Preview(as(e.SouthCoordinator), "b.csv", "", []byte(far), nil)
		if err != nil || actions(p) != "EM-20=create" {
			t.Fatalf("the owner's coordinator: %v %+v", err, p)
		}
		if _, err := im.Commit(as(e.SouthCoordinator), p.ID, nil); err != nil {
			t.Fatal(err)
		}
		if !e.canSee(e.FarOfficer, child.ID) {
			t.Error("the owning authority's import did not give the force access")
		}
		grants = e.Events([]string{"actor_id", "detail"}, "action = 'grant' AND record_id = $1", child.ID)
		if len(grants) != 2 || grants[1][0] != e.SouthCoordinator.ID || !strings.Contains(grants[1][1], "Eastmoor Constabulary") {
			t.Errorf("the second grant: %q", grants)
		}
		e.Verify()
	})
}

// Finding 2: the preview says the same of a row no record matches and of a
// row matching a record the importer cannot see, and nothing of that
// record's episodes; only police officers and authorities' coordinators
// import, each for their own organisation.
func TestImportIsNoOracle(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		child := e.southChild()
		in := e.Input(london(2026, 11, 21, 9, 0))
		in.PersonID = child.ID
		e.Create(e.SouthCoordinator, in)
		im := e.importer()
		file := header +
			"WM-21,,M,Harriet,Quennell,19/07/2012,,21/11/2026 10:00,,low,Parent,,,N\n" + // overlaps the hidden episode
			"WM-22,,M,Nobody,Atall,03/03/2013,,21/11/2026 10:00,,low,Parent,,,N\n"
		for _, u := range []*auth.User{e.Officer, e.Coordinator} {
			f := file
			if u == e.Coordinator {
				f = strings.ReplaceAll(file, ",,M,", ",Westmarch Police,M,")
			}
			p, err := im.Preview(as(u), "a.csv", e.North.ID, []byte(f), nil)
			if err != nil {
				t.Fatal(err)
			}
			a, b := p.Results[0], p.Results[1]
			if a.Action != missingimport.ActionReview || a.Action != b.Action || a.Reason != b.Reason ||
				len(a.Problems)+len(b.Problems) != 0 || a.PersonID != "" {
				t.Errorf("%s: a hidden record and no record differ: %+v / %+v", u.Name, a, b)
			}
		}
		// A voluntary organisation's coordinator does not import.
		charity := e.Org("Harbour Youth Trust", auth.Voluntary)
		vc := e.User(charity, "Vic Ames", nil, auth.MissingCoordinator)
		named := strings.ReplaceAll(file, ",,M,", ",Westmarch Police,M,")
		if _, err := im.Preview(as(vc), "a.csv", "", []byte(named), nil); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a charity's coordinator imports: %v", err)
		}
		// An officer of a force that is also a coordinator imports for their force only.
		both := e.User(e.Police, "Bea Lowe", nil, auth.Police, auth.MissingCoordinator)
		other := strings.ReplaceAll(file, ",,M,", ",Eastmoor Constabulary,M,")
		p, err := im.Preview(as(both), "a.csv", e.North.ID, []byte(other), nil)
		if err != nil || p.Results[0].Action != missingimport.ActionProblem {
			t.Errorf("naming another force: %v %+v", err, p)
		}
		if n := e.Count("SELECT COUNT(*) FROM record_organisations WHERE record_id = $1 AND organisation_id IN ($2, $3)",
			child.ID, e.Police.ID, charity.ID); n != 0 {
			t.Errorf("%d organisations given access", n)
		}
	})
}

// Finding 3: a row to review is seen by the coordinators of the authority
// that owns its record, and by no one else; the list and the row record
// the people they showed. Two Southby records may be the young person.
func TestImportReviewsBelongToTheOwningAuthority(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		child := e.southChild()
		e.southChild()
		im := e.importer()
		file := header + "WM-23,,M,Harriet,Quennell,19/07/2012,,21/11/2026 10:00,,low,Parent,,,N\n"
		p, err := im.Preview(as(e.Officer), "a.csv", e.North.ID, []byte(file), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := im.Commit(as(e.Officer), p.ID, nil); err != nil {
			t.Fatal(err)
		}
		charity := e.Org("Harbour Youth Trust", auth.Voluntary)
		vc := e.User(charity, "Vic Ames", nil, auth.MissingCoordinator)
		for _, u := range []*auth.User{e.Coordinator, vc} {
			if list, err := im.Reviews(as(u)); err == nil && len(list) != 0 {
				t.Errorf("%s sees another authority's row to review: %+v", u.Name, list)
			}
			if _, err := im.GetReview(as(u), p.ID, 2); err == nil {
				t.Errorf("%s reads another authority's row to review", u.Name)
			}
			if _, err := im.ImportReviewed(as(u), p.ID, 2, ""); err == nil {
				t.Errorf("%s imports another authority's row", u.Name)
			}
		}
		list, err := im.Reviews(as(e.SouthCoordinator))
		if err != nil || len(list) != 1 {
			t.Fatalf("the owning authority's list: %v %+v", err, list)
		}
		if _, err := im.GetReview(as(e.SouthCoordinator), p.ID, 2); err != nil {
			t.Fatal(err)
		}
		types := e.Events([]string{"record_type"}, "record_type LIKE 'missing-import-review%' AND seq IN (SELECT seq FROM audit_shown WHERE person_id = $1)", child.ID)
		var got []string
		for _, ty := range types {
			got = append(got, ty[0])
		}
		if !slices.Contains(got, "missing-import-review-list") || !slices.Contains(got, "missing-import-review") {
			t.Errorf("the list and the row do not record the child shown: %q", got)
		}
	})
}
