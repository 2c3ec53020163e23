package meeting_test

import (
	"testing"

	"mace/internal/meeting"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
)

// TestAssessments: a meeting's page reads the arrangements made from its
// items, keyed by item, with the social worker named; none before any is
// made; a reader who may not see the meeting gets nothing; each read is on
// the child's trail.
func TestAssessments(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.svc.Mail = &mailbox{}
		ctx := as(e.lead)
		m, item, theme := e.dailyWithChild("2026-11-24")
		got, err := e.svc.Assessments(ctx, m.ID)
		if err != nil || len(got) != 0 {
			t.Fatalf("before arranging: %v %v", got, err)
		}
		if _, err := e.svc.ArrangeAssessment(ctx, m.ID, item.ID, meeting.ArrangeInput{Date: "2026-11-30", Time: "14:00",
			Online: true, WorkerID: e.practitioner.ID, Invitees: []meeting.InviteeInput{{UserID: e.officer.ID}}}); err != nil {
			t.Fatalf("arranging: %v %v", err, errs.Fields(err))
		}
		before := e.Count("SELECT COUNT(*) FROM audit_events WHERE person_id = $1 AND action = 'view'", e.child.ID)
		got, err = e.svc.Assessments(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		a := got[item.ID]
		if len(got) != 1 || a == nil || got[theme.ID] != nil || a.Date.String() != "2026-11-30" || a.Time != "14:00" ||
			!a.Online || a.WorkerName != "Priya Marsh" || len(a.Invitees) != 2 || a.Invitees[1].UserID != e.officer.ID {
			t.Fatalf("the arrangements: %+v", got)
		}
		if n := e.Count("SELECT COUNT(*) FROM audit_events WHERE person_id = $1 AND action = 'view'", e.child.ID); n != before+1 {
			t.Errorf("%d view events on the child's trail, want %d", n, before+1)
		}
		_, err = e.svc.Assessments(as(e.southLead), m.ID)
		wantKind(t, err, errs.NotFound)
	})
}
