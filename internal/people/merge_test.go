package people_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"mace/internal/people"
	"mace/internal/platform/audit"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
)

// mergeEnv is env with a table of notes that refer to people, registered
// as a link, as a feature's table would be.
func mergeEnv(t *testing.T, d *db.DB) *env {
	e := newEnv(t, d)
	e.exec("CREATE TABLE merge_test_notes (id TEXT PRIMARY KEY, person_id TEXT)")
	e.svc.Links = []people.Link{{Table: "merge_test_notes", IDColumn: "id", PersonColumn: "person_id"}}
	if err := e.svc.CheckLinks(context.Background()); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) exec(query string, args ...any) {
	e.t.Helper()
	err := e.d.Tx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.ExecContext(context.Background(), query, args...)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) note(id, personID string) {
	e.exec("INSERT INTO merge_test_notes (id, person_id) VALUES ($1, $2)", id, personID)
}

func (e *env) notesOf(personID string) []string {
	e.t.Helper()
	rows, err := e.d.Read().QueryContext(context.Background(), "SELECT id FROM merge_test_notes WHERE person_id = $1 ORDER BY id", personID)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		out = append(out, id)
	}
	return out
}

// snapshot is every match key and count, and the involvement and
// restriction rows: what a merge and its undo must leave as they were.
func (e *env) snapshot() string {
	e.t.Helper()
	var b strings.Builder
	for _, q := range []string{
		"SELECT person_id, CAST(key AS TEXT) FROM person_match_keys ORDER BY person_id, key",
		"SELECT CAST(key AS TEXT), CAST(n AS TEXT) FROM person_match_counts WHERE n <> 0 ORDER BY key",
		"SELECT record_id, organisation_id FROM record_organisations ORDER BY record_id, organisation_id",
		"SELECT record_id, user_id FROM record_restrictions ORDER BY record_id, user_id",
	} {
		rows, err := e.d.Read().QueryContext(context.Background(), q)
		if err != nil {
			e.t.Fatal(err)
		}
		for rows.Next() {
			var a, c string
			rows.Scan(&a, &c)
			fmt.Fprintf(&b, "%s %s\n", a, c)
		}
		rows.Close()
		b.WriteString("--\n")
	}
	return b.String()
}

// lastEvent is the newest event of an action on a person's trail.
func (e *env) lastEvent(id, action string) audit.Event {
	e.t.Helper()
	trail := e.trail(id)
	for _, ev := range slices.Backward(trail) {
		if ev.Action == action {
			return ev
		}
	}
	e.t.Fatalf("no %s event for %s", action, id)
	return audit.Event{}
}

func (e *env) twins() (keep, dup *people.Person) {
	e.t.Helper()
	keep = e.create(e.lead, people.Input{GivenName: "William", FamilyName: "Smith", DateOfBirth: "2010-03-04", Gender: "male",
		Phones: []string{"07700 900 111"}, OwnerOrgID: e.north.ID,
		Addresses: []people.Address{{Line: "1 Mill Lane", Town: "Northfield", Postcode: "NF1 1AA", Current: true}}})
	dup = e.create(e.lead, people.Input{GivenName: "Billy", FamilyName: "Smith", Gender: "male", EstimatedAge: 16,
		KnownAs: []string{"Bill"}, Aliases: []string{"Smudge"}, Phones: []string{"07700 900 222", "07700 900 111"},
		NHSNumber: "943 476 5919", Ethnicity: "asian-chinese", OwnerOrgID: e.north.ID,
		Addresses: []people.Address{{Line: "9 Canal Street", Town: "Northfield", Postcode: "NF2 2BB", Current: true}}})
	return keep, dup
}

