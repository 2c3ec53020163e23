package missing_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"mace/internal/missing"
	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
)

// A police officer reports a child missing; the child returns on the
// Saturday evening before the clocks go back, and the return interview is
// due 72 clock hours later: 19:00 GMT on the Tuesday, not 20:00.
func TestReturnInterviewDueAcrossClockChange(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.Clock.Set(london(2026, 10, 24, 18, 0))
		in := e.Input(london(2026, 10, 24, 14, 30))
		in.PoliceReference = " wm-2026/0415 "
		ep := e.Create(e.Officer, in)
		if !ep.Open() || ep.PoliceOrgID != e.Police.ID || ep.PoliceReference != "WM-2026/0415" || ep.PersonName != "Jordan Ashby" {
			t.Fatalf("reported %+v", ep)
		}
		if got := e.TasksOf(missing.TaskReturnInterview); len(got) != 0 {
			t.Fatalf("no interview is due while the child is missing: %v", got)
		}
		if now, err := e.Svc.MissingNow(as(e.Coordinator)); err != nil || len(now) != 1 || now[0].EpisodeID != ep.ID ||
			now[0].RiskGrading != missing.MediumRisk {
			t.Fatalf("missing now: %v %v", now, err)
		}
		e.Clock.Set(london(2026, 10, 24, 21, 0))
		in = missing.InputOf(ep)
		in.EndAt = ptr(london(2026, 10, 24, 20, 0))
		in.FoundPlace = missing.Place{Description: "Bus station", Postcode: "nf1 2ab"}
		in.FoundWith = []missing.Associate{{Name: "  Tyler  ", Description: "older boy"}, {}}
		ep, err := e.Svc.UpdateEpisode(as(e.Officer), ep.ID, in)
		if err != nil {
			t.Fatalf("returning: %v %v", err, errs.Fields(err))
		}
		want := time.Date(2026, 10, 27, 19, 0, 0, 0, time.UTC)
		if !ep.InterviewDueAt.Equal(want) {
			t.Errorf("interview due %v, want %v (19:00 GMT)", ep.InterviewDueAt, want)
		}
		if ep.FoundPlace.Postcode != "NF1 2AB" || len(ep.FoundWith) != 1 || ep.FoundWith[0].Name != "Tyler" {
			t.Errorf("found %+v with %+v", ep.FoundPlace, ep.FoundWith)
		}
		tasks := e.TasksOf(missing.TaskReturnInterview)
		if len(tasks) != 1 || !tasks[0].DueAt.Equal(want) || tasks[0].OwnerTeamID != e.MissingTeam.ID ||
			tasks[0].RecordID != ep.ID || tasks[0].DedupeKey != ep.ID {
			t.Fatalf("interview tasks %+v", tasks)
		}
		// Changing the grading afterwards makes no second task.
		in = missing.InputOf(ep)
		in.RiskGrading = missing.HighRisk
		if ep, err = e.Svc.UpdateEpisode(as(e.Officer), ep.ID, in); err != nil {
			t.Fatal(err)
		}
		if n := len(e.TasksOf(missing.TaskReturnInterview)); n != 1 {
			t.Errorf("%d interview tasks after a second change, want 1", n)
		}
		if now, err := e.Svc.MissingNow(as(e.Coordinator)); err != nil || len(now) != 0 {
			t.Errorf("missing now after the return: %v %v", now, err)
		}
		got, err := e.Svc.GetEpisode(as(e.Practitioner), ep.ID)
		if err != nil || got.CanEdit || got.CanRecordInterview || got.RiskGrading != missing.HighRisk {
			t.Errorf("the practitioner reads but does not change: %v %+v", err, got)
		}
		wantEvents := []string{
			e.Officer.ID + " create " + e.Child.ID + " reported a missing episode",
			e.Officer.ID + " update " + e.Child.ID + " changed end, where found, who they were with",
			e.Officer.ID + " update " + e.Child.ID + " changed risk grading",
			e.Practitioner.ID + " view " + e.Child.ID,
		}
		if got := e.Trail(missing.RecordType, ep.ID); !slices.Equal(got, wantEvents) {
			t.Errorf("audit %q, want %q", got, wantEvents)
		}
		if found, err := e.Svc.FindByPoliceReference(as(e.Officer), e.Police.ID, "WM-2026/0415"); err != nil || found.ID != ep.ID {
			t.Errorf("by reference: %v %v", found, err)
		}
		if _, err := e.Svc.FindByPoliceReference(as(e.Officer), e.Far.ID, "WM-2026/0415"); !errs.Is(err, errs.NotFound) {
			t.Errorf("another force's reference: %v", err)
		}
		e.Verify()
	})
}

