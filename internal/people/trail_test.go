package people_test

import (
	"strings"
	"testing"

	"mace/internal/people"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
)

// shownOn is the lists, searches and matches on a person's trail that
// showed them among others, oldest first, as "action record-type".
func (e *env) shownOn(id string) []string {
	e.t.Helper()
	var out []string
	for _, ev := range e.trail(id) {
		if ev.PersonID != id {
			out = append(out, ev.Action+" "+ev.RecordType)
		}
	}
	return out
}

// A list, a name search and a match search each go on the trail of the
// people they showed, and only theirs: not of a person the search did not
// find, nor of a restricted record listed as one the user cannot see.
func TestListsSearchesAndMatchesAreOnTheTrailOfWhoTheyShowed(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ids := e.load(basic("Kiera", "Ashdown", e.north.ID), basic("Amara", "Fenwick", e.north.ID),
			basic("Tobias", "Fenwick", e.north.ID))
		kiera, amara, tobias := ids[0], ids[1], ids[2]
		if err := e.svc.Restrict(as(e.lead), tobias, true, []string{e.practitioner.ID}); err != nil {
			t.Fatal(err)
		}
		res, _ := e.list(e.screener, people.ListQuery{})
		if len(res.People) != 3 || !res.People[2].ContentHidden || res.People[2].ID != tobias {
			t.Fatalf("the list: %+v", res.People)
		}
		want := map[string][]string{kiera: {"view person-list"}, amara: {"view person-list"}, tobias: nil}
		e.wantShown(want)

		e.list(e.screener, people.ListQuery{Search: "ash"})
		want[kiera] = append(want[kiera], "search person-list")
		e.wantShown(want)

		ms, err := e.svc.Matches(as(e.screener), people.MatchQuery{GivenNames: "Amara", FamilyName: "Fenwick"}, 10)
		if err != nil || len(ms) == 0 {
			t.Fatalf("matches %+v %v", ms, err)
		}
		for _, m := range ms {
			want[m.PersonID] = append(want[m.PersonID], "search person-match")
		}
		if want[amara][len(want[amara])-1] != "search person-match" || len(want[tobias]) != 0 {
			t.Fatalf("the match found %+v", ms)
		}
		e.wantShown(want)

		// A search by those named on the restricted record shows it.
		e.list(e.practitioner, people.ListQuery{Search: "tobias"})
		want[tobias] = []string{"search person-list"}
		e.wantShown(want)
		e.verify()
	})
}

func (e *env) wantShown(want map[string][]string) {
	e.t.Helper()
	for id, w := range want {
		if got := e.shownOn(id); strings.Join(got, "; ") != strings.Join(w, "; ") {
			e.t.Errorf("the trail of %s has %q, want %q", id, got, w)
		}
	}
}
