package meeting_test

import (
	"slices"
	"testing"
	"time"

	"mace/internal/meeting"
	"mace/internal/people"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
)

// A mapping meeting records the associations discussed, for the map: the
// young person and another person on record, or a place, each with how
// they are linked; bad entries are refused field by field and save
// nothing; readers who may see the meeting read them, names only where
// they may see the record, and every view and change is audited with the
// people concerned.
func TestMappingLinks(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		in := e.strategy()
		in.Kind, in.Reason = meeting.Mapping, ""
		m := e.create(e.lead, in)
		peer := e.person(people.Child, "Riley", "Ashby", "2010-08-09")

		for _, c := range []struct {
			in    meeting.LinkInput
			field string
		}{
			{meeting.LinkInput{OtherKind: meeting.OtherPlace, OtherText: "Canal Street flats", Relation: "frequents"}, "person_id"},
			{meeting.LinkInput{PersonID: e.child.ID, OtherKind: "house", OtherText: "x", Relation: "frequents"}, "other_kind"},
			{meeting.LinkInput{PersonID: e.child.ID, OtherKind: meeting.OtherPlace, Relation: "frequents"}, "other_text"},
			{meeting.LinkInput{PersonID: e.child.ID, OtherKind: meeting.OtherPerson, Relation: "seen-with"}, "other_text"},
			{meeting.LinkInput{PersonID: e.child.ID, OtherKind: meeting.OtherPlace, OtherPersonID: peer.ID, OtherText: "x", Relation: "frequents"}, "other_person_id"},
			{meeting.LinkInput{PersonID: e.child.ID, OtherKind: meeting.OtherPlace, OtherText: "Canal Street flats", Relation: "likes"}, "relation"},
			{meeting.LinkInput{PersonID: e.adult.ID, OtherKind: meeting.OtherPlace, OtherText: "Canal Street flats", Relation: "frequents"}, "person_id"},
			{meeting.LinkInput{PersonID: e.child.ID, OtherKind: meeting.OtherPerson, OtherPersonID: e.child.ID, Relation: "seen-with"}, "other_person_id"},
			{meeting.LinkInput{PersonID: e.child.ID, OtherKind: meeting.OtherPerson, OtherPersonID: db.NewID(), Relation: "seen-with"}, "other_person_id"},
		} {
			_, err := e.svc.AddLink(as(e.lead), m.ID, c.in)
			if !errs.Is(err, errs.Invalid) || !slices.ContainsFunc(errs.Fields(err), func(f errs.FieldError) bool { return f.Field == c.field }) {
				t.Errorf("%+v: %v %v, want a problem with %s", c.in, err, errs.Fields(err), c.field)
			}
		}
		if n := e.Count("SELECT COUNT(*) FROM meeting_links"); n != 0 {
			t.Fatalf("%d associations saved from bad entries", n)
		}

		adultLink, err := e.svc.AddLink(as(e.lead), m.ID, meeting.LinkInput{PersonID: e.child.ID, OtherKind: meeting.OtherPerson,
			OtherPersonID: e.adult.ID, Relation: "suspected-exploiter", Note: "Drives a silver car; seen at the school gates."})
		if err != nil {
			t.Fatalf("%v %v", err, errs.Fields(err))
		}
		e.Clock.Set(e.Clock.Now().Add(time.Minute)) // recorded a minute later
		if _, err := e.svc.AddLink(as(e.lead), m.ID, meeting.LinkInput{PersonID: peer.ID, OtherKind: meeting.OtherPlace,
			OtherText: "  Canal   Street flats ", Relation: "found-at"}); err != nil {
			t.Fatalf("%v %v", err, errs.Fields(err))
		}
		// A police officer may not record them; nor may anyone on another
		// authority's meeting.
		if _, err := e.svc.AddLink(as(e.officer), m.ID, meeting.LinkInput{PersonID: e.child.ID, OtherKind: meeting.OtherPlace,
			OtherText: "Park", Relation: "frequents"}); err == nil {
			t.Error("a police officer recorded an association on the authority's meeting")
		}

		links, err := e.svc.Links(as(e.lead), m.ID)
		if err != nil || len(links) != 2 {
			t.Fatalf("links %+v %v", links, err)
		}
		if l := links[0]; l.ID != adultLink.ID || l.PersonName != "Jordan Ashby" || l.OtherPersonName != "Dale Crane" ||
			l.Relation != "suspected-exploiter" {
			t.Errorf("first link %+v", l)
		}
		if l := links[1]; l.PersonName != "Riley Ashby" || l.OtherText != "Canal Street flats" || l.OtherPersonID != "" {
			t.Errorf("second link %+v", l)
		}
		if _, err := e.svc.Links(as(e.southLead), m.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("another authority's lead: %v", err)
		}
		// The audit trail has the change and the view with each person.
		for _, p := range []string{e.child.ID, e.adult.ID, peer.ID} {
			if n := e.Count("SELECT COUNT(*) FROM audit_events WHERE record_id = $1 AND person_id = $2 AND action = 'view'", m.ID, p); n != 1 {
				t.Errorf("%d views recorded with person %s, want 1", n, p)
			}
			if n := e.Count("SELECT COUNT(*) FROM audit_events WHERE record_id = $1 AND person_id = $2 AND action = 'update'", m.ID, p); n != 1 {
				t.Errorf("%d changes recorded with person %s, want 1", n, p)
			}
		}
		e.Verify()
	})
}
