package meeting_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"mace/internal/meeting"
	"mace/internal/people"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/task"
)

// secrets are what the discussion of the env's child put on a meeting:
// its reasons, what the police shared, the decision, the action and the
// association. None of it may reach a reader who may not see the child's
// record.
var secrets = []string{"Jordan", "Ashby", "Found twice at the railway arches", "Seen in a blue hatchback",
	"Referred to the exploitation team", "s47-joint", "Visit the family before Friday", "Grey saloon",
	"seen-with", "Near the station", "2026-12-04"}

// discussed is a strategy discussion on 25 November 2026 at which the
// lead, the officer and the nurse were present, with one item about the
// env's child and everything under it: a reason, what the police shared,
// the decision, an action for the practitioner and one for the officer,
// and an association.
func (e *env) discussed() (*meeting.Meeting, *meeting.Item) {
	e.t.Helper()
	m := e.create(e.lead, e.strategy())
	e.attend(m, true)
	ctx := as(e.lead)
	it, err := e.svc.AddItem(ctx, m.ID, meeting.ItemInput{SubjectKind: meeting.SubjectChild, PersonID: e.child.ID,
		Reasons: []string{"Found twice at the railway arches"}})
	if err != nil {
		e.t.Fatalf("item: %v %v", err, errs.Fields(err))
	}
	if _, err := e.svc.RecordShared(ctx, m.ID, it.ID, meeting.SharedInput{OrganisationID: e.police.ID,
		Text: "Seen in a blue hatchback"}); err != nil {
		e.t.Fatalf("shared: %v %v", err, errs.Fields(err))
	}
	if _, err := e.svc.SetDecision(ctx, m.ID, it.ID, meeting.DecisionInput{Outcome: meeting.S47Joint,
		Decision: "Referred to the exploitation team"}); err != nil {
		e.t.Fatalf("decision: %v %v", err, errs.Fields(err))
	}
	for _, owner := range []string{e.practitioner.ID, e.officer.ID} {
		if _, err := e.svc.AddAction(ctx, m.ID, meeting.ActionInput{ItemID: it.ID, Text: "Visit the family before Friday",
			OwnerUserID: owner, DueDate: "2026-12-04"}); err != nil {
			e.t.Fatalf("action: %v %v", err, errs.Fields(err))
		}
	}
	if _, err := e.svc.AddLink(ctx, m.ID, meeting.LinkInput{PersonID: e.child.ID, OtherKind: meeting.OtherVehicle,
		OtherText: "Grey saloon", Relation: "seen-with", Note: "Near the station"}); err != nil {
		e.t.Fatalf("link: %v %v", err, errs.Fields(err))
	}
	return m, it
}

// leaks are the secrets found in v as JSON (what the API answers and what
// the pages are made from).
func leaks(t *testing.T, v any) []string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range secrets {
		if strings.Contains(string(b), s) {
			out = append(out, s)
		}
	}
	return out
}

// seen is everything u is given of the meeting: the meeting and its
// associations.
func (e *env) seen(u *auth.User, id string) (*meeting.Meeting, []meeting.Link) {
	e.t.Helper()
	m := e.get(u, id)
	links, err := e.svc.Links(as(u), id)
	if err != nil {
		e.t.Fatalf("links: %v", err)
	}
	return m, links
}

// wantHidden checks that u is told the item and the association exist and
// given nothing of their content.
func (e *env) wantHidden(who string, u *auth.User, id string) {
	e.t.Helper()
	m, links := e.seen(u, id)
	if len(m.Items) != 1 || !m.Items[0].Hidden || len(links) != 1 || !links[0].Hidden || len(m.Actions) != 2 {
		e.t.Errorf("%s should see that the item, its actions and the association exist: %+v %+v", who, m.Items, links)
	}
	if l := leaks(e.t, []any{m, links}); len(l) != 0 {
		e.t.Errorf("%s is shown %q", who, l)
	}
}

// wantShown checks that u sees the item's content.
func (e *env) wantShown(who string, u *auth.User, id string) {
	e.t.Helper()
	m, links := e.seen(u, id)
	if l := leaks(e.t, []any{m, links}); len(l) != len(secrets) {
		e.t.Errorf("%s should see everything about the child, sees only %q", who, l)
	}
}

