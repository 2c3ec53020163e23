package consultation_test

import (
	"strings"
	"testing"

	"mace/internal/consultation"
	"mace/internal/people"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
)

// A consultation linked to a restricted record is content about the young
// person: the authority's readers not named on the record see that the
// call was taken (when, and whether a referral followed) and nothing of
// who asked, about whom, what or the advice; they may not change it, and
// the log they saw is not on the young person's trail. Those named on the
// record see and change it all.
func TestConsultationAboutARestrictedRecord(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		child := e.Person(e.lead, e.north, people.Child, "Kit", "Farrow", "2011-02-03")
		in := e.input()
		in.PersonID = child.ID
		c := e.create(e.practitioner, in)
		if err := e.People.Restrict(as(e.lead), child.ID, true, []string{e.practitioner.ID}); err != nil {
			t.Fatal(err)
		}
		content := func(c *consultation.Consultation) bool {
			return c.ProfessionalName != "" || c.ProfessionalRole != "" || c.ProfessionalContact != "" ||
				c.OrganisationName != "" || c.OtherOrganisation != "" || c.OrganisationID != "" || c.ChildName != "" ||
				c.ChildAge != 0 || !c.ChildDateOfBirth.IsZero() || len(c.ConcernTypes) > 0 || c.Question != "" || c.Advice != ""
		}
		for _, u := range []*auth.User{e.screener, e.manager, e.dpo, e.analyst} {
			got, err := e.svc.Get(as(u), c.ID)
			if err != nil {
				t.Fatalf("%s: %v", u.Name, err)
			}
			if !got.Hidden || content(got) || got.CanEdit || got.OccurredAt.IsZero() || got.ReferralState != consultation.AdvisedToRefer {
				t.Errorf("%s sees a consultation about a record they may not see: hidden %v, content %v, can edit %v",
					u.Name, got.Hidden, content(got), got.CanEdit)
			}
			res, err := e.svc.List(as(u), consultation.ListQuery{})
			if err != nil || len(res.Consultations) != 1 {
				t.Fatalf("%s's log: %v", u.Name, err)
			}
			if s := res.Consultations[0]; !s.Hidden || s.ProfessionalName != "" || s.OrganisationName != "" ||
				s.ChildName != "" || s.ChildAge != 0 || s.OtherOrganisation != "" {
				t.Errorf("%s's log shows a consultation about a record they may not see: %+v", u.Name, s)
			}
		}
		for _, u := range []*auth.User{e.screener, e.manager} {
			edit := e.input()
			edit.PersonID = child.ID
			_, err := e.svc.Update(as(u), c.ID, edit)
			wantKind(t, err, errs.Forbidden)
			if !strings.Contains(errs.Public(err), "restricted") {
				t.Errorf("refusal: %q, want it to say the record is restricted", errs.Public(err))
			}
		}
		if n := e.Count(`SELECT COUNT(*) FROM audit_shown s JOIN audit_events a ON a.seq = s.seq
			WHERE s.person_id = $1 AND a.actor_id <> $2`, child.ID, e.practitioner.ID); n != 0 {
			t.Errorf("%d lists of those not named put on the young person's trail", n)
		}

		// Named on the record: all of it.
		got, err := e.svc.Get(as(e.practitioner), c.ID)
		if err != nil || got.Hidden || !content(got) || !got.CanEdit || got.Advice != in.Advice {
			t.Fatalf("the named practitioner: %v, hidden %v", err, got.Hidden)
		}
		res, err := e.svc.List(as(e.practitioner), consultation.ListQuery{})
		if err != nil || len(res.Consultations) != 1 || res.Consultations[0].Hidden || res.Consultations[0].ChildName != "Kit Farrow" {
			t.Fatalf("the named practitioner's log: %v", err)
		}
		if n := e.Count(`SELECT COUNT(*) FROM audit_shown s JOIN audit_events a ON a.seq = s.seq
			WHERE s.person_id = $1 AND a.actor_id = $2`, child.ID, e.practitioner.ID); n != 1 {
			t.Errorf("the named practitioner's log on the young person's trail %d times, want 1", n)
		}
		edit := e.input()
		edit.PersonID, edit.Advice = child.ID, "Refer today."
		if _, err := e.svc.Update(as(e.practitioner), c.ID, edit); err != nil {
			t.Fatalf("the named practitioner changing it: %v", err)
		}
		e.Verify()
	})
}
