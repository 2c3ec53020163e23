package consultation_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"mace/internal/consultation"
	"mace/internal/people"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/platform/page"
)

func TestCreateAndGet(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		in := e.input()
		in.ConcernTypes = []string{"county-lines", "cce", "cce"}
		in.Advice = "  Refer today.\r\nKeep notes.  "
		c := e.create(e.screener, in)
		if c.OwnerOrgID != e.north.ID || c.OwnerOrgName != e.north.Name || c.TakenByName != e.screener.Name {
			t.Errorf("taken by %q for %q, want the screener's authority", c.TakenByName, c.OwnerOrgName)
		}
		if !slices.Equal(c.ConcernTypes, []string{"cce", "county-lines"}) || c.Advice != "Refer today.\nKeep notes." {
			t.Errorf("not normalised: %q %q", c.ConcernTypes, c.Advice)
		}
		got, err := e.svc.Get(as(e.practitioner), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.OrganisationName != e.school.Name || got.ChildAge != 14 || !got.OccurredAt.Equal(in.OccurredAt) ||
			got.ReferralState != consultation.AdvisedToRefer || !got.CanEdit || got.Version != 1 {
			t.Errorf("read back %+v", got)
		}
		if got, err := e.svc.Get(as(e.dpo), c.ID); err != nil || got.CanEdit {
			t.Errorf("the DPO reads but does not change: %v %v", err, got)
		}
		want := []string{e.screener.ID + " create logged a consultation", e.practitioner.ID + " view", e.dpo.ID + " view"}
		if got := e.events(c.ID); !slices.Equal(got, want) {
			t.Errorf("audit %q, want %q", got, want)
		}
		// Now by default; "Other" organisation by name.
		in = e.input()
		in.OccurredAt, in.OrganisationID, in.OtherOrganisation = time.Time{}, consultation.OtherOrganisation, " Brightwater   Boxing Club "
		c = e.create(e.lead, in)
		if !c.OccurredAt.Equal(e.Clock.Now().Truncate(time.Minute)) || c.OrganisationName != "Brightwater Boxing Club" || c.OrganisationID != "" {
			t.Errorf("defaults: %v %q %q", c.OccurredAt, c.OrganisationName, c.OrganisationID)
		}
		e.Verify()
	})
}

func TestValidation(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		long := func(n int) string { return strings.Repeat("a", n) }
		for _, tc := range []struct {
			name, field, want string
			change            func(*consultation.Input)
		}{
			{"future", "occurred", "now or in the past", func(in *consultation.Input) { in.OccurredAt = e.Clock.Now().Add(time.Hour) }},
			{"ancient", "occurred", "2000 or later", func(in *consultation.Input) { in.OccurredAt = time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC) }},
			{"form time", "occurred", "Enter the time", func(in *consultation.Input) { in.WhenProblem = "Enter the time of the consultation" }},
			{"method", "method", "how the professional got in touch", func(in *consultation.Input) { in.Method = "fax" }},
			{"no name", "professional_name", "Enter the name", func(in *consultation.Input) { in.ProfessionalName = "  " }},
			{"long name", "professional_name", "100 characters or fewer", func(in *consultation.Input) { in.ProfessionalName = long(101) }},
			{"long role", "professional_role", "100 characters or fewer", func(in *consultation.Input) { in.ProfessionalRole = long(101) }},
			{"long contact", "professional_contact", "200 characters or fewer", func(in *consultation.Input) { in.ProfessionalContact = long(201) }},
			{"no organisation", "organisation_id", "or ‘Other’", func(in *consultation.Input) { in.OrganisationID = "" }},
			{"unknown organisation", "organisation_id", "from the list", func(in *consultation.Input) { in.OrganisationID = db.NewID() }},
			{"other unnamed", "other_organisation", "Enter the name", func(in *consultation.Input) { in.OrganisationID = "other" }},
			{"other too long", "other_organisation", "200 characters or fewer", func(in *consultation.Input) {
				in.OrganisationID, in.OtherOrganisation = "other", long(201)
			}},
			{"long child name", "child_name", "200 characters or fewer", func(in *consultation.Input) { in.ChildName = long(201) }},
			{"bad date of birth", "child_date_of_birth", "real date", func(in *consultation.Input) { in.ChildDateOfBirth, in.ChildAge = "2012-02-30", 0 }},
			{"future birth", "child_date_of_birth", "today or in the past", func(in *consultation.Input) { in.ChildDateOfBirth, in.ChildAge = "2027-01-01", 0 }},
			{"adult", "child_date_of_birth", "less than 26 years ago", func(in *consultation.Input) { in.ChildDateOfBirth, in.ChildAge = "1990-01-01", 0 }},
			{"form date", "child_date_of_birth", "must include a year", func(in *consultation.Input) { in.DateProblem, in.ChildAge = "Date of birth must include a year", 0 }},
			{"age", "child_age", "between 1 and 25", func(in *consultation.Input) { in.ChildAge = 40 }},
			{"both", "child_age", "not both", func(in *consultation.Input) { in.ChildDateOfBirth = "2012-02-03" }},
			{"bad person id", "person_id", "Select a person record", func(in *consultation.Input) { in.PersonID = "nope" }},
			{"unseen person", "person_id", "you can see", func(in *consultation.Input) { in.PersonID = db.NewID() }},
			{"concern", "concern_types", "kinds of exploitation", func(in *consultation.Input) { in.ConcernTypes = []string{"cse", "gangs"} }},
			{"long question", "question", "5,000 characters or fewer", func(in *consultation.Input) { in.Question = long(5001) }},
			{"no advice", "advice", "Enter the advice given", func(in *consultation.Input) { in.Advice = "\n " }},
			{"long advice", "advice", "5,000 characters or fewer", func(in *consultation.Input) { in.Advice = long(5001) }},
			{"state", "referral_state", "Select whether a referral", func(in *consultation.Input) { in.ReferralState = "maybe" }},
		} {
			in := e.input()
			tc.change(&in)
			_, err := e.svc.Create(as(e.screener), in, "")
			fields := errs.Fields(err)
			if !errs.Is(err, errs.Invalid) || len(fields) != 1 || fields[0].Field != tc.field || !strings.Contains(fields[0].Message, tc.want) {
				t.Errorf("%s: got %v %v, want one problem with %s saying %q", tc.name, err, fields, tc.field, tc.want)
			}
		}
		// Limits are on characters, not bytes.
		in := e.input()
		in.ProfessionalName = strings.Repeat("é", 100)
		e.create(e.screener, in)
		if n := e.Count("SELECT COUNT(*) FROM consultations"); n != 1 {
			t.Errorf("%d saved, want only the valid one", n)
		}
	})
}

