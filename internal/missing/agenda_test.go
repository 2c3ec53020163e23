package missing_test

import (
	"slices"
	"testing"
	"time"

	"mace/internal/missing"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
)

// Monday's daily meeting hears what happened since Friday's: reports made
// over the weekend, who is still missing, and returns whose interview is
// due or fell overdue in that time; nothing older.
func TestForAgenda(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		friday, monday := london(2026, 11, 20, 9, 30), london(2026, 11, 23, 9, 30)
		kids := map[string]string{}
		for _, name := range []string{"Alex", "Bailey", "Casey", "Drew", "Emery"} {
			kids[name] = e.NorthChild(e.Officer, name, "Tarrow", "2011-05-02").ID
		}
		report := func(name string, at, start time.Time, end *time.Time) *missing.Episode {
			t.Helper()
			e.Clock.Set(at)
			in := e.Input(start)
			in.PersonID, in.EndAt = kids[name], end
			return e.Create(e.Officer, in)
		}
		// Alex: reported on Thursday and still missing.
		alex := report("Alex", london(2026, 11, 19, 22, 0), london(2026, 11, 19, 20, 0), nil)
		// Bailey: missing on Saturday night, back and reported on Sunday: the
		// interview is due.
		bailey := report("Bailey", london(2026, 11, 22, 12, 0), london(2026, 11, 21, 21, 0), ptr(london(2026, 11, 22, 11, 0)))
		// Casey: reported and back on Wednesday; the interview fell due on
		// Saturday evening with none recorded: overdue.
		casey := report("Casey", london(2026, 11, 18, 23, 0), london(2026, 11, 18, 16, 0), ptr(london(2026, 11, 18, 21, 0)))
		// Drew: back on Wednesday and interviewed on Friday: nothing to say.
		drew := report("Drew", london(2026, 11, 18, 23, 0), london(2026, 11, 18, 16, 0), ptr(london(2026, 11, 18, 20, 0)))
		e.Clock.Set(london(2026, 11, 20, 15, 0))
		if _, err := e.Svc.RecordReturnInterview(as(e.Coordinator), drew.ID, missing.InterviewInput{
			OfferedAt: london(2026, 11, 20, 10, 0), OfferedBy: "Morgan Reece", OfferedService: "Northfield return interviews",
			Outcome: missing.Declined}); err != nil {
			t.Fatalf("interview: %v %v", err, errs.Fields(err))
		}
		// Emery: back on Thursday, interview due on Sunday evening, so it is
		// due (and will be overdue) by Monday's meeting; reported before Friday.
		emery := report("Emery", london(2026, 11, 19, 9, 0), london(2026, 11, 18, 22, 0), ptr(london(2026, 11, 19, 1, 0)))
		// Reported after the meeting began: next time.
		report("Bailey", london(2026, 11, 23, 10, 0), london(2026, 11, 23, 8, 0), nil)

		e.Clock.Set(monday)
		f, err := e.Svc.ForAgenda(as(e.Coordinator), friday, monday)
		if err != nil {
			t.Fatal(err)
		}
		ids := func(ss []missing.Summary) []string {
			var out []string
			for _, s := range ss {
				out = append(out, s.EpisodeID)
			}
			return out
		}
		if got, want := ids(f.Reported), []string{bailey.ID}; !slices.Equal(got, want) {
			t.Errorf("reported %v, want Bailey's %v", got, want)
		}
		if got, want := ids(f.StillMissing), []string{alex.ID}; !slices.Equal(got, want) {
			t.Errorf("still missing %v, want Alex's %v", got, want)
		}
		if got, want := ids(f.InterviewsDue), []string{casey.ID, emery.ID, bailey.ID}; !slices.Equal(got, want) {
			t.Errorf("interviews due %v, want Casey's, Emery's and Bailey's %v", got, want)
		}
		// Another authority sees none of it; a referrer may not ask.
		if f, err := e.Svc.ForAgenda(as(e.SouthCoordinator), friday, monday); err != nil ||
			len(f.Reported)+len(f.StillMissing)+len(f.InterviewsDue) != 0 {
			t.Errorf("Southby's coordinator: %+v %v", f, err)
		}
		if _, err := e.Svc.ForAgenda(as(e.Referrer), friday, monday); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a referrer: %v", err)
		}
		if _, err := e.Svc.ForAgenda(as(e.Coordinator), monday, friday); !errs.Is(err, errs.Invalid) {
			t.Errorf("a period backwards: %v", err)
		}
		e.Verify()
	})
}