func TestMergeAndUndo(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := mergeEnv(t, d)
		ctx := as(e.lead)
		keep, dup := e.twins()
		other := e.create(e.lead, people.Input{GivenName: "Ada", FamilyName: "Jones", Gender: "female", OwnerOrgID: e.north.ID})
		if err := e.svc.Grant(ctx, dup.ID, e.police.ID, "linked concern"); err != nil {
			t.Fatal(err)
		}
		// "Who may see this record" says why each organisation may.
		if _, info, err := e.svc.Access(ctx, dup.ID); err != nil || len(info.Involved) != 1 ||
			info.Involved[0].ID != e.police.ID || info.Involved[0].Reason != "linked concern" || info.Involved[0].Since.IsZero() {
			t.Fatalf("who may see the record: %+v %v", info.Involved, err)
		}
		if err := e.svc.Restrict(ctx, dup.ID, true, []string{e.practitioner.ID}); err != nil {
			t.Fatal(err)
		}
		e.note("n1", dup.ID)
		e.note("n2", dup.ID)
		e.note("n3", keep.ID)
		e.note("n4", other.ID)
		keepBefore, _ := e.svc.Get(ctx, keep.ID)
		dupBefore, _ := e.svc.Get(ctx, dup.ID)
		before := e.snapshot()

		m, err := e.svc.Merge(ctx, keep.ID, dup.ID, "Same young person: school confirmed")
		if err != nil {
			t.Fatalf("merge: %v %v", err, errs.Fields(err))
		}
		if got := e.notesOf(keep.ID); !slices.Equal(got, []string{"n1", "n2", "n3"}) || len(e.notesOf(dup.ID)) != 0 {
			t.Errorf("notes after merge: keep %v, duplicate %v", got, e.notesOf(dup.ID))
		}
		if !slices.Equal(e.notesOf(other.ID), []string{"n4"}) {
			t.Error("a note of another person moved")
		}
		k, err := e.svc.Get(ctx, keep.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(k.KnownAs, []string{"Billy Smith", "Bill"}) || !slices.Equal(k.Aliases, []string{"Smudge"}) ||
			!slices.Equal(k.Phones, []string{"07700900111", "07700900222"}) || len(k.Addresses) != 2 ||
			!k.Addresses[0].Current || k.Addresses[1].Current || k.NHSNumber != "9434765919" || k.Ethnicity != "asian-chinese" ||
			k.DateOfBirth.String() != "2010-03-04" || k.EstimatedAge != 0 {
			t.Errorf("kept record after merge: %+v", k)
		}
		if !k.Restricted || !slices.Contains(k.NamedUserIDs, e.practitioner.ID) || !slices.Contains(k.NamedUserIDs, e.lead.ID) ||
			!slices.Contains(k.InvolvedOrgIDs, e.police.ID) {
			t.Errorf("kept record's access after merge: restricted %v, named %v, involved %v", k.Restricted, k.NamedUserIDs, k.InvolvedOrgIDs)
		}
		// The tombstone: a pointer, not a record; out of lists, searches and matches.
		_, err = e.svc.Get(ctx, dup.ID)
		var me *people.MergedError
		if !errs.Is(err, errs.NotFound) || !errors.As(err, &me) || me.MergedInto != keep.ID {
			t.Fatalf("opening the duplicate: %v", err)
		}
		if err := e.svc.Restrict(ctx, dup.ID, false, nil); !errs.Is(err, errs.NotFound) {
			t.Errorf("changing the tombstone's restriction: %v", err)
		}
		for _, q := range []string{"", "Billy", "Smudge"} {
			res, err := e.svc.List(ctx, people.ListQuery{Search: q})
			if err != nil {
				t.Fatal(err)
			}
			if slices.ContainsFunc(res.People, func(s people.Summary) bool { return s.ID == dup.ID }) {
				t.Errorf("list %q shows the tombstone", q)
			}
		}
		ms, err := e.svc.Matches(ctx, people.MatchQuery{GivenNames: "Billy", FamilyName: "Smith", Phones: []string{"07700 900 222"}}, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 || ms[0].PersonID != keep.ID || slices.ContainsFunc(ms, func(m people.Match) bool { return m.PersonID == dup.ID }) {
			t.Errorf("matches after merge: %+v", ms)
		}
		if n := e.count("SELECT COUNT(*) FROM person_match_keys WHERE person_id = $1", dup.ID); n != 0 {
			t.Errorf("the tombstone keeps %d match keys", n)
		}
		if n, err := people.RebuildMatchKeys(context.Background(), d); err != nil || n != 0 {
			t.Errorf("rebuild after merge: %d %v", n, err)
		}
		for _, id := range []string{keep.ID, dup.ID} {
			last := e.lastEvent(id, "merge")
			if !strings.Contains(last.Detail, m.ID) || !strings.Contains(last.Detail, "2 merge_test_notes rows") ||
				!strings.Contains(last.Detail, "NHS number") || strings.Contains(last.Detail, "Billy") || strings.Contains(last.Detail, "943") {
				t.Errorf("audit of %s: %+v", id, last)
			}
		}
		hist, err := e.svc.MergeHistory(ctx, keep.ID)
		if err != nil || len(hist) != 1 || hist[0].ID != m.ID || !hist[0].CanUndo || hist[0].MergedByName != e.lead.Name {
			t.Fatalf("history: %+v %v", hist, err)
		}

		// Undo restores exactly.
		if err := e.svc.UndoMerge(ctx, m.ID); err != nil {
			t.Fatalf("undo: %v", err)
		}
		if got := e.notesOf(dup.ID); !slices.Equal(got, []string{"n1", "n2"}) || !slices.Equal(e.notesOf(keep.ID), []string{"n3"}) {
			t.Errorf("notes after undo: %v %v", e.notesOf(keep.ID), got)
		}
		k, _ = e.svc.Get(ctx, keep.ID)
		dd, err := e.svc.Get(ctx, dup.ID)
		if err != nil {
			t.Fatalf("the duplicate after undo: %v", err)
		}
		if !reflect.DeepEqual(people.InputOf(k), people.InputOf(keepBefore)) || !reflect.DeepEqual(people.InputOf(dd), people.InputOf(dupBefore)) {
			t.Errorf("details after undo:\n%+v\nwant\n%+v", people.InputOf(k), people.InputOf(keepBefore))
		}
		if k.Restricted || !dd.Restricted {
			t.Errorf("restriction after undo: kept %v, duplicate %v", k.Restricted, dd.Restricted)
		}
		if after := e.snapshot(); after != before {
			t.Errorf("keys, counts, involvement or restriction differ after undo:\n%s\nwant\n%s", after, before)
		}
		ms, _ = e.svc.Matches(ctx, people.MatchQuery{GivenNames: "Billy", FamilyName: "Smith", Phones: []string{"07700 900 222"}}, 10)
		if len(ms) == 0 || ms[0].PersonID != dup.ID {
			t.Errorf("matches after undo: %+v", ms)
		}
		for _, id := range []string{keep.ID, dup.ID} {
			if last := e.lastEvent(id, "unmerge"); !strings.Contains(last.Detail, m.ID) {
				t.Errorf("audit of undo on %s: %+v", id, last)
			}
		}
		wantKind(t, e.svc.UndoMerge(ctx, m.ID), errs.Conflict)
		hist, _ = e.svc.MergeHistory(ctx, keep.ID)
		if len(hist) != 1 || !hist[0].Undone() || hist[0].CanUndo || hist[0].UndoneByName != e.lead.Name {
			t.Errorf("history after undo: %+v", hist[0])
		}
		// The same two can be merged again.
		if _, err := e.svc.Merge(ctx, keep.ID, dup.ID, "Checked again"); err != nil {
			t.Fatal(err)
		}
		e.verify()
	})
}