// The return interview task follows the return: a corrected return time
// moves its due time, reopening the episode (the child is missing again)
// cancels it, and the next return opens it again, due 72 hours after that
// return. One task throughout.
func TestInterviewTaskFollowsTheReturn(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.Clock.Set(london(2026, 3, 2, 9, 0))
		ep := e.Create(e.Officer, e.Input(london(2026, 3, 1, 14, 30)))
		change := func(end *time.Time) {
			t.Helper()
			in := missing.InputOf(ep)
			in.EndAt = end
			var err error
			if ep, err = e.Svc.UpdateEpisode(as(e.Officer), ep.ID, in); err != nil {
				t.Fatalf("changing the end: %v %v", err, errs.Fields(err))
			}
		}
		want := func(state string, due time.Time, title string) {
			t.Helper()
			tasks := e.TasksOf(missing.TaskReturnInterview)
			if len(tasks) != 1 || tasks[0].State != state || !tasks[0].DueAt.Equal(due) || tasks[0].Title != title {
				t.Fatalf("interview tasks %+v, want one %s, due %v, %q", tasks, state, due, title)
			}
		}
		change(ptr(london(2026, 3, 1, 22, 0)))
		want("open", london(2026, 3, 4, 22, 0), "Offer a return home interview (returned 1 Mar 2026, 22:00)")
		// The police correct the return time.
		change(ptr(london(2026, 3, 1, 23, 15)))
		want("open", london(2026, 3, 4, 23, 15), "Offer a return home interview (returned 1 Mar 2026, 23:15)")
		// The child was not back after all: missing again.
		change(nil)
		want("cancelled", london(2026, 3, 4, 23, 15), "Offer a return home interview (returned 1 Mar 2026, 23:15)")
		// Found the next morning.
		change(ptr(london(2026, 3, 2, 8, 0)))
		want("open", london(2026, 3, 5, 8, 0), "Offer a return home interview (returned 2 Mar 2026, 08:00)")
		task := e.TasksOf(missing.TaskReturnInterview)[0]
		var details []string
		for _, ev := range e.Trail("task", task.ID) {
			details = append(details, ev[strings.LastIndex(ev, ": ")+2:])
		}
		wantDetails := []string{"the step's deadline moved", "the step is no longer needed", "the step is needed once more"}
		if !slices.Equal(details[1:], wantDetails) {
			t.Errorf("task audit %q, want the creation then %q", details, wantDetails)
		}
		e.Verify()
	})
}

func TestTimeRules(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		first := e.Input(london(2026, 11, 1, 18, 0))
		first.EndAt = ptr(london(2026, 11, 2, 9, 0))
		e.Create(e.Coordinator, first)
		for _, tc := range []struct {
			name  string
			edit  func(*missing.Input)
			want  error
			field string
		}{
			{"overlap", func(in *missing.Input) { in.StartAt = london(2026, 11, 2, 8, 0) }, missing.ErrOverlap, "start_at"},
			{"open episode over a closed one", func(in *missing.Input) { in.StartAt = london(2026, 10, 30, 8, 0) }, missing.ErrOverlap, "start_at"},
			{"end before start", func(in *missing.Input) {
				in.StartAt, in.EndAt = london(2026, 11, 10, 8, 0), ptr(london(2026, 11, 10, 7, 59))
			}, missing.ErrEndBeforeStart, "end_at"},
			{"start before birth", func(in *missing.Input) { in.StartAt = london(2011, 3, 13, 23, 0) }, missing.ErrStartBeforeBirth, "start_at"},
		} {
			in := e.Input(london(2026, 11, 20, 12, 0))
			tc.edit(&in)
			_, err := e.Svc.CreateEpisode(as(e.Coordinator), in, "")
			if !errors.Is(err, tc.want) || !errs.Is(err, errs.Invalid) {
				t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
				continue
			}
			if f := errs.Fields(err); len(f) != 1 || f[0].Field != tc.field {
				t.Errorf("%s: fields %v, want %s", tc.name, f, tc.field)
			}
		}
		// Touching is not overlapping: the next episode may start the
		// minute the last ended.
		next := e.Input(london(2026, 11, 2, 9, 0))
		next.EndAt = ptr(london(2026, 11, 2, 12, 0))
		e.Create(e.Coordinator, next)
		// A rule error found with other problems is still found by errors.Is.
		in := e.Input(london(2026, 11, 10, 8, 0))
		in.EndAt, in.RiskGrading = ptr(london(2026, 11, 9, 8, 0)), ""
		_, err := e.Svc.CreateEpisode(as(e.Coordinator), in, "")
		if !errors.Is(err, missing.ErrEndBeforeStart) || len(errs.Fields(err)) != 2 {
			t.Errorf("combined: %v %v", err, errs.Fields(err))
		}
		// An edit that would overlap is refused too.
		later := e.Create(e.Coordinator, e.Input(london(2026, 11, 20, 12, 0)))
		edit := missing.InputOf(later)
		edit.StartAt = london(2026, 11, 2, 10, 0)
		if _, err := e.Svc.UpdateEpisode(as(e.Coordinator), later.ID, edit); !errors.Is(err, missing.ErrOverlap) {
			t.Errorf("edit into an overlap: %v", err)
		}
		if n := e.Count("SELECT COUNT(*) FROM missing_episodes"); n != 3 {
			t.Errorf("%d episodes saved, want 3", n)
		}
	})
}

