package meeting_test

import (
	"strings"
	"testing"

	"mace/internal/meeting"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
)

// A MACE panel agrees disruptions as actions: the kind is kept, named in
// the owner's task and on the audit trail; an unknown kind is refused.
func TestDisruptionActions(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		in := e.strategy()
		in.Kind, in.Reason = meeting.Panel, ""
		m := e.create(e.lead, in)
		_, err := e.svc.AddAction(as(e.lead), m.ID, meeting.ActionInput{Text: "Serve a notice.", OwnerUserID: e.officer.ID,
			DueDate: "2026-11-27", Disruption: "arrest"})
		wantField(t, err, "disruption", "Select the kind of disruption from the list, or none")
		a, err := e.svc.AddAction(as(e.lead), m.ID, meeting.ActionInput{Text: "Serve a notice on the adult seen with Jordan.",
			OwnerUserID: e.officer.ID, DueDate: "2026-11-27", Disruption: "abduction-warning-notice"})
		if err != nil {
			t.Fatal(err)
		}
		got := e.get(e.lead, m.ID)
		if len(got.Actions) != 1 || got.Actions[0].Disruption != "abduction-warning-notice" {
			t.Fatalf("actions %+v", got.Actions)
		}
		var title string
		if err := d.Read().QueryRowContext(t.Context(), "SELECT title FROM tasks WHERE id = $1", a.TaskID).Scan(&title); err != nil {
			t.Fatal(err)
		}
		if want := "MACE panel 2026-11-25: Child abduction warning notice: Serve a notice on the adult seen with Jordan."; title != want {
			t.Errorf("task %q, want %q", title, want)
		}
		if ev := strings.Join(e.events(m.ID), "\n"); !strings.Contains(ev, "agreed a disruption: Child abduction warning notice") {
			t.Errorf("audit trail:\n%s", ev)
		}
	})
}