func TestUndoAfterLaterChanges(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := mergeEnv(t, d)
		ctx := as(e.lead)
		keep, dup := e.twins()
		e.note("n1", dup.ID)
		e.note("n2", dup.ID)
		m, err := e.svc.Merge(ctx, keep.ID, dup.ID, "Same young person")
		if err != nil {
			t.Fatal(err)
		}
		// Later, someone corrects the NHS number the merge brought and
		// adds a phone number: undoing keeps both.
		k, _ := e.svc.Get(ctx, keep.ID)
		in := people.InputOf(k)
		in.NHSNumber, in.Phones, in.Version = "401 023 2137", append(in.Phones, "07700 900 333"), k.Version
		if _, err := e.svc.Update(ctx, keep.ID, in); err != nil {
			t.Fatal(err)
		}
		// A moved note deleted, or moved again, stops the undo.
		e.exec("DELETE FROM merge_test_notes WHERE id = 'n1'")
		err = e.svc.UndoMerge(ctx, m.ID)
		if !errs.Is(err, errs.Conflict) || !strings.Contains(errs.Public(err), "deleted") {
			t.Fatalf("undo with a deleted row: %v", err)
		}
		e.note("n1", keep.ID)
		other := e.create(e.lead, people.Input{GivenName: "Ada", FamilyName: "Jones", Gender: "female", OwnerOrgID: e.north.ID})
		e.exec("UPDATE merge_test_notes SET person_id = $1 WHERE id = 'n2'", other.ID)
		err = e.svc.UndoMerge(ctx, m.ID)
		if !errs.Is(err, errs.Conflict) || !strings.Contains(errs.Public(err), "moved to another record") {
			t.Fatalf("undo with a row moved again: %v", err)
		}
		if _, err := e.svc.Get(ctx, dup.ID); !errs.Is(err, errs.NotFound) {
			t.Fatal("a refused undo changed something")
		}
		e.exec("UPDATE merge_test_notes SET person_id = $1 WHERE id = 'n2'", keep.ID)
		if err := e.svc.UndoMerge(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
		k, _ = e.svc.Get(ctx, keep.ID)
		if k.NHSNumber != "4010232137" || !slices.Equal(k.Phones, []string{"07700900111", "07700900333"}) ||
			len(k.KnownAs) != 0 || len(k.Aliases) != 0 || len(k.Addresses) != 1 || k.Ethnicity != "" {
			t.Errorf("kept record after undo: %+v", k)
		}
		if last := e.lastEvent(keep.ID, "unmerge"); !strings.Contains(last.Detail, "1 detail changed since the merge left") {
			t.Errorf("undo audit: %+v", last)
		}
		if !slices.Equal(e.notesOf(dup.ID), []string{"n1", "n2"}) {
			t.Errorf("notes after undo: %v", e.notesOf(dup.ID))
		}
	})
}