func TestAccess(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.create(e.practitioner, e.input())
		for _, u := range []*struct {
			name string
			ctx  context.Context
		}{{"another authority", as(e.southScreener)}, {"police", as(e.officer)}, {"referrer", as(e.referrer)}, {"school", as(e.schoolUser)}} {
			if _, err := e.svc.Get(u.ctx, c.ID); !errs.Is(err, errs.NotFound) {
				t.Errorf("%s Get: %v, want not found", u.name, err)
			}
			if _, err := e.svc.Update(u.ctx, c.ID, e.input()); !errs.Is(err, errs.NotFound) {
				t.Errorf("%s Update: %v, want not found", u.name, err)
			}
		}
		res, err := e.svc.List(as(e.southScreener), consultation.ListQuery{})
		if err != nil || res.Total != 0 || len(res.Consultations) != 0 {
			t.Errorf("another authority lists %d: %v", res.Total, err)
		}
		for _, u := range []struct {
			name string
			ctx  context.Context
		}{{"police", as(e.officer)}, {"referrer", as(e.referrer)}, {"school", as(e.schoolUser)}} {
			if _, err := e.svc.List(u.ctx, consultation.ListQuery{}); !errs.Is(err, errs.Forbidden) {
				t.Errorf("%s List: %v, want forbidden", u.name, err)
			}
		}
		for _, u := range []struct {
			name string
			ctx  context.Context
		}{{"referrer", as(e.referrer)}, {"DPO", as(e.dpo)}, {"analyst", as(e.analyst)}, {"police", as(e.officer)}, {"signed out", context.Background()}} {
			_, err := e.svc.Create(u.ctx, e.input(), "")
			if !errs.Is(err, errs.Forbidden) && !errs.Is(err, errs.Unauthenticated) {
				t.Errorf("%s Create: %v, want refused", u.name, err)
			}
		}
		if _, err := e.svc.Update(as(e.analyst), c.ID, e.input()); !errs.Is(err, errs.Forbidden) {
			t.Errorf("analyst Update: %v, want forbidden", err)
		}
		if res, err := e.svc.List(as(e.analyst), consultation.ListQuery{}); err != nil || res.Total != 1 {
			t.Errorf("the analyst reads the log: %d %v", res.Total, err)
		}
		// Only views that succeeded are on the consultation's trail.
		if got := e.events(c.ID); len(got) != 1 {
			t.Errorf("audit %q, want the creation only", got)
		}
		if n := e.Count("SELECT COUNT(*) FROM audit_events WHERE record_type = 'consultation-list'"); n != 2 {
			t.Errorf("%d list views audited, want 2", n)
		}
	})
}

