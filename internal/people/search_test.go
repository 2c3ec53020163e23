package people_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"mace/internal/people"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/platform/page"
)

// load saves people owned by Northfield, as its screener.
func (e *env) load(ins ...people.Input) []string {
	e.t.Helper()
	recs := make([]people.NewRecord, len(ins))
	for i, in := range ins {
		recs[i] = people.NewRecord{Input: in}
	}
	ids, err := e.svc.CreateMany(as(e.screener), recs)
	if err != nil {
		e.t.Fatal(err)
	}
	return ids
}

// list runs a query as u and gives the names found, in order.
func (e *env) list(u *auth.User, q people.ListQuery) (people.ListResult, []string) {
	e.t.Helper()
	res, err := e.svc.List(as(u), q)
	if err != nil {
		e.t.Fatalf("%+v: %v", q, err)
	}
	var names []string
	for _, s := range res.People {
		names = append(names, s.Name())
	}
	return res, names
}

func named(given, family string, knownAs, aliases []string) people.Input {
	in := basic(given, family, "")
	in.KnownAs, in.Aliases = knownAs, aliases
	return in
}

func TestSearch(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ins := []people.Input{
			named("Kiera", "Ashdown", []string{"KJ"}, []string{"Little K"}),
			named("Tobias", "Fenwick", []string{"Toby"}, nil),
			named("Amara", "Fenwick", nil, nil),
			named("Zain", "Okonjo", nil, []string{"T_Dog"}),
			named("Percy", "Lowe", []string{"100%"}, nil),
			named("Ruth", "Bell", nil, []string{`Back\Slash`}),
		}
		ins[3].NHSNumber = "9434765919"
		for i := range ins {
			ins[i].OwnerOrgID = e.north.ID
		}
		e.load(ins...)
		tests := []struct {
			query string
			want  []string
		}{
			{"ash", []string{"Kiera Ashdown"}},
			{"ASHDOWN", []string{"Kiera Ashdown"}},
			{"kIeRa", []string{"Kiera Ashdown"}},
			{"fen", []string{"Amara Fenwick", "Tobias Fenwick"}},
			{"tob", []string{"Tobias Fenwick"}},
			{"toby", []string{"Tobias Fenwick"}},    // known-as
			{"kj", []string{"Kiera Ashdown"}},       // known-as
			{"little k", []string{"Kiera Ashdown"}}, // street name, word by word
			{"amara fenwick", []string{"Amara Fenwick"}},
			{"Fenwick Amara", []string{"Amara Fenwick"}},
			{"toby fen", []string{"Tobias Fenwick"}},
			{"  kiera   ASH ", []string{"Kiera Ashdown"}},
			{"tobias ashdown", nil}, // every word must match
			{"enwick", nil},         // the start of a name, not the middle
			{"kieran", nil},
			{"943 476 5919", []string{"Zain Okonjo"}},
			{"943-476-5919", []string{"Zain Okonjo"}},
			{"9434765919", []string{"Zain Okonjo"}},
			{"4010232137", nil},
			// LIKE's wildcards are searched for as themselves.
			{"%", nil},
			{"_", nil},
			{"%wick", nil},
			{"t_", []string{"Zain Okonjo"}},
			{"fen_", nil},
			{"100%", []string{"Percy Lowe"}},
			{"10%", nil},
			{`back\`, []string{"Ruth Bell"}},
			{`\`, nil},
		}
		for _, tt := range tests {
			res, got := e.list(e.screener, people.ListQuery{Search: tt.query})
			if !slices.Equal(got, tt.want) || res.Total != len(tt.want) {
				t.Errorf("search %q: got %v (total %d), want %v", tt.query, got, res.Total, tt.want)
			}
		}
		// Each search is on the trail, without what was searched for.
		rows, err := d.Read().QueryContext(context.Background(), "SELECT detail FROM audit_events WHERE action = $1", audit.Search)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for ; rows.Next(); n++ {
			var detail string
			if err := rows.Scan(&detail); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(detail, "name search, ") || strings.ContainsAny(detail, "%_\\") ||
				strings.Contains(strings.ToLower(detail), "fen") || strings.Contains(detail, "943") {
				t.Errorf("search event detail %q", detail)
			}
		}
		if n != len(tests) {
			t.Errorf("%d search events, want %d", n, len(tests))
		}
		e.verify()
	})
}

func TestSearchMultiWordNames(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		mary := basic("Mary Ann", "De Souza", e.north.ID)
		e.load(mary, basic("Annie", "Souter", e.north.ID))
		for _, q := range []string{"Mary Ann De Souza", "mary souza", "ann de souza"} {
			if _, got := e.list(e.screener, people.ListQuery{Search: q}); !slices.Equal(got, []string{"Mary Ann De Souza"}) {
				t.Errorf("search %q: got %v", q, got)
			}
		}
	})
}

func TestListOrderAndPages(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		var ins []people.Input
		for _, n := range [][2]string{{"Finn", "Carter"}, {"Beth", "Adams"}, {"Adam", "Brown"}, {"Eve", "Carter"},
			{"Cara", "adams"}, {"adam", "Adams"}, {"Dev", "Carter"}} {
			ins = append(ins, basic(n[0], n[1], e.north.ID))
		}
		e.load(ins...)
		all := []string{"adam Adams", "Beth Adams", "Cara adams", "Adam Brown", "Dev Carter", "Eve Carter", "Finn Carter"}
		if res, got := e.list(e.screener, people.ListQuery{}); !slices.Equal(got, all) || res.Total != 7 ||
			res.Next != "" || res.PerPage != page.Default {
			t.Fatalf("everyone: %v %+v", got, res)
		}
		// Page by page by the cursor, every record once, in name order.
		var walked []string
		after := ""
		for pages := 0; ; pages++ {
			if pages > 3 {
				t.Fatal("the pages do not end")
			}
			res, got := e.list(e.screener, people.ListQuery{After: after, PerPage: 3})
			if len(got) > 3 || res.Total != 7 {
				t.Fatalf("page %d: %v (total %d)", pages+1, got, res.Total)
			}
			walked = append(walked, got...)
			if res.Next == "" {
				break
			}
			after = res.Next
		}
		if !slices.Equal(walked, all) {
			t.Errorf("the pages gave %v, want %v", walked, all)
		}
		first, _ := e.list(e.screener, people.ListQuery{Search: "carter", PerPage: 2})
		res, got := e.list(e.screener, people.ListQuery{Search: "carter", After: first.Next, PerPage: 2})
		if !slices.Equal(got, []string{"Finn Carter"}) || res.Total != 3 || res.Next != "" {
			t.Errorf("search page 2: %v %+v", got, res)
		}
		if res, _ := e.list(e.screener, people.ListQuery{PerPage: 500}); res.PerPage != page.Max {
			t.Errorf("a page of 500 asked for: %+v", res)
		}
		if _, err := e.svc.List(as(e.screener), people.ListQuery{After: "not-a-cursor"}); !errs.Is(err, errs.Invalid) ||
			len(errs.Fields(err)) != 1 || !strings.Contains(errs.Fields(err)[0].Message, "first page") {
			t.Errorf("a bad cursor: %v", err)
		}
		// Another authority's staff see none of them.
		if res, _ := e.list(e.southScreener, people.ListQuery{}); res.Total != 0 {
			t.Errorf("Southby sees %d", res.Total)
		}
	})
}

func TestListScope(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ids := e.load(basic("Kiera", "Ashdown", e.north.ID), basic("Tobias", "Fenwick", e.north.ID))
		kiera, tobias := ids[0], ids[1]
		// Police not involved never see a record, listed or searched.
		for _, q := range []string{"", "ashdown", "fenwick", "k"} {
			if res, got := e.list(e.officer, people.ListQuery{Search: q}); res.Total != 0 || got != nil {
				t.Fatalf("police search %q: %v", q, got)
			}
		}
		if err := e.svc.Grant(as(e.lead), tobias, e.police.ID, "joint investigation"); err != nil {
			t.Fatal(err)
		}
		if _, got := e.list(e.officer, people.ListQuery{}); !slices.Equal(got, []string{"Tobias Fenwick"}) {
			t.Fatalf("police after grant: %v", got)
		}
		if _, got := e.list(e.officer, people.ListQuery{Search: "ash"}); got != nil {
			t.Fatalf("police search after grant: %v", got)
		}

		// A restricted record is listed to others at its authority without
		// its details, and never found by what it holds.
		if err := e.svc.Restrict(as(e.lead), kiera, true, []string{e.practitioner.ID}); err != nil {
			t.Fatal(err)
		}
		res, _ := e.list(e.screener, people.ListQuery{})
		i := slices.IndexFunc(res.People, func(s people.Summary) bool { return s.ID == kiera })
		if res.Total != 2 || i < 0 {
			t.Fatalf("screener's list: %+v", res)
		}
		if s := res.People[i]; !s.ContentHidden || !s.Restricted || s.GivenName != "" || s.FamilyName != "" || s.Gender != "" {
			t.Fatalf("restricted row shown as %+v", s)
		}
		for _, q := range []string{"kiera", "Kiera Ashdown", "ash"} {
			if res, got := e.list(e.screener, people.ListQuery{Search: q}); res.Total != 0 || got != nil {
				t.Fatalf("screener search %q found %v", q, got)
			}
			if _, got := e.list(e.practitioner, people.ListQuery{Search: q}); !slices.Equal(got, []string{"Kiera Ashdown"}) {
				t.Fatalf("named practitioner search %q: %v", q, got)
			}
		}
		if _, got := e.list(e.practitioner, people.ListQuery{}); !slices.Equal(got, []string{"Kiera Ashdown", "Tobias Fenwick"}) {
			t.Fatalf("named practitioner's list: %v", got)
		}
		e.verify()
	})
}

func TestAccessAcrossOrganisations(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.create(e.practitioner, fullInput(e.north.ID))
		police := as(e.officer)
		// Not involved: the record does not exist as far as the police know.
		_, err := e.svc.Get(police, p.ID)
		wantKind(t, err, errs.NotFound)
		_, err = e.svc.Update(police, p.ID, fullInput(e.north.ID))
		wantKind(t, err, errs.NotFound)
		_, err = e.svc.Get(as(e.southScreener), p.ID)
		wantKind(t, err, errs.NotFound)
		_, err = e.svc.Get(as(e.practitioner), "not-an-id")
		wantKind(t, err, errs.NotFound)

		// Only the owner's leads and managers grant access, with a reason,
		// to an organisation that cannot already see it.
		wantKind(t, e.svc.Grant(as(e.practitioner), p.ID, e.police.ID, "joint investigation"), errs.Forbidden)
		err = e.svc.Grant(as(e.lead), p.ID, e.police.ID, "  ")
		if wantKind(t, err, errs.Invalid); len(errs.Fields(err)) != 1 || errs.Fields(err)[0].Field != "reason" {
			t.Fatalf("grant without reason: %v", errs.Fields(err))
		}
		err = e.svc.Grant(as(e.lead), p.ID, e.north.ID, "already the owner")
		if wantKind(t, err, errs.Invalid); errs.Fields(err)[0].Field != "organisation_id" {
			t.Fatalf("grant to owner: %v", errs.Fields(err))
		}
		if err := e.svc.Grant(as(e.lead), p.ID, e.police.ID, "joint investigation"); err != nil {
			t.Fatal(err)
		}
		wantKind(t, e.svc.Grant(as(e.lead), p.ID, e.police.ID, "again"), errs.Invalid)
		got, err := e.svc.Get(police, p.ID)
		if err != nil || got.GivenName != "Kiera Jade" || !got.CanEdit || got.CanManageAccess || got.CanSeeAudit {
			t.Fatalf("police after grant: %+v %v", got, err)
		}
		_, err = e.svc.Get(as(e.southScreener), p.ID)
		wantKind(t, err, errs.NotFound)

		// A record the police create for an authority stays visible to them.
		own := e.create(e.officer, basic("Zain", "Okonjo", e.north.ID))
		for _, u := range []*auth.User{e.officer, e.screener} {
			if _, err := e.svc.Get(as(u), own.ID); err != nil {
				t.Fatalf("%s: %v", u.Name, err)
			}
		}
		_, err = e.svc.Get(as(e.southScreener), own.ID)
		wantKind(t, err, errs.NotFound)
		e.verify()
	})
}

func TestRestrictedRecord(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.create(e.practitioner, fullInput(e.north.ID))
		err := e.svc.Restrict(as(e.lead), p.ID, true, []string{e.southScreener.ID})
		wantKind(t, err, errs.Invalid)
		wantKind(t, e.svc.Restrict(as(e.practitioner), p.ID, true, nil), errs.Forbidden)
		if err := e.svc.Restrict(as(e.lead), p.ID, true, []string{e.practitioner.ID}); err != nil {
			t.Fatal(err)
		}

		// Staff not named know only that it exists.
		for _, u := range []*auth.User{e.screener, e.manager, e.dpo} {
			got, err := e.svc.Get(as(u), p.ID)
			if err != nil {
				t.Fatalf("%s: %v", u.Name, err)
			}
			if !got.ContentHidden || !got.Restricted || got.Name() != "" || got.KnownAs != nil || got.Aliases != nil ||
				got.Addresses != nil || got.Phones != nil || got.NHSNumber != "" || !got.DateOfBirth.IsZero() ||
				got.CanEdit || got.CanManageAccess {
				t.Fatalf("%s sees %+v", u.Name, got)
			}
		}
		evs := e.trail(p.ID)
		if last := evs[len(evs)-1]; last.Action != audit.View || last.Detail != "restricted record: content withheld" {
			t.Fatalf("hidden view recorded as %+v", last)
		}
		_, err = e.svc.Update(as(e.screener), p.ID, fullInput(e.north.ID))
		wantKind(t, err, errs.Forbidden)

		// Those named see everything.
		for _, u := range []*auth.User{e.practitioner, e.lead} {
			got, err := e.svc.Get(as(u), p.ID)
			if err != nil || got.ContentHidden || got.GivenName != "Kiera Jade" || len(got.Phones) != 2 {
				t.Fatalf("%s: %+v %v", u.Name, got, err)
			}
		}

		// Who has seen it: the owner's data protection officer even when not
		// named; a manager only when they can see it; never a practitioner;
		// and to anyone who cannot see it, there is no such record.
		seen, evs, err := e.svc.WhoHasSeen(as(e.dpo), p.ID, 100)
		if err != nil || !seen.ContentHidden || seen.GivenName != "" || len(evs) == 0 || evs[0].Action != audit.View {
			t.Fatalf("DPO: %+v %d events %v", seen, len(evs), err)
		}
		_, _, err = e.svc.WhoHasSeen(as(e.manager), p.ID, 100)
		wantKind(t, err, errs.Forbidden)
		if err := e.svc.Restrict(as(e.lead), p.ID, false, nil); err != nil {
			t.Fatal(err)
		}
		seen, evs, err = e.svc.WhoHasSeen(as(e.manager), p.ID, 100)
		if err != nil || seen.ContentHidden || seen.GivenName != "Kiera Jade" || evs[0].Action != audit.Restrict {
			t.Fatalf("manager: %+v %v", seen, err)
		}
		_, _, err = e.svc.WhoHasSeen(as(e.practitioner), p.ID, 100)
		wantKind(t, err, errs.Forbidden)
		_, _, err = e.svc.WhoHasSeen(as(e.officer), p.ID, 100)
		wantKind(t, err, errs.NotFound)
		got, err := e.svc.Get(as(e.screener), p.ID)
		if err != nil || got.ContentHidden {
			t.Fatalf("after lifting: %+v %v", got, err)
		}
		e.verify()
	})
}