func TestMergeRefusals(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := mergeEnv(t, d)
		keep, dup := e.twins()
		adult := e.create(e.lead, people.Input{Kind: people.Adult, GivenName: "Will", FamilyName: "Smith", Gender: "male", OwnerOrgID: e.north.ID})
		otherNHS := e.create(e.lead, people.Input{GivenName: "Will", FamilyName: "Smith", Gender: "male", NHSNumber: "4010232137", OwnerOrgID: e.north.ID})
		southChild := e.create(e.southScreener, people.Input{GivenName: "Will", FamilyName: "Smith", Gender: "male", OwnerOrgID: e.south.ID})
		hidden := e.create(e.lead, people.Input{GivenName: "Will", FamilyName: "Smyth", Gender: "male", OwnerOrgID: e.north.ID})
		if err := e.svc.Restrict(as(e.manager), hidden.ID, true, nil); err != nil {
			t.Fatal(err)
		}
		gone := e.create(e.lead, people.Input{GivenName: "Wil", FamilyName: "Smith", Gender: "male", OwnerOrgID: e.north.ID})
		spare := e.create(e.lead, people.Input{GivenName: "Willy", FamilyName: "Smith", Gender: "male", OwnerOrgID: e.north.ID})
		if _, err := e.svc.Merge(as(e.lead), spare.ID, gone.ID, "same"); err != nil {
			t.Fatal(err)
		}
		before := e.snapshot()
		for _, tc := range []struct {
			name  string
			ctx   context.Context
			req   people.MergeRequest
			kind  errs.Kind
			field string
		}{
			{"itself", as(e.lead), people.MergeRequest{KeepID: keep.ID, DuplicateID: keep.ID, Reason: "x"}, errs.Invalid, "duplicate_id"},
			{"no duplicate", as(e.lead), people.MergeRequest{KeepID: keep.ID, Reason: "x"}, errs.Invalid, "duplicate_id"},
			{"no reason", as(e.lead), people.MergeRequest{KeepID: keep.ID, DuplicateID: dup.ID}, errs.Invalid, "reason"},
			{"child and adult", as(e.lead), people.MergeRequest{KeepID: keep.ID, DuplicateID: adult.ID, Reason: "x"}, errs.Invalid, "duplicate_id"},
			{"different NHS numbers", as(e.lead), people.MergeRequest{KeepID: otherNHS.ID, DuplicateID: dup.ID, Reason: "x"}, errs.Invalid, "duplicate_id"},
			{"screener", as(e.screener), people.MergeRequest{KeepID: keep.ID, DuplicateID: dup.ID, Reason: "x"}, errs.Forbidden, ""},
			{"practitioner", as(e.practitioner), people.MergeRequest{KeepID: keep.ID, DuplicateID: dup.ID, Reason: "x"}, errs.Forbidden, ""},
			{"another authority's record", as(e.lead), people.MergeRequest{KeepID: keep.ID, DuplicateID: southChild.ID, Reason: "x"}, errs.Invalid, "duplicate_id"},
			{"restricted, not named", as(e.lead), people.MergeRequest{KeepID: keep.ID, DuplicateID: hidden.ID, Reason: "x"}, errs.Forbidden, ""},
			{"stale kept version", as(e.lead), people.MergeRequest{KeepID: keep.ID, DuplicateID: dup.ID, Reason: "x", KeepVersion: keep.Version + 1}, errs.Conflict, ""},
			{"stale duplicate version", as(e.lead), people.MergeRequest{KeepID: keep.ID, DuplicateID: dup.ID, Reason: "x", DuplicateVersion: dup.Version + 1}, errs.Conflict, ""},
			{"a tombstone as the duplicate", as(e.lead), people.MergeRequest{KeepID: keep.ID, DuplicateID: gone.ID, Reason: "x"}, errs.Invalid, "duplicate_id"},
			{"into a tombstone", as(e.lead), people.MergeRequest{KeepID: gone.ID, DuplicateID: keep.ID, Reason: "x"}, errs.Conflict, ""},
			{"not an id", as(e.lead), people.MergeRequest{KeepID: keep.ID, DuplicateID: "../etc", Reason: "x"}, errs.Invalid, "duplicate_id"},
		} {
			_, err := e.svc.MergeRecords(tc.ctx, tc.req)
			if !errs.Is(err, tc.kind) {
				t.Errorf("%s: %v, want kind %d", tc.name, err, tc.kind)
				continue
			}
			if tc.field != "" && !slices.ContainsFunc(errs.Fields(err), func(f errs.FieldError) bool { return f.Field == tc.field }) {
				t.Errorf("%s: %v, want a message for %s", tc.name, errs.Fields(err), tc.field)
			}
		}
		if e.snapshot() != before {
			t.Error("a refused merge changed something")
		}
		// With the current versions the merge goes ahead; undo needs a lead or manager.
		m, err := e.svc.MergeRecords(as(e.manager), people.MergeRequest{KeepID: keep.ID, DuplicateID: dup.ID, Reason: "x",
			KeepVersion: keep.Version, DuplicateVersion: dup.Version})
		if err != nil {
			t.Fatal(err)
		}
		wantKind(t, e.svc.UndoMerge(as(e.screener), m.ID), errs.Forbidden)
		wantKind(t, e.svc.UndoMerge(as(e.southScreener), m.ID), errs.NotFound)
		wantKind(t, e.svc.UndoMerge(as(e.lead), "nonsense"), errs.NotFound)
	})
}

func TestCheckLinks(t *testing.T) {
	d := dbtest.SQLite(t, migrations)
	e := mergeEnv(t, d)
	for _, l := range []people.Link{
		{Table: "no_such_table", IDColumn: "id", PersonColumn: "person_id"},
		{Table: "merge_test_notes", IDColumn: "id", PersonColumn: "child_id"},
		{Table: "merge_test_notes; DROP TABLE people", IDColumn: "id", PersonColumn: "person_id"},
	} {
		e.svc.Links = []people.Link{l}
		err := e.svc.CheckLinks(context.Background())
		if err == nil || !strings.Contains(err.Error(), l.Table) {
			t.Errorf("%+v: %v", l, err)
		}
	}
}