func TestIdempotency(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		first, err := e.svc.Create(as(e.screener), e.input(), "key-1")
		if err != nil {
			t.Fatal(err)
		}
		e.Clock.Add(time.Hour)
		again, err := e.svc.Create(as(e.screener), e.input(), "key-1")
		if err != nil || again.ID != first.ID {
			t.Fatalf("retry made %v (%v), want %s", again, err, first.ID)
		}
		other, err := e.svc.Create(as(e.lead), e.input(), "key-1")
		if err != nil || other.ID == first.ID {
			t.Fatalf("another user's key is theirs: %v %v", other, err)
		}
		// Concurrent twins make one.
		var wg sync.WaitGroup
		ids := make([]string, 6)
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, err := e.svc.Create(as(e.practitioner), e.input(), "key-race")
				if err != nil {
					t.Error(err)
					return
				}
				ids[i] = c.ID
			}()
		}
		wg.Wait()
		for _, id := range ids {
			if id != ids[0] {
				t.Fatalf("concurrent twins made %q", ids)
			}
		}
		if n := e.Count("SELECT COUNT(*) FROM consultations"); n != 3 {
			t.Errorf("%d consultations, want 3", n)
		}
		e.Verify()
	})
}

func TestUpdate(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.create(e.screener, e.input())
		in := consultation.InputOf(c)
		in.Version = c.Version
		in.Advice = "Discussed again: refer now."
		in.ChildName = "Kit Farrow-Lane"
		up, err := e.svc.Update(as(e.lead), c.ID, in)
		if err != nil || up.Version != 2 || up.Advice != in.Advice {
			t.Fatalf("update: %v %v", up, err)
		}
		_, err = e.svc.Update(as(e.lead), c.ID, in)
		wantKind(t, err, errs.Conflict)
		in.Version = 0
		if _, err := e.svc.Update(as(e.lead), c.ID, in); err != nil {
			t.Fatalf("an unchanged save without a version: %v", err)
		}
		trail := e.events(c.ID)
		if last := trail[len(trail)-1]; last != e.lead.ID+" update changed child's name, advice" {
			t.Errorf("last event %q", last)
		}
		for _, ev := range trail {
			if strings.Contains(ev, "Farrow") || strings.Contains(ev, "refer now") {
				t.Errorf("the trail holds a value: %q", ev)
			}
		}
		e.Verify()
	})
}

func TestPersonLink(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ids, err := e.People.CreateMany(context.Background(), []people.NewRecord{
			{Input: people.Input{GivenName: "Kit", FamilyName: "Farrow", Gender: "male", DateOfBirth: "2012-04-05", OwnerOrgID: e.north.ID}},
			{Input: people.Input{GivenName: "Kit", FamilyName: "Farrowby", Gender: "male", OwnerOrgID: e.south.ID}},
		})
		if err != nil {
			t.Fatal(err)
		}
		found, err := e.svc.FindPeople(as(e.screener), "farrow")
		if err != nil || len(found) != 1 || found[0].ID != ids[0] {
			t.Fatalf("search found %v: %v", found, err)
		}
		in := e.input()
		in.PersonID = ids[1] // another authority's child
		_, err = e.svc.Create(as(e.screener), in, "")
		if f := errs.Fields(err); len(f) != 1 || f[0].Field != "person_id" {
			t.Fatalf("linking a record the user cannot see: %v %v", err, f)
		}
		in.PersonID = ids[0]
		c := e.create(e.screener, in)
		if c.PersonID != ids[0] {
			t.Fatalf("not linked: %q", c.PersonID)
		}
		// The consultation is on the child's trail.
		if n := e.Count("SELECT COUNT(*) FROM audit_events WHERE person_id = $1 AND record_type = 'consultation'", ids[0]); n != 1 {
			t.Errorf("%d consultation events on the child's trail, want 1", n)
		}
		in = consultation.InputOf(c)
		in.PersonID = ""
		if _, err := e.svc.Update(as(e.screener), c.ID, in); err != nil {
			t.Fatal(err)
		}
		if n := e.Count("SELECT COUNT(*) FROM audit_events WHERE person_id = $1 AND detail = 'unlinked from this person record'", ids[0]); n != 1 {
			t.Errorf("unlinking is not on the child's trail")
		}
	})
}

