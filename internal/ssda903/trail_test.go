package ssda903_test

import (
	"context"
	"strings"
	"testing"

	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
)

// shownOn is the events on a young person's trail that showed them among
// others, oldest first, as "actor action record-type".
func (e *env) shownOn(id string) []string {
	e.t.Helper()
	evs, err := e.Audit.ForPerson(context.Background(), e.DB.Read(), id, 100)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].PersonID != id {
			out = append(out, evs[i].ActorID+" "+evs[i].Action+" "+evs[i].RecordType)
		}
	}
	return out
}

// An export of the return is on the trail of every child in it, and of no
// child left out of it (not looked after, or a restricted record the user
// is not named on); the validation report, which names only the children
// with problems, is on no one's trail when there are none.
func TestExportIsOnTheTrailOfTheChildrenInIt(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := as(e.Coordinator)
		e.Create(e.Coordinator, e.Input(london(2025, 6, 1, 9, 0)))
		notLooked := e.NorthChild(e.Coordinator, "Casey", "Doyle", "2012-07-01")
		in := e.Input(london(2025, 7, 1, 9, 0))
		in.PersonID, in.LookedAfter = notLooked.ID, false
		e.Create(e.Coordinator, in)
		hidden := e.NorthChild(e.Coordinator, "Rowan", "Tate", "2011-05-20")
		in = e.Input(london(2025, 8, 1, 9, 0))
		in.PersonID = hidden.ID
		e.Create(e.Coordinator, in)
		manager := e.User(e.North, "Mara Quill", nil, auth.Manager)
		if err := e.People.Restrict(as(manager), hidden.ID, true, []string{manager.ID}); err != nil {
			t.Fatal(err)
		}

		if r, err := e.returns.Report903(ctx, 2025); err != nil || r.RowCount != 1 || !r.Valid {
			t.Fatalf("report %+v %v", r, err)
		}
		if r, err := e.returns.Export903(ctx, 2025); err != nil || r.RowCount != 1 || r.Withheld != 1 {
			t.Fatalf("export %+v %v", r, err)
		}
		for id, want := range map[string][]string{
			e.Child.ID:   {e.Coordinator.ID + " export ssda903-missing"},
			notLooked.ID: nil,
			hidden.ID:    nil,
		} {
			if got := e.shownOn(id); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("the trail of %s shows %q, want %q", id, got, want)
			}
		}
		// The command line's export has every child of the return, as the
		// system's.
		if _, err := e.returns.Export903ForAuthority(context.Background(), e.North.ID, 2025); err != nil {
			t.Fatal(err)
		}
		if got := e.shownOn(hidden.ID); strings.Join(got, "") != "system export ssda903-missing" {
			t.Errorf("after the command line's export, the restricted child's trail shows %q", got)
		}
		e.Verify()
	})
}