// Three episodes in 30 days make one strategy discussion task; a fourth in
// the same window does not; after the count falls below three, a new
// crossing makes another.
func TestRepeatMissing(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		episode := func(month time.Month, day int) *missing.Episode {
			in := e.Input(london(2026, month, day, 19, 0))
			in.EndAt = ptr(london(2026, month, day, 23, 0))
			return e.Create(e.Coordinator, in)
		}
		episode(8, 1)
		episode(8, 10)
		if n := len(e.TasksOf(missing.TaskStrategyDiscussion)); n != 0 {
			t.Fatalf("%d tasks after two episodes", n)
		}
		third := episode(8, 25)
		tasks := e.TasksOf(missing.TaskStrategyDiscussion)
		if len(tasks) != 1 || tasks[0].DedupeKey != missing.RepeatKey(third.ID) || tasks[0].OwnerTeamID != e.FrontDoor.ID ||
			tasks[0].Title != "Consider a strategy discussion: missing 3 times in 30 days (1 Aug, 10 Aug, 25 Aug)" {
			t.Fatalf("after the third: %+v", tasks)
		}
		episode(8, 28)
		if n := len(e.TasksOf(missing.TaskStrategyDiscussion)); n != 1 {
			t.Fatalf("%d tasks after a fourth in the window, want 1", n)
		}
		episode(10, 1)
		episode(10, 5)
		crossing := episode(10, 9)
		tasks = e.TasksOf(missing.TaskStrategyDiscussion)
		if len(tasks) != 2 || tasks[1].DedupeKey != missing.RepeatKey(crossing.ID) {
			t.Fatalf("after a new crossing: %+v", tasks)
		}
		// An episode recorded late, between two others, makes the later
		// one the crossing.
		episode(11, 12)
		late := episode(11, 22)
		if n := len(e.TasksOf(missing.TaskStrategyDiscussion)); n != 2 {
			t.Fatalf("%d tasks before the late episode", n)
		}
		episode(11, 17)
		tasks = e.TasksOf(missing.TaskStrategyDiscussion)
		if len(tasks) != 3 || tasks[2].DedupeKey != missing.RepeatKey(late.ID) || tasks[2].RecordID != late.ID {
			t.Fatalf("after an episode recorded late: %+v", tasks)
		}
	})
}

func TestAccess(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ep := e.Create(e.Officer, e.Input(london(2026, 11, 20, 12, 0)))
		if _, err := e.Svc.GetEpisode(as(e.Referrer), ep.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("a referrer: %v", err)
		}
		if _, err := e.Svc.GetEpisode(as(e.SouthCoordinator), ep.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("another authority's coordinator: %v", err)
		}
		if _, err := e.Svc.GetEpisode(as(e.FarOfficer), ep.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("an officer of a force not involved: %v", err)
		}
		if _, err := e.Svc.CreateEpisode(as(e.FarOfficer), e.Input(london(2026, 11, 22, 12, 0)), ""); !errs.Is(err, errs.Invalid) {
			t.Errorf("an officer of a force not involved reports: %v", err)
		}
		if _, err := e.Svc.CreateEpisode(as(e.Practitioner), e.Input(london(2026, 11, 22, 12, 0)), ""); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a practitioner reports: %v", err)
		}
		if _, err := e.Svc.MissingNow(as(e.Referrer)); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a referrer's missing now: %v", err)
		}
		if now, err := e.Svc.MissingNow(as(e.SouthCoordinator)); err != nil || len(now) != 0 {
			t.Errorf("another authority's missing now: %v %v", now, err)
		}
		if now, err := e.Svc.MissingNow(as(e.Officer)); err != nil || len(now) != 1 {
			t.Errorf("the reporting force's missing now: %v %v", now, err)
		}
		// The coordinator changes the episode; an officer of another force
		// may not name theirs.
		in := missing.InputOf(ep)
		in.PoliceOrgID = e.Far.ID
		if _, err := e.Svc.UpdateEpisode(as(e.Officer), ep.ID, in); !errs.Is(err, errs.Invalid) {
			t.Errorf("an officer names another force: %v", err)
		}
		in.RiskGrading = missing.HighRisk
		if _, err := e.Svc.UpdateEpisode(as(e.Coordinator), ep.ID, in); err != nil {
			t.Errorf("the coordinator changes the force: %v", err)
		}
		if _, err := e.Svc.UpdateEpisode(as(e.Officer), ep.ID, missing.InputOf(ep)); !errs.Is(err, errs.Forbidden) {
			t.Errorf("an officer changes another force's episode: %v", err)
		}
	})
}

