package people_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"mace/internal/people"
	"mace/internal/people/match"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
)

func mustDate(s string) civil.Date {
	d, err := civil.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

func (e *env) matches(u *auth.User, q people.MatchQuery) []people.Match {
	e.t.Helper()
	ms, err := e.svc.Matches(as(u), q, 10)
	if err != nil {
		e.t.Fatalf("%+v: %v %v", q, err, errs.Fields(err))
	}
	return ms
}

func child(given, family, dob string, owner string) people.Input {
	in := basic(given, family, owner)
	in.DateOfBirth = dob
	return in
}

func TestMatches(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		william := e.create(e.screener, child("William", "Smith", "2010-03-04", e.north.ID))
		in := child("Harry", "Khan", "2009-11-20", e.north.ID)
		in.KnownAs = []string{"Tiny"}
		in.Addresses = []people.Address{{Line: "4 Mill Lane", Postcode: "LS1 4AP", Current: true}}
		in.Phones = []string{"07700 900 982"}
		harry := e.create(e.screener, in)
		e.create(e.screener, child("Wilma", "Smithson", "2012-08-01", e.north.ID))
		e.create(e.screener, child("Olivia", "Brown", "2010-03-04", e.north.ID))

		ms := e.matches(e.screener, people.MatchQuery{GivenNames: "Bill", FamilyName: "Smyth", DateOfBirth: mustDate("2010-04-03")})
		if len(ms) == 0 || ms[0].PersonID != william.ID {
			t.Fatalf("Bill Smyth: %+v", ms)
		}
		for _, want := range []string{"given name ‘Bill’ is a form of William", "family names sound alike: ‘Smyth’ and Smith",
			"date of birth with day and month swapped"} {
			if !slices.Contains(ms[0].Reasons, want) {
				t.Errorf("reasons %q lack %q", ms[0].Reasons, want)
			}
		}
		if ms[0].Person.GivenName != "William" || ms[0].Score <= 0 || ms[0].Score > 1 {
			t.Errorf("match %+v", ms[0])
		}

		for name, q := range map[string]people.MatchQuery{
			"street name and postcode": {OtherNames: []string{"tiny"}, Postcodes: []string{"ls14ap"}},
			"phone with a variant":     {GivenNames: "Henry", FamilyName: "Kahn", Phones: []string{"+44 7700 900982"}},
			"age only":                 {GivenNames: "Harry", FamilyName: "Khan", AgeYears: 17},
			"swapped names":            {GivenNames: "Khan", FamilyName: "Harry", DateOfBirth: mustDate("2009-11-20")},
		} {
			ms := e.matches(e.screener, q)
			if len(ms) == 0 || ms[0].PersonID != harry.ID {
				t.Errorf("%s: %+v", name, ms)
			}
		}

		// Exact details are likely the same young person.
		ms = e.matches(e.screener, people.MatchQuery{GivenNames: "Harry", FamilyName: "Khan", DateOfBirth: mustDate("2009-11-20"),
			Postcodes: []string{"LS1 4AP"}})
		if len(ms) == 0 || !ms[0].Likely || ms[0].Score < people.LikelyMatch {
			t.Errorf("exact: %+v", ms)
		}

		// Another authority not involved sees nothing; once involved, it does.
		if ms := e.matches(e.southScreener, people.MatchQuery{GivenNames: "William", FamilyName: "Smith"}); len(ms) != 0 {
			t.Fatalf("Southby sees %+v", ms)
		}
		if err := e.svc.Grant(as(e.lead), william.ID, e.south.ID, "joint work"); err != nil {
			t.Fatal(err)
		}
		if ms := e.matches(e.southScreener, people.MatchQuery{GivenNames: "William", FamilyName: "Smith"}); len(ms) != 1 {
			t.Fatalf("Southby after grant: %+v", ms)
		}

		// A restricted record matches only for its named users.
		if err := e.svc.Restrict(as(e.lead), william.ID, true, []string{e.practitioner.ID}); err != nil {
			t.Fatal(err)
		}
		q := people.MatchQuery{GivenNames: "William", FamilyName: "Smith", DateOfBirth: mustDate("2010-03-04")}
		for u, want := range map[*auth.User]bool{e.screener: false, e.practitioner: true, e.southScreener: false} {
			ms := e.matches(u, q)
			got := slices.ContainsFunc(ms, func(m people.Match) bool { return m.PersonID == william.ID })
			if got != want {
				t.Errorf("%s: matched %v, want %v", u.Name, got, want)
			}
		}

		// Each search is audited with the fields given, never the values.
		e.matches(e.southScreener, q)
		var detail string
		if err := d.Read().QueryRowContext(context.Background(), `SELECT detail FROM audit_events
			WHERE action = $1 AND record_type = 'person-match' ORDER BY seq DESC LIMIT 1`, audit.Search).Scan(&detail); err != nil {
			t.Fatal(err)
		}
		if detail != "match search on given name, family name, date of birth; 0 found" || strings.Contains(detail, "William") {
			t.Errorf("audit detail %q", detail)
		}
		e.verify()
	})
}

