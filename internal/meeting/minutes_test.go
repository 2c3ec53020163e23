package meeting_test

import (
	"slices"
	"strings"
	"testing"

	"mace/internal/meeting"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
)

// TestMinutes: the minutes for an organisation (involved with the child's
// record) that was not present leave out what was marked not to go beyond
// the meeting; for one that was, they
// keep it; viewing and downloading are both on the audit trail.
func TestMinutes(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		m := e.create(e.lead, e.strategy())
		e.attend(m, true)
		it, err := e.svc.AddItem(as(e.lead), m.ID, meeting.ItemInput{SubjectKind: meeting.SubjectChild, PersonID: e.child.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, sh := range []meeting.SharedInput{
			{OrganisationID: e.police.ID, Text: "Seen twice near the railway arches."},
			{OrganisationID: e.police.ID, Text: "An operation is planned for next week.", NotBeyond: true},
		} {
			if _, err := e.svc.RecordShared(as(e.lead), m.ID, it.ID, sh); err != nil {
				t.Fatal(err)
			}
		}
		for _, org := range []string{e.police.ID, e.sch.ID} {
			if err := e.People.Grant(as(e.lead), e.child.ID, org, "Working with the family"); err != nil {
				t.Fatal(err)
			}
		}
		texts := func(m *meeting.Meeting) []string {
			var out []string
			for _, sh := range m.Items[0].Shared {
				out = append(out, sh.Text)
			}
			return out
		}
		all, err := e.svc.Minutes(as(e.lead), m.ID, "")
		if err != nil || len(texts(all)) != 2 || all.Withheld != 0 {
			t.Fatalf("the chair's minutes: %v %v", err, texts(all))
		}
		// The school sent apologies: its copy leaves the operation out.
		school, err := e.svc.Minutes(as(e.lead), m.ID, e.sch.ID)
		if err != nil || !slices.Equal(texts(school), []string{"Seen twice near the railway arches."}) || school.Withheld != 1 {
			t.Fatalf("the school's minutes: %v %v", err, texts(school))
		}
		if police, err := e.svc.Minutes(as(e.lead), m.ID, e.police.ID); err != nil || len(texts(police)) != 2 {
			t.Fatalf("the police's minutes: %v %v", err, texts(police))
		}
		_, err = e.svc.Minutes(as(e.lead), m.ID, "no-such-organisation")
		wantField(t, err, "for", "Select the organisation the minutes are for")
		if _, err := e.svc.Minutes(as(e.southLead), m.ID, ""); !errs.Is(err, errs.NotFound) {
			t.Errorf("another authority's lead read the minutes: %v", err)
		}
		evs := strings.Join(e.events(m.ID), "\n")
		for _, want := range []string{"view viewed the minutes", "view child viewed the minutes of a meeting with an item about this person",
			"export downloaded the minutes for Larkspur Academy", "export downloaded the minutes for Westmarch Police"} {
			if !strings.Contains(evs, want) {
				t.Errorf("the audit trail lacks %q:\n%s", want, evs)
			}
		}
		e.Verify()
	})
}

// TestRecordDaily: the daily meeting is recorded with the chosen generated
// items, their reasons kept; a double submit makes one meeting and adds
// nothing more.
func TestRecordDaily(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		items := []meeting.AgendaItem{
			{Kind: meeting.SubjectChild, Subject: "Jordan Ashby", PersonID: e.child.ID, Reasons: []string{"Still missing"}},
			{Kind: meeting.SubjectChild, Subject: "Kit Sorrel", Reasons: []string{"New referral R-1 from a school"}},
		}
		in := meeting.Input{Date: "2026-11-25", Time: "09:30", ChairID: e.lead.ID}
		m, err := e.svc.RecordDaily(as(e.lead), in, items, "daily-1")
		if err != nil {
			t.Fatalf("%v %v", err, errs.Fields(err))
		}
		again, err := e.svc.RecordDaily(as(e.lead), in, items, "daily-1")
		if err != nil || again.ID != m.ID {
			t.Fatalf("a double submit: %v", err)
		}
		got := e.get(e.lead, m.ID)
		if got.Kind != meeting.Daily || len(got.Items) != 2 || got.Items[0].PersonID != e.child.ID ||
			!slices.Equal(got.Items[1].Reasons, []string{"New referral R-1 from a school"}) || got.Items[1].Subject != "Kit Sorrel" {
			t.Fatalf("the recorded meeting: %+v", got)
		}
		if n := e.Count("SELECT COUNT(*) FROM meeting_items WHERE meeting_id = $1", m.ID); n != 2 {
			t.Errorf("%d items after a double submit, want 2", n)
		}
		_, err = e.svc.RecordDaily(as(e.lead), meeting.Input{Date: "2026-11-25", Time: "nine"}, nil, "")
		wantField(t, err, "time", "The time the meeting starts must be a real time, like 09:30")
		_, err = e.svc.RecordDaily(as(e.officer), in, items, "")
		wantKind(t, err, errs.Forbidden)
	})
}
