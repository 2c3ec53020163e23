package meeting_test

import (
	"context"
	"slices"
	"testing"

	"mace/internal/meeting"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
)

// The keys of requests answered before they moved to request_keys still
// answer a retry after the move: the meeting it made comes back, and an
// arranged assessment changes and sends nothing again.
func TestRequestKeysMoved(t *testing.T) {
	const moved = "20261207_26_meeting_request_keys"
	before := slices.DeleteFunc(slices.Clone(migrations), func(m db.Migration) bool { return m.ID == moved })
	if len(before) != len(migrations)-1 {
		t.Fatalf("no migration %s", moved)
	}
	dbtest.Each(t, before, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		m, item, _ := e.dailyWithChild("2026-11-24")
		box := &mailbox{}
		e.svc.Mail = box
		in := meeting.ArrangeInput{Date: "2026-12-01", Time: "10:00", Place: "Larkspur Academy, room 2",
			WorkerID: e.practitioner.ID}
		a, err := e.svc.ArrangeAssessment(as(e.lead), m.ID, item.ID, in)
		if err != nil {
			t.Fatalf("arranging: %v %v", err, errs.Fields(err))
		}
		box.take()
		// As the service used to write them.
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{"UPDATE meetings SET idempotency_key = $1 WHERE id = $2", []any{"old-meeting-key", m.ID}},
			{`INSERT INTO meeting_assessment_requests (user_id, idempotency_key, assessment_id, created_at)
				VALUES ($1, $2, $3, $4)`, []any{e.lead.ID, "old-assessment-key", a.ID, db.Time(e.Clock.Now())}},
		} {
			if _, err := d.Write().ExecContext(ctx, q.sql, q.args...); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := d.Migrate(ctx, migrations); err != nil {
			t.Fatalf("migrating: %v", err)
		}
		again, err := e.svc.Create(as(e.lead), meeting.Input{Kind: meeting.Daily, Date: "2026-11-24", Time: "09:30",
			ChairID: e.lead.ID}, "old-meeting-key")
		if err != nil || again.ID != m.ID || e.Count("SELECT COUNT(*) FROM meetings") != 1 {
			t.Fatalf("a retried meeting after the move: %+v %v", again, err)
		}
		in.Date, in.IdempotencyKey = "2026-11-30", "old-assessment-key"
		retried, err := e.svc.ArrangeAssessment(as(e.lead), m.ID, item.ID, in)
		if err != nil || retried.ID != a.ID || retried.Date.String() != "2026-12-01" || len(box.take()) != 0 {
			t.Fatalf("a retried arrangement after the move: %+v %v", retried, err)
		}
		// Another user's request with the same key is a new one.
		if _, err := e.svc.Create(as(e.manager), meeting.Input{Kind: meeting.Daily, Date: "2026-11-25", Time: "09:30",
			ChairID: e.lead.ID}, "old-meeting-key"); err != nil || e.Count("SELECT COUNT(*) FROM meetings") != 2 {
			t.Fatalf("another user's request: %v", err)
		}
	})
}