// shownBy are the people the latest meeting view by u showed.
func (e *env) shownBy(u *auth.User, id string) []string {
	e.t.Helper()
	rows, err := e.DB.Read().QueryContext(context.Background(), `SELECT s.person_id FROM audit_shown s
		WHERE s.seq = (SELECT MAX(seq) FROM audit_events WHERE actor_id = $1 AND record_type = 'meeting'
		AND record_id = $2 AND person_id = '' AND action = 'view')`, u.ID, id)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			e.t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// TestContentAboutARestrictedChild (issue 11, finding 4): once the child's
// record is restricted to the lead, a manager of the owning authority who
// is not named sees that the item, its actions and the association exist
// and nothing of them: not the reasons, what was shared, the decision, the
// actions or the association. The lead still sees them all, and the view
// records whose content it showed.
func TestContentAboutARestrictedChild(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		m, _ := e.discussed()
		e.wantShown("the manager, before the restriction", e.manager, m.ID)
		if err := e.People.Restrict(as(e.lead), e.child.ID, true, nil); err != nil {
			t.Fatal(err)
		}
		e.wantHidden("an unnamed manager", e.manager, m.ID)
		if got := e.shownBy(e.manager, m.ID); len(got) != 0 {
			t.Errorf("the manager's view showed %v", got)
		}
		minutes, err := e.svc.Minutes(as(e.manager), m.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if l := leaks(t, minutes); len(l) != 0 {
			t.Errorf("the unnamed manager's minutes show %q", l)
		}
		e.wantShown("the named lead", e.lead, m.ID)
		if got := e.shownBy(e.lead, m.ID); !slices.Equal(got, []string{e.child.ID}) {
			t.Errorf("the lead's view showed %v, want the child", got)
		}
		e.Verify()
	})
}

// TestContentAboutAChildAPartnerIsNotInvolvedWith (issue 11, finding 4):
// the police and health were present but are not involved with the
// child's record, so they see that the item exists and nothing of it.
// When the chair records that the item was discussed with everyone
// present, each organisation present is involved with the record (a grant
// on its trail, its reason naming the meeting) and sees the item; a
// restricted record's item cannot be opened that way.
func TestContentAboutAChildAPartnerIsNotInvolvedWith(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		m, it := e.discussed()
		e.wantHidden("the officer present", e.officer, m.ID)
		e.wantHidden("the nurse present", e.nurse, m.ID)
		_, err := e.svc.DiscussedWithPresent(as(e.officer), m.ID, it.ID, 0)
		wantKind(t, err, errs.Forbidden)
		granted, err := e.svc.DiscussedWithPresent(as(e.lead), m.ID, it.ID, 0)
		if err != nil {
			t.Fatalf("%v %v", err, errs.Fields(err))
		}
		if !slices.Equal(granted, []string{"Westmarch Police", "Northfield Health Trust"}) {
			t.Errorf("granted to %v", granted)
		}
		e.wantShown("the officer, once it was discussed with everyone present", e.officer, m.ID)
		e.wantShown("the nurse, once it was discussed with everyone present", e.nurse, m.ID)
		f, err := people.LoadFacts(context.Background(), d.Read(), e.child.ID)
		if err != nil || !slices.Contains(f.Record.InvolvedOrg, e.police.ID) || slices.Contains(f.Record.InvolvedOrg, e.sch.ID) {
			t.Fatalf("involved %v %v", f.Record.InvolvedOrg, err)
		}
		reason := e.Count(`SELECT COUNT(*) FROM record_organisations WHERE record_id = $1 AND organisation_id = $2
			AND reason = 'Discussed with everyone present at the strategy discussion on Wednesday 25 November 2026'`, e.child.ID, e.police.ID)
		if reason != 1 {
			t.Errorf("the police's involvement does not give the meeting as its reason")
		}
		grants := e.Count(`SELECT COUNT(*) FROM audit_events WHERE action = 'grant' AND person_id = $1 AND record_type = 'person'
			AND record_id = $1 AND detail LIKE 'granted access to %, as the item was discussed with everyone present at a meeting'`, e.child.ID)
		if grants != 2 {
			t.Errorf("%d grants on the child's trail, want 2", grants)
		}
		// Again: no one new is involved, nothing more is granted.
		if again, err := e.svc.DiscussedWithPresent(as(e.lead), m.ID, it.ID, 0); err != nil || len(again) != 0 {
			t.Errorf("again: %v %v", again, err)
		}
		// A restricted record's content is for its named users only.
		if err := e.People.Restrict(as(e.lead), e.child.ID, true, nil); err != nil {
			t.Fatal(err)
		}
		e.wantHidden("the officer, once the record is restricted", e.officer, m.ID)
		_, err = e.svc.DiscussedWithPresent(as(e.lead), m.ID, it.ID, 0)
		wantKind(t, err, errs.Conflict)
		e.Verify()
	})
}