func TestMatchesInvalid(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		_, err := e.svc.Matches(as(e.screener), people.MatchQuery{DateOfBirth: mustDate("2010-01-01"), Postcodes: []string{"nowhere"},
			Phones: []string{"12"}, AgeYears: -1}, 10)
		got := map[string]string{}
		for _, f := range errs.Fields(err) {
			got[f.Field] = f.Message
		}
		for _, field := range []string{"given_name", "postcode", "phone", "age"} {
			if got[field] == "" {
				t.Errorf("no message for %s in %v", field, got)
			}
		}
		_, err = e.svc.Matches(context.Background(), people.MatchQuery{GivenNames: "A"}, 10)
		wantKind(t, err, errs.Unauthenticated)
	})
}

// Keys follow every create, update and bulk create, and the counts follow
// the keys; a rebuild restores keys that are missing.
func TestMatchKeysMaintained(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ids := e.load(child("Amelia", "Patel", "2011-05-06", e.north.ID), child("Amelia", "Jones", "2012-01-02", e.north.ID))
		p := e.create(e.screener, child("Kacper", "Nowak", "2013-02-03", e.north.ID))
		total := func() int {
			return e.count("SELECT n FROM person_match_counts WHERE key = $1", match.TotalKey())
		}
		if total() != 3 {
			t.Fatalf("total %d", total())
		}
		in := people.InputOf(p)
		in.FamilyName = "Nowakowski"
		if _, err := e.svc.Update(as(e.screener), p.ID, in); err != nil {
			t.Fatal(err)
		}
		if ms := e.matches(e.screener, people.MatchQuery{GivenNames: "Kacper", FamilyName: "Nowakowski", DateOfBirth: mustDate("2013-02-03")}); len(ms) == 0 || ms[0].PersonID != p.ID || !slices.Contains(ms[0].Reasons, "same family name") {
			t.Fatalf("after update: %+v", ms)
		}
		if total() != 3 {
			t.Fatalf("total after update %d", total())
		}
		sum := e.count("SELECT COALESCE(SUM(n), 0) FROM person_match_counts")
		stored := e.count("SELECT COUNT(*) FROM person_match_keys WHERE key < $1", int64(16)<<56)
		if sum != stored {
			t.Fatalf("counts sum to %d, %d counting keys stored", sum, stored)
		}

		// Lose the keys of one record and mark the version stale: a rebuild
		// restores them, and a second does nothing.
		if _, err := d.Write().ExecContext(context.Background(), "DELETE FROM person_match_keys WHERE person_id = $1", ids[0]); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Write().ExecContext(context.Background(), "UPDATE person_match_state SET value = 0"); err != nil {
			t.Fatal(err)
		}
		n, err := people.RebuildMatchKeys(context.Background(), d)
		if err != nil || n != 1 {
			t.Fatalf("rebuilt %d, %v", n, err)
		}
		if n, err := people.RebuildMatchKeys(context.Background(), d); err != nil || n != 0 {
			t.Fatalf("second rebuild %d, %v", n, err)
		}
		if ms := e.matches(e.screener, people.MatchQuery{GivenNames: "Amelia", FamilyName: "Patel"}); len(ms) == 0 || ms[0].PersonID != ids[0] {
			t.Fatalf("after rebuild: %+v", ms)
		}
	})
}

// Import stores what CreateMany would: the same rows, keys, counts and
// audit trail.
func TestImport(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		full := fullInput(e.north.ID)
		recs := []people.NewRecord{{Input: full}, {Input: child("Amelia", "Patel", "2011-05-06", e.north.ID), InvolvedOrgIDs: []string{e.police.ID}}}
		for i := range 600 {
			recs = append(recs, people.NewRecord{Input: child("Olivia", fmt.Sprintf("Brown%03d", i), "2012-01-02", e.north.ID)})
		}
		ids, err := e.svc.Import(as(e.screener), recs)
		if err != nil || len(ids) != len(recs) {
			t.Fatalf("%d ids, %v", len(ids), err)
		}
		made := e.create(e.screener, full)
		got, err := e.svc.Get(as(e.screener), ids[0])
		if err != nil {
			t.Fatal(err)
		}
		want, _ := e.svc.Get(as(e.screener), made.ID)
		if !reflect.DeepEqual(people.InputOf(got), people.InputOf(want)) {
			t.Fatalf("imported %+v\ncreated %+v", people.InputOf(got), people.InputOf(want))
		}
		keys := func(id string) int {
			return e.count("SELECT COUNT(*) FROM person_match_keys WHERE person_id = $1", id)
		}
		if keys(ids[0]) == 0 || keys(ids[0]) != keys(made.ID) {
			t.Fatalf("keys: imported %d, created %d", keys(ids[0]), keys(made.ID))
		}
		if n := e.count("SELECT n FROM person_match_counts WHERE key = $1", match.TotalKey()); n != len(recs)+1 {
			t.Fatalf("total %d", n)
		}
		if ms := e.matches(e.officer, people.MatchQuery{GivenNames: "Amelia", FamilyName: "Patel"}); len(ms) != 1 || ms[0].PersonID != ids[1] {
			t.Fatalf("police, involved: %+v", ms)
		}
		if evs := e.trail(ids[1]); len(evs) < 1 || evs[0].Action != audit.Create || evs[0].Detail != "loaded in bulk" {
			t.Fatalf("trail %+v", evs)
		}
		_, err = e.svc.Import(as(e.screener), []people.NewRecord{{Input: child("", "X", "", e.north.ID)}})
		wantKind(t, err, errs.Invalid)
		e.verify()
	})
}