func TestLinkReferral(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.create(e.screener, e.input())
		referral, other := db.NewID(), db.NewID()
		link := func(u context.Context, cid, rid string) error {
			return e.DB.Tx(u, func(tx *sql.Tx) error { return e.svc.LinkReferralTx(u, tx, cid, rid) })
		}
		if err := link(as(e.southScreener), c.ID, referral); !errs.Is(err, errs.NotFound) {
			t.Errorf("another authority links: %v", err)
		}
		if err := link(as(e.dpo), c.ID, referral); !errs.Is(err, errs.Forbidden) {
			t.Errorf("the DPO links: %v", err)
		}
		if err := link(as(e.lead), c.ID, "x"); !errs.Is(err, errs.Invalid) {
			t.Errorf("a bad referral id: %v", err)
		}
		if err := link(as(e.lead), c.ID, referral); err != nil {
			t.Fatal(err)
		}
		if err := link(as(e.lead), c.ID, referral); err != nil {
			t.Errorf("linking the same referral again: %v", err)
		}
		if err := link(as(e.lead), c.ID, other); !errs.Is(err, errs.Conflict) {
			t.Errorf("a second referral: %v", err)
		}
		// A caller's transaction that fails leaves no link.
		c2 := e.create(e.screener, e.input())
		_ = e.DB.Tx(as(e.lead), func(tx *sql.Tx) error {
			if err := e.svc.LinkReferralTx(as(e.lead), tx, c2.ID, other); err != nil {
				return err
			}
			return fmt.Errorf("the referral could not be saved")
		})
		got, err := e.svc.Get(as(e.lead), c.ID)
		if err != nil || got.ReferralID != referral || got.ReferralState != consultation.ReferralMade || got.Version != 2 {
			t.Fatalf("after linking: %+v %v", got, err)
		}
		if got, _ := e.svc.Get(as(e.lead), c2.ID); got.ReferralID != "" || got.ReferralState != consultation.AdvisedToRefer {
			t.Errorf("a rolled-back link stayed: %+v", got)
		}
		if !slices.Contains(e.events(c.ID), e.lead.ID+" update linked to the referral made from it") {
			t.Errorf("the link is not audited: %q", e.events(c.ID))
		}
		in := consultation.InputOf(got)
		in.ReferralState = consultation.NoReferral
		_, err = e.svc.Update(as(e.lead), c.ID, in)
		if f := errs.Fields(err); len(f) != 1 || f[0].Field != "referral_state" {
			t.Errorf("unsetting a made referral: %v %v", err, f)
		}
		e.Verify()
	})
}

func TestList(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		// Seven consultations a day apart, the last at 00:30 London time
		// on 24 November (so a filter must use London days, not UTC).
		for i := range 7 {
			in := e.input()
			in.OccurredAt = time.Date(2026, 11, 24-i, 0, 30, 0, 0, time.UTC)
			in.ChildName = fmt.Sprintf("Child %d", i)
			if i%2 == 1 {
				in.ReferralState = consultation.NoReferral
			}
			e.create(e.screener, in)
		}
		e.create(e.southScreener, e.input())
		res, err := e.svc.List(as(e.manager), consultation.ListQuery{PerPage: 3})
		if err == nil {
			res, err = e.svc.List(as(e.manager), consultation.ListQuery{PerPage: 3, After: res.Next})
		}
		if err != nil || res.Total != 7 || res.First || len(res.Consultations) != 3 || res.Consultations[0].ChildName != "Child 3" {
			t.Fatalf("page 2: %+v %v", res, err)
		}
		res, err = e.svc.List(as(e.manager), consultation.ListQuery{State: consultation.NoReferral})
		if err != nil || res.Total != 3 {
			t.Fatalf("by state: %d %v", res.Total, err)
		}
		res, err = e.svc.List(as(e.manager), consultation.ListQuery{From: civil.Date{Year: 2026, Month: 11, Day: 20}, To: civil.Date{Year: 2026, Month: 11, Day: 22}})
		var names []string
		for _, s := range res.Consultations {
			names = append(names, s.ChildName)
		}
		if err != nil || !slices.Equal(names, []string{"Child 2", "Child 3", "Child 4"}) {
			t.Fatalf("by date: %q %v", names, err)
		}
		if res.Consultations[0].OrganisationName != e.school.Name {
			t.Errorf("organisation %q", res.Consultations[0].OrganisationName)
		}
		_, err = e.svc.List(as(e.manager), consultation.ListQuery{State: "x", From: civil.Date{Year: 2026, Month: 11, Day: 20}, To: civil.Date{Year: 2026, Month: 11, Day: 1}})
		if f := errs.Fields(err); len(f) != 2 {
			t.Errorf("bad filters: %v %v", err, f)
		}
	})
}

