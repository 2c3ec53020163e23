package meeting_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"mace/internal/meeting"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
)

func TestAgendaSharingAndDecision(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		m := e.create(e.lead, e.strategy())
		e.attend(m, true)
		child, err := e.svc.AddItem(as(e.lead), m.ID, meeting.ItemInput{SubjectKind: meeting.SubjectChild,
			PersonID: e.child.ID, Reasons: []string{" Repeat missing ", ""}})
		if err != nil {
			t.Fatalf("%v %v", err, errs.Fields(err))
		}
		place, err := e.svc.AddItem(as(e.lead), m.ID, meeting.ItemInput{SubjectKind: meeting.SubjectPlace,
			Subject: "Underpass by the bus station"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.AddItem(as(e.lead), m.ID, meeting.ItemInput{SubjectKind: meeting.SubjectChild, PersonID: e.adult.ID})
		wantField(t, err, "person_id", "Select the record of a child: this one is not")
		_, err = e.svc.AddItem(as(e.lead), m.ID, meeting.ItemInput{SubjectKind: meeting.SubjectTheme})
		wantField(t, err, "subject", "Enter the theme")
		_, err = e.svc.AddItem(as(e.officer), m.ID, meeting.ItemInput{SubjectKind: meeting.SubjectTheme, Subject: "Knives"})
		wantKind(t, err, errs.Forbidden)
		if err := e.svc.ReorderItems(as(e.lead), m.ID, []string{place.ID}, 0); err == nil {
			t.Error("a reorder leaving an item out was accepted")
		}
		if err := e.svc.ReorderItems(as(e.lead), m.ID, []string{place.ID, child.ID}, 0); err != nil {
			t.Fatal(err)
		}
		// The police share on their own account; the nurse cannot speak for the police.
		if _, err := e.svc.RecordShared(as(e.officer), m.ID, child.ID, meeting.SharedInput{OrganisationID: e.police.ID,
			Text: "Seen twice with an adult of concern.", NotBeyond: true}); err != nil {
			t.Fatalf("%v %v", err, errs.Fields(err))
		}
		_, err = e.svc.RecordShared(as(e.nurse), m.ID, child.ID, meeting.SharedInput{OrganisationID: e.police.ID, Text: "x"})
		wantKind(t, err, errs.Forbidden)
		_, err = e.svc.RecordShared(as(e.lead), m.ID, child.ID, meeting.SharedInput{OrganisationID: e.sch.ID, Text: "x"})
		wantField(t, err, "organisation_id", "Select an organisation that was present at the meeting")
		if _, err := e.svc.RecordShared(as(e.nurse), m.ID, child.ID, meeting.SharedInput{OrganisationID: e.health.ID,
			Text: "Missed two appointments."}); err != nil {
			t.Fatal(err)
		}
		// Those present see everything once the police are involved with the
		// child's record; a police colleague who was not there does not see
		// what stays in the meeting.
		if err := e.People.Grant(as(e.lead), e.child.ID, e.police.ID, "Investigating a linked concern"); err != nil {
			t.Fatal(err)
		}
		there := e.get(e.officer, m.ID)
		if there.Items[0].ID != place.ID || len(there.Items[1].Shared) != 2 || there.Withheld != 0 {
			t.Errorf("an attendee sees %+v", there.Items)
		}
		if there.Items[1].PersonName != "Jordan Ashby" {
			t.Error("the child's name does not show to a reader of an organisation involved with the record")
		}
		away := e.get(e.officer2, m.ID)
		if len(away.Items[1].Shared) != 1 || away.Items[1].Shared[0].OrganisationName != "Northfield Health Trust" || away.Withheld != 1 {
			t.Errorf("a non-attendee sees %+v (withheld %d)", away.Items[1].Shared, away.Withheld)
		}
		if mgr := e.get(e.manager, m.ID); mgr.Withheld != 1 || mgr.Items[1].PersonName != "Jordan Ashby" {
			t.Errorf("a manager who was not there: withheld %d, name %q", mgr.Withheld, mgr.Items[1].PersonName)
		}
		// The decision: a joint section 47 enquiry leading to a conference.
		_, err = e.svc.SetDecision(as(e.lead), m.ID, child.ID, meeting.DecisionInput{Outcome: meeting.NoFurther, ConferenceNeeded: true})
		wantField(t, err, "conference_needed", "An initial child protection conference follows a section 47 enquiry: select a section 47 decision, or say no conference is needed")
		for range 2 {
			if _, err := e.svc.SetDecision(as(e.lead), m.ID, child.ID, meeting.DecisionInput{Outcome: meeting.S47Joint,
				Decision: "Joint enquiry with police.", ConferenceNeeded: true}); err != nil {
				t.Fatalf("%v %v", err, errs.Fields(err))
			}
		}
		var due time.Time
		var owner, person string
		if n := e.Count("SELECT COUNT(*) FROM tasks WHERE kind = $1", meeting.TaskConference); n != 1 {
			t.Fatalf("%d conference tasks, want 1", n)
		}
		if err := d.Read().QueryRowContext(context.Background(), `SELECT due_at, owner_user_id, person_id FROM tasks WHERE kind = $1`,
			meeting.TaskConference).Scan(db.ScanTime(&due), &owner, &person); err != nil {
			t.Fatal(err)
		}
		// 15 working days after Wednesday 25 November 2026: by the end of
		// Wednesday 16 December in London.
		if want := time.Date(2026, 12, 16, 23, 59, 59, 0, time.UTC); !due.Equal(want) {
			t.Errorf("conference due %v, want %v", due, want)
		}
		if owner != e.lead.ID || person != e.child.ID {
			t.Errorf("conference task owner %s person %s", owner, person)
		}
		if err := e.svc.DropItem(as(e.lead), m.ID, place.ID, 0); err != nil {
			t.Fatal(err)
		}
		if got := e.get(e.lead, m.ID); len(got.Items) != 1 || got.Items[0].Reasons[0] != "Repeat missing" || got.Items[0].Outcome != meeting.S47Joint {
			t.Errorf("agenda after the drop %+v", got.Items)
		}
		// Every change touching the child is on the child's trail.
		want := []string{"update child added an agenda item about A child", "update child recorded what an agency shared, not to go beyond the meeting",
			"update child recorded the decision on an agenda item: Section 47 enquiry, joint with police"}
		for _, w := range want {
			if !slices.Contains(e.events(m.ID), w) {
				t.Errorf("no event %q in %q", w, e.events(m.ID))
			}
		}
		if !slices.Contains(e.events(m.ID), "view child viewed a meeting with an item about this person") {
			t.Error("a view of the meeting is not on the child's trail")
		}
		e.Verify()
	})
}