func TestIdempotencyAndReferences(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		in := e.Input(london(2026, 11, 20, 12, 0))
		in.PoliceReference = "WM-1"
		a, err := e.Svc.CreateEpisode(as(e.Officer), in, "key-1")
		if err != nil {
			t.Fatal(err)
		}
		b, err := e.Svc.CreateEpisode(as(e.Officer), in, "key-1")
		if err != nil || b.ID != a.ID {
			t.Fatalf("a repeat made %v, %v", b, err)
		}
		other := e.NorthChild(e.Officer, "Casey", "Brook", "2012-05-01")
		in.PersonID = other.ID
		if _, err := e.Svc.CreateEpisode(as(e.Officer), in, ""); !errors.Is(err, missing.ErrDuplicateReference) {
			t.Errorf("a reference used twice: %v", err)
		}
		in.PoliceReference = "WM-2"
		c := e.Create(e.Officer, in)
		list, err := e.Svc.MissingNow(as(e.Coordinator))
		if err != nil || len(list) != 2 {
			t.Fatalf("missing now %v %v", list, err)
		}
		hist, err := e.Svc.ListForPerson(as(e.Coordinator), other.ID)
		if err != nil || len(hist) != 1 || hist[0].ID != c.ID {
			t.Errorf("history %v %v", hist, err)
		}
	})
}

// Reports of the same young person made at once cannot both pass the
// overlap check.
func TestConcurrentReports(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = e.Svc.CreateEpisode(as(e.Coordinator), e.Input(london(2026, 11, 20, 12, i)), "")
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, missing.ErrOverlap):
				t.Errorf("unexpected error: %v", err)
			}
		}
		if n := e.Count("SELECT COUNT(*) FROM missing_episodes"); ok != 1 || n != 1 {
			t.Errorf("%d reports saved (%d rows), want 1", ok, n)
		}
	})
}

// Naming a police force on an episode lets the force see the young
// person's record, so only the owning authority's staff name a force not
// yet involved, and the grant goes on the trail as a grant.
func TestNamingAForceIsAGrant(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		charity := e.Org("Safe Steps", auth.Voluntary)
		worker := e.User(charity, "Cass Lyle", nil, auth.MissingCoordinator)
		if err := d.Tx(context.Background(), func(tx *sql.Tx) error {
			return access.Involve(context.Background(), tx, "person", e.Child.ID, charity.ID, "return interviews", e.Clock.Now())
		}); err != nil {
			t.Fatal(err)
		}
		in := e.Input(london(2026, 11, 20, 12, 0))
		in.PoliceOrgID = e.Far.ID
		if _, err := e.Svc.CreateEpisode(as(worker), in, ""); !errs.Is(err, errs.Invalid) || len(errs.Fields(err)) != 1 || errs.Fields(err)[0].Field != "police_organisation_id" {
			t.Fatalf("a charity's coordinator names a force not involved: %v %v", err, errs.Fields(err))
		}
		if n := e.Count(`SELECT COUNT(*) FROM record_organisations WHERE record_id = $1 AND organisation_id = $2`, e.Child.ID, e.Far.ID); n != 0 {
			t.Fatalf("the force was given access by a partner")
		}
		in.PoliceOrgID = e.Police.ID // already involved: no grant
		end := london(2026, 11, 20, 18, 0)
		in.EndAt = &end
		e.Create(worker, in)
		if n := e.Count(`SELECT COUNT(*) FROM audit_events WHERE person_id = $1 AND action = 'grant'`, e.Child.ID); n != 0 {
			t.Errorf("naming a force already involved was recorded as %d grants", n)
		}
		in = e.Input(london(2026, 11, 22, 12, 0))
		in.PoliceOrgID = e.Far.ID
		e.Create(e.Coordinator, in)
		if n := e.Count(`SELECT COUNT(*) FROM record_organisations WHERE record_id = $1 AND organisation_id = $2`, e.Child.ID, e.Far.ID); n != 1 {
			t.Fatalf("the owning authority's coordinator named a force: involved %d", n)
		}
		if n := e.Count(`SELECT COUNT(*) FROM audit_events WHERE person_id = $1 AND action = 'grant' AND detail LIKE '%Eastmoor%'`, e.Child.ID); n != 1 {
			t.Errorf("the grant to the force is on the trail %d times", n)
		}
	})
}