// Keys of consultations logged before request_keys still answer a repeat
// once the keys have moved there.
func TestKeysMadeBeforeRequestKeys(t *testing.T) {
	const moved = "20261207_24_consultation_request_keys"
	before := slices.DeleteFunc(slices.Clone(migrations), func(m db.Migration) bool { return m.ID == moved })
	if len(before) != len(migrations)-1 {
		t.Fatalf("no migration %s", moved)
	}
	dbtest.Each(t, before, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		first := e.create(e.screener, e.input())
		other := e.create(e.lead, e.input())
		ctx := context.Background()
		for _, c := range []*consultation.Consultation{first, other} {
			if _, err := d.Write().ExecContext(ctx, "UPDATE consultations SET idempotency_key = 'form-key-7' WHERE id = $1", c.ID); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := d.Migrate(ctx, migrations); err != nil {
			t.Fatal(err)
		}
		again, err := e.svc.Create(as(e.screener), e.input(), "form-key-7")
		if err != nil || again.ID != first.ID {
			t.Fatalf("a repeat of an old request: %v %v, want %s", again, err, first.ID)
		}
		if again, err = e.svc.Create(as(e.lead), e.input(), "form-key-7"); err != nil || again.ID != other.ID {
			t.Fatalf("another user's old key: %v %v, want %s", again, err, other.ID)
		}
		if n := e.Count("SELECT COUNT(*) FROM consultations"); n != 2 {
			t.Fatalf("%d consultations, want 2", n)
		}
	})
}

// TestListIsPaged: the log is read a page at a time by a cursor, newest
// first by time then id (consultations at the same moment included),
// every consultation once; a page is never more than page.Max, and a
// cursor the log did not give is refused on the field.
func TestListIsPaged(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		for i := range 9 {
			in := e.input()
			// Pairs at the same moment, so the id orders them.
			in.OccurredAt = time.Date(2026, 11, 20-i/2, 10, 0, 0, 0, time.UTC)
			in.ChildName = fmt.Sprintf("Child %d", i)
			e.create(e.screener, in)
		}
		all, err := e.svc.List(as(e.manager), consultation.ListQuery{PerPage: 1000})
		if err != nil || all.PerPage != page.Max || all.Next != "" || len(all.Consultations) != 9 || !all.First {
			t.Fatalf("the whole log: %d rows, page of %d, %v", len(all.Consultations), all.PerPage, err)
		}
		for i := 1; i < len(all.Consultations); i++ {
			a, b := all.Consultations[i-1], all.Consultations[i]
			if a.OccurredAt.Before(b.OccurredAt) || (a.OccurredAt.Equal(b.OccurredAt) && a.ID < b.ID) {
				t.Fatalf("not newest first then by id: %v %s before %v %s", a.OccurredAt, a.ID, b.OccurredAt, b.ID)
			}
		}
		var got []string
		q := consultation.ListQuery{PerPage: 2}
		for pages := 0; ; pages++ {
			if pages > 10 {
				t.Fatal("the pages do not end")
			}
			res, err := e.svc.List(as(e.manager), q)
			if err != nil || len(res.Consultations) > 2 || res.First != (pages == 0) || res.Total != 9 {
				t.Fatalf("page %d: %d rows, %+v %v", pages, len(res.Consultations), res.First, err)
			}
			for _, c := range res.Consultations {
				got = append(got, c.ID)
			}
			if res.Next == "" {
				break
			}
			q.After = res.Next
		}
		var whole []string
		for _, c := range all.Consultations {
			whole = append(whole, c.ID)
		}
		if !slices.Equal(got, whole) {
			t.Fatalf("the pages gave %q, the log %q", got, whole)
		}
		for _, bad := range []string{"not-a-cursor", page.Cursor("occurred", "yesterday", "x"), page.Cursor("name", "a", "b")} {
			_, err := e.svc.List(as(e.manager), consultation.ListQuery{After: bad})
			if f := errs.Fields(err); !errs.Is(err, errs.Invalid) || len(f) != 1 || f[0].Field != "cursor" {
				t.Errorf("cursor %q: %v", bad, err)
			}
		}
	})
}
