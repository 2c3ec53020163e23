package meeting_test

import (
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

func TestCreateAndGet(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		m := e.create(e.lead, e.strategy())
		// 10:00 in London in November is 10:00 UTC; in June it would be 09:00.
		if want := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC); !m.StartAt.Equal(want) || m.Time != "10:00" {
			t.Errorf("start %v %s, want %v", m.StartAt, m.Time, want)
		}
		if m.State != meeting.Planned || m.Version != 1 || m.OwnerOrgID != e.north.ID || m.ChairName != "Lena Dorrit" {
			t.Errorf("meeting %+v", m)
		}
		summer := e.strategy()
		summer.Date = "2026-06-10"
		if s := e.create(e.lead, summer); s.StartAt.Hour() != 9 || s.Time != "10:00" {
			t.Errorf("a summer meeting at 10:00 in London starts %v UTC", s.StartAt)
		}
		// No one has attended yet: every required agency is missing.
		if !slices.Equal(m.Missing, []auth.OrgType{auth.LocalAuthority, auth.PoliceForce, auth.Health}) {
			t.Errorf("missing %v", m.Missing)
		}
		e.attend(m, false)
		got := e.get(e.lead, m.ID)
		if !slices.Equal(got.Missing, []auth.OrgType{auth.Health}) {
			t.Errorf("a strategy discussion without health present should say so: missing %v", got.Missing)
		}
		if len(got.Attendees) != 4 || got.Attendees[1].Name != "Owen Carrick" || got.Attendees[1].OrganisationName != "Westmarch Police" ||
			got.Attendees[3].UserID != "" || got.Attendees[3].OrganisationType != auth.Health {
			t.Errorf("attendees %+v", got.Attendees)
		}
		e.attend(m, true)
		if got := e.get(e.lead, m.ID); len(got.Missing) != 0 {
			t.Errorf("with health present nothing is missing: %v", got.Missing)
		}
		// A daily meeting needs the authority and the police by default;
		// a partnership may say otherwise.
		e.svc.Required = map[string][]auth.OrgType{meeting.Daily: {auth.LocalAuthority, auth.Education}}
		daily := e.strategy()
		daily.Kind, daily.Reason = meeting.Daily, "ignored"
		dm := e.create(e.lead, daily)
		if dm.Reason != "" || !slices.Equal(dm.Required, []auth.OrgType{auth.LocalAuthority, auth.Education}) {
			t.Errorf("daily meeting %q requires %v", dm.Reason, dm.Required)
		}
		e.Verify()
	})
}

func TestValidation(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		_, err := e.svc.Create(as(e.lead), meeting.Input{Kind: meeting.Strategy}, "")
		wantField(t, err, "date", "Enter the date of the meeting")
		wantField(t, err, "time", "Enter the time the meeting starts")
		wantField(t, err, "chair_id", "Choose who chaired the meeting")
		wantField(t, err, "reason", "Enter the reasonable cause to suspect the child is suffering, or likely to suffer, significant harm")
		for _, tc := range []struct {
			name       string
			change     func(*meeting.Input)
			field, msg string
		}{
			{"no kind", func(in *meeting.Input) { in.Kind = "" }, "kind", "Select the kind of meeting"},
			{"not a date", func(in *meeting.Input) { in.Date = "2026-02-30" }, "date", "The date of the meeting must be a real date"},
			{"not a time", func(in *meeting.Input) { in.Time = "25:00" }, "time", "The time the meeting starts must be a real time, like 09:30"},
			{"chair from another authority", func(in *meeting.Input) { in.ChairID = e.southLead.ID }, "chair_id", "Choose a chair from your authority’s staff who run meetings"},
			{"police officer as chair", func(in *meeting.Input) { in.ChairID = e.officer.ID }, "chair_id", "Choose a chair from your authority’s staff who run meetings"},
			{"held in the future", func(in *meeting.Input) { in.State = meeting.Held }, "state", "A meeting that has not started yet cannot have been held: select Planned"},
			{"bad convener", func(in *meeting.Input) { in.ConvenedByType, in.ConvenedByID = "rumour", "x" }, "convened_by_type",
				"Select what convened the strategy discussion: a screening decision, a repeat-missing task or an item at another meeting"},
		} {
			in := e.strategy()
			tc.change(&in)
			_, err := e.svc.Create(as(e.lead), in, "")
			t.Run(tc.name, func(t *testing.T) { wantField(t, err, tc.field, tc.msg) })
		}
		// Who may arrange one.
		for _, u := range []*auth.User{e.officer, e.nurse, e.analyst, e.referrer} {
			_, err := e.svc.Create(as(u), e.strategy(), "")
			wantKind(t, err, errs.Forbidden)
		}
		if e.Count("SELECT COUNT(*) FROM meetings") != 0 {
			t.Error("a refused meeting was saved")
		}
	})
}