func TestActionsBecomeTasks(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		daily := e.strategy()
		daily.Kind = meeting.Daily
		m := e.create(e.lead, daily)
		e.attend(m, true)
		it, err := e.svc.AddItem(as(e.lead), m.ID, meeting.ItemInput{SubjectKind: meeting.SubjectChild, PersonID: e.child.ID})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.AddAction(as(e.lead), m.ID, meeting.ActionInput{Text: ""})
		wantField(t, err, "text", "Enter the action")
		wantField(t, err, "owner", "Choose who owns the action: a person or a team")
		wantField(t, err, "due_date", "Enter the date the action is due")
		a, err := e.svc.AddAction(as(e.lead), m.ID, meeting.ActionInput{ItemID: it.ID, Text: "Share the vehicle sightings.",
			OwnerUserID: e.officer.ID, DueDate: "2026-11-27"})
		if err != nil {
			t.Fatalf("%v %v", err, errs.Fields(err))
		}
		if a.OrganisationID != e.police.ID || a.OrganisationName != "Westmarch Police" || a.TaskID == "" {
			t.Errorf("action %+v", a)
		}
		if _, err := e.svc.AddAction(as(e.lead), m.ID, meeting.ActionInput{Text: "Check the school roll.",
			OwnerTeamID: e.frontDoor.ID, DueDate: "2026-11-30"}); err != nil {
			t.Fatal(err)
		}
		work, err := e.Tasks.MyWork(as(e.officer), e.officer)
		if err != nil {
			t.Fatal(err)
		}
		if len(work.Later) != 1 || work.Later[0].Kind != meeting.TaskAction || work.Later[0].RecordID != m.ID ||
			work.Later[0].PersonID != e.child.ID {
			t.Fatalf("the officer's work %+v", work)
		}
		// After the due date the action is overdue.
		e.Clock.Set(time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC))
		if work, err = e.Tasks.MyWork(as(e.officer), e.officer); err != nil || len(work.Overdue) != 1 {
			t.Errorf("overdue %+v %v", work, err)
		}
		if work, err = e.Tasks.MyWork(as(e.practitioner), e.practitioner); err != nil || len(work.Later) != 1 {
			t.Errorf("the front door's work %+v %v", work, err)
		}
		if got := e.get(e.lead, m.ID); len(got.Actions) != 2 {
			t.Errorf("actions %+v", got.Actions)
		}
		wantKind(t, e.svc.DropItem(as(e.lead), m.ID, it.ID, 0), errs.Conflict)
		e.Verify()
	})
}

func TestAbsenceReport(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		without := e.create(e.lead, e.strategy())
		e.attend(without, false) // health absent, school's apologies
		in := e.strategy()
		in.Date = "2026-11-26"
		with := e.create(e.lead, in)
		e.attend(with, true)
		in.Date, in.State = "2026-11-27", meeting.Cancelled
		e.create(e.lead, in) // cancelled: not counted
		from, to := civil.Date{Year: 2026, Month: 11, Day: 1}, civil.Date{Year: 2026, Month: 11, Day: 30}
		r, err := e.svc.Absences(as(e.manager), "", from, to)
		if err != nil {
			t.Fatal(err)
		}
		if r.Meetings != 2 {
			t.Errorf("%d meetings", r.Meetings)
		}
		byType := map[auth.OrgType][2]int{}
		for _, ta := range r.ByType {
			byType[ta.Type] = [2]int{ta.Required, ta.NotPresent}
		}
		if byType[auth.Health] != [2]int{2, 1} || byType[auth.PoliceForce] != [2]int{2, 0} || byType[auth.LocalAuthority] != [2]int{2, 0} {
			t.Errorf("by type %+v", r.ByType)
		}
		byOrg := map[string][2]int{}
		for _, oa := range r.ByOrganisation {
			byOrg[oa.Name] = [2]int{oa.Recorded, oa.NotPresent}
		}
		if byOrg["Larkspur Academy"] != [2]int{2, 2} || byOrg["Northfield Health Trust"] != [2]int{2, 1} || byOrg["Westmarch Police"] != [2]int{2, 0} {
			t.Errorf("by organisation %+v", r.ByOrganisation)
		}
		for _, u := range []*auth.User{e.practitioner, e.officer, e.southLead} {
			_, err := e.svc.Absences(as(u), e.north.ID, from, to)
			wantKind(t, err, errs.Forbidden)
		}
		_, err = e.svc.Absences(as(e.manager), "", to, from)
		wantField(t, err, "to", "The end of the period must be the same as or after its start")
	})
}
