package missing_test

import (
	"context"
	"strings"
	"testing"

	"mace/internal/people"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
)

// shownOn is the lists on a young person's trail that showed them among
// others, oldest first, as "action record-type: detail".
func (e *env) shownOn(id string) []string {
	e.t.Helper()
	evs, err := e.Audit.ForPerson(context.Background(), e.DB.Read(), id, 100)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].PersonID != id {
			out = append(out, evs[i].Action+" "+evs[i].RecordType+": "+evs[i].Detail)
		}
	}
	return out
}

// The lists of children missing now and of overdue return interviews, and
// the daily meeting's missing children, are each on the trail of the
// children they showed, and not of those they did not: a child who came
// home, or another authority's child.
func TestListsAreOnTheTrailOfTheChildrenShown(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.Create(e.Coordinator, e.Input(london(2026, 11, 23, 18, 0)))
		home := e.NorthChild(e.Coordinator, "Casey", "Doyle", "2012-07-01")
		in := e.Input(london(2026, 11, 10, 18, 0))
		in.PersonID, in.EndAt = home.ID, ptr(london(2026, 11, 11, 9, 0))
		e.Create(e.Coordinator, in)
		south, err := e.People.Create(as(e.SouthCoordinator), people.Input{Kind: people.Child, GivenName: "Alex",
			FamilyName: "Penrose", DateOfBirth: "2010-01-01", Gender: "not-known", OwnerOrgID: e.South.ID}, "")
		if err != nil {
			t.Fatal(err)
		}
		in = e.Input(london(2026, 11, 22, 12, 0))
		in.PersonID = south.ID
		e.Create(e.SouthCoordinator, in)

		if now, err := e.Svc.MissingNow(as(e.Coordinator)); err != nil || len(now) != 1 {
			t.Fatalf("missing now: %+v %v", now, err)
		}
		if due, err := e.Svc.OverdueInterviews(as(e.Coordinator)); err != nil || len(due) != 1 {
			t.Fatalf("overdue interviews: %+v %v", due, err)
		}
		if _, err := e.Svc.ForAgenda(as(e.Coordinator), london(2026, 11, 23, 9, 0), london(2026, 11, 24, 10, 0)); err != nil {
			t.Fatal(err)
		}
		for id, want := range map[string][]string{
			e.Child.ID: {"view missing-episode-list: missing now, 1 shown",
				"view missing-episode-list: missing children for the daily meeting: 1 reported, 1 still missing, 0 interviews due"},
			home.ID:  {"view missing-episode-list: overdue return interviews, 1 shown"},
			south.ID: nil,
		} {
			if got := e.shownOn(id); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("the trail of %s shows\n%s\nwant\n%s", id, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		}
		e.Verify()
	})
}