// TestMinutesForAnOrganisation (issue 11, finding 5): minutes made for an
// organisation hold only what that organisation may see, whoever downloads
// them: the police, present but not involved with the child, and the
// school get the item without its content; the owning authority gets it
// all, until the record is restricted, when no organisation gets it.
func TestMinutesForAnOrganisation(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		m, _ := e.discussed()
		for _, org := range []auth.Organisation{e.police, e.sch} {
			got, err := e.svc.Minutes(as(e.lead), m.ID, org.ID)
			if err != nil {
				t.Fatal(err)
			}
			if l := leaks(t, got); len(l) != 0 || len(got.Items) != 1 || !got.Items[0].Hidden {
				t.Errorf("the minutes for %s show %q", org.Name, l)
			}
		}
		own, err := e.svc.Minutes(as(e.lead), m.ID, e.north.ID)
		if err != nil {
			t.Fatal(err)
		}
		if l := leaks(t, own); len(l) != len(secrets)-3 { // no association in the minutes
			t.Errorf("the minutes for the owning authority show only %q", l)
		}
		if err := e.People.Restrict(as(e.lead), e.child.ID, true, nil); err != nil {
			t.Fatal(err)
		}
		own, err = e.svc.Minutes(as(e.lead), m.ID, e.north.ID)
		if err != nil {
			t.Fatal(err)
		}
		if l := leaks(t, own); len(l) != 0 {
			t.Errorf("the minutes for the owning authority of a restricted record show %q", l)
		}
		// The officer downloading for their own force gets no more than
		// they may see either.
		police, err := e.svc.Minutes(as(e.officer), m.ID, e.police.ID)
		if err != nil {
			t.Fatal(err)
		}
		if l := leaks(t, police); len(l) != 0 {
			t.Errorf("the officer's minutes show %q", l)
		}
		e.Verify()
	})
}

// TestActionTaskTitles (issue 11, finding 4): an action about the child is
// a task in its owner's work; an owner who may not see the child's record
// (the officer, not involved; the practitioner, not named on the
// restricted record) sees a neutral title on My work, on the task and in
// the task list, and the named lead sees the action.
func TestActionTaskTitles(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		m, _ := e.discussed()
		titles := func(u *auth.User) []string {
			t.Helper()
			w, err := e.Tasks.MyWork(context.Background(), u)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, g := range [][]task.Task{w.Overdue, w.DueToday, w.Later} {
				for _, tk := range g {
					if tk.RecordID == m.ID && tk.Kind == meeting.TaskAction {
						out = append(out, tk.Title)
						got, err := e.Tasks.Get(as(u), tk.ID)
						if err != nil {
							t.Fatal(err)
						}
						out = append(out, got.Title)
					}
				}
			}
			list, err := e.Tasks.List(context.Background(), u, task.Query{})
			if err != nil {
				t.Fatal(err)
			}
			for _, tk := range list {
				if tk.RecordID == m.ID && tk.Kind == meeting.TaskAction {
					out = append(out, tk.Title)
				}
			}
			return out
		}
		const neutral = "A task about a young person you cannot see"
		want := func(who string, u *auth.User, title string) {
			t.Helper()
			got := titles(u)
			if len(got) != 3 {
				t.Fatalf("%s: %d titles, want 3: %q", who, len(got), got)
			}
			for _, g := range got {
				if g != title {
					t.Errorf("%s sees the task as %q, want %q", who, g, title)
				}
			}
		}
		full := "Strategy discussion 2026-11-25: Visit the family before Friday"
		want("the practitioner", e.practitioner, full)
		want("the officer, not involved", e.officer, neutral)
		if err := e.People.Restrict(as(e.lead), e.child.ID, true, nil); err != nil {
			t.Fatal(err)
		}
		want("the practitioner, not named", e.practitioner, neutral)
		e.Verify()
	})
}