func TestIdempotencyAndUpdate(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		first, err := e.svc.Create(as(e.lead), e.strategy(), "key-1")
		if err != nil {
			t.Fatal(err)
		}
		again, err := e.svc.Create(as(e.lead), e.strategy(), "key-1")
		if err != nil || again.ID != first.ID || e.Count("SELECT COUNT(*) FROM meetings") != 1 {
			t.Fatalf("a repeated request made another meeting: %v", err)
		}
		in := meeting.InputOf(first)
		in.Time, in.ChairID, in.Version = "14:30", e.manager.ID, first.Version
		m, err := e.svc.Update(as(e.practitioner), first.ID, in)
		if err != nil {
			t.Fatalf("%v %v", err, errs.Fields(err))
		}
		if m.Version != 2 || m.Time != "14:30" || m.ChairID != e.manager.ID {
			t.Errorf("updated %+v", m)
		}
		// The first form, sent again, is stale.
		_, err = e.svc.Update(as(e.lead), first.ID, in)
		wantKind(t, err, errs.Conflict)
		if errs.Public(err) != "Someone else changed this meeting while you were editing it. Your changes have not been saved: check the meeting and make them again." {
			t.Errorf("stale message %q", errs.Public(err))
		}
		in.Version, in.Kind = m.Version, meeting.Daily
		_, err = e.svc.Update(as(e.lead), first.ID, in)
		wantField(t, err, "kind", "The kind of meeting cannot be changed: arrange a new meeting instead")
		in.Kind = ""
		_, err = e.svc.Update(as(e.officer), first.ID, in)
		wantKind(t, err, errs.NotFound) // the police were not there: they do not see it
		_, err = e.svc.Update(as(e.southLead), first.ID, in)
		wantKind(t, err, errs.NotFound)
		// An attendance change moves the version on too.
		e.attend(m, true)
		_, err = e.svc.Update(as(e.lead), first.ID, in)
		wantKind(t, err, errs.Conflict)
		if got := e.events(first.ID); !slices.Equal(got[:3], []string{"create arranged a strategy discussion",
			"view", "update changed time, chair"}) {
			t.Errorf("events %q", got)
		}
		e.Verify()
	})
}

func TestListAndScope(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		s := e.create(e.lead, e.strategy())
		daily := e.strategy()
		daily.Kind, daily.Date = meeting.Daily, "2026-11-26"
		dm := e.create(e.lead, daily)
		e.attend(s, false) // the police were at the strategy discussion only
		ids := func(u *auth.User, q meeting.ListQuery) []string {
			t.Helper()
			list, err := e.svc.List(as(u), q)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, m := range list.Meetings {
				out = append(out, m.ID)
			}
			return out
		}
		if got := ids(e.analyst, meeting.ListQuery{}); !slices.Equal(got, []string{s.ID, dm.ID}) {
			t.Errorf("the authority's analyst sees %v", got)
		}
		if got := ids(e.lead, meeting.ListQuery{Kind: meeting.Daily}); !slices.Equal(got, []string{dm.ID}) {
			t.Errorf("daily meetings %v", got)
		}
		day := civil.Date{Year: 2026, Month: 11, Day: 26}
		if got := ids(e.lead, meeting.ListQuery{From: day, To: day}); !slices.Equal(got, []string{dm.ID}) {
			t.Errorf("meetings on the 26th %v", got)
		}
		if got := ids(e.officer2, meeting.ListQuery{}); !slices.Equal(got, []string{s.ID}) {
			t.Errorf("the police see %v, want only the meeting they attended", got)
		}
		for _, u := range []*auth.User{e.teacher, e.southLead, e.referrer} {
			if got := ids(u, meeting.ListQuery{}); len(got) != 0 {
				t.Errorf("%s sees %v", u.Name, got)
			}
			_, err := e.svc.Get(as(u), s.ID)
			wantKind(t, err, errs.NotFound)
		}
		_, err := e.svc.List(as(e.lead), meeting.ListQuery{From: day, To: day.AddDays(-1)})
		wantField(t, err, "to", "The end of the period must be the same as or after its start")
	})
}
