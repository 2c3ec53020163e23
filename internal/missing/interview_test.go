package missing_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"mace/internal/missing"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/task"
)

func TestReturnInterview(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.Clock.Set(london(2026, 11, 2, 10, 0))
		in := e.Input(london(2026, 11, 1, 18, 0))
		open := e.Create(e.Officer, in)
		ivIn := missing.InterviewInput{OfferedAt: london(2026, 11, 2, 9, 0), OfferedBy: "Morgan Reece", OfferedService: "Northfield return interviews"}
		if _, err := e.Svc.RecordReturnInterview(as(e.Coordinator), open.ID, ivIn); !errors.Is(err, missing.ErrNotReturned) {
			t.Fatalf("an interview before the return: %v", err)
		}
		in = missing.InputOf(open)
		in.EndAt = ptr(london(2026, 11, 1, 23, 0))
		ep, err := e.Svc.UpdateEpisode(as(e.Officer), open.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		// Three days on, nothing offered: the return is overdue.
		e.Clock.Set(london(2026, 11, 5, 9, 0))
		over, err := e.Svc.OverdueInterviews(as(e.Coordinator))
		if err != nil || len(over) != 1 || over[0].EpisodeID != ep.ID {
			t.Fatalf("overdue %v %v", over, err)
		}
		if ep.OfferedCode() != missing.No || ep.AcceptedCode() != missing.NotApplicable {
			t.Errorf("codes before the offer: %s %s", ep.OfferedCode(), ep.AcceptedCode())
		}
		if _, err := e.Svc.RecordReturnInterview(as(e.Officer), ep.ID, ivIn); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a police officer records the interview: %v", err)
		}
		bad := ivIn
		bad.OfferedAt, bad.OfferedBy, bad.Outcome, bad.HeldAt = london(2026, 11, 1, 22, 0), "", "maybe", london(2026, 11, 3, 9, 0)
		_, err = e.Svc.RecordReturnInterview(as(e.Coordinator), ep.ID, bad)
		var fields []string
		for _, f := range errs.Fields(err) {
			fields = append(fields, f.Field)
		}
		if want := []string{"offered_at", "offered_by", "outcome", "held_at"}; !slices.Equal(fields, want) {
			t.Errorf("problems %v, want %v", fields, want)
		}
		ivIn.Outcome, ivIn.HeldAt = missing.Accepted, london(2026, 11, 4, 16, 0)
		ivIn.Places = []missing.Place{{Description: "Flat above the chip shop", Postcode: "nf2 9zz"}}
		ivIn.With = []missing.Associate{{Name: "Tyler", Description: "older boy, drives"}}
		ivIn.PushFactors, ivIn.PullFactors = "Arguments at home", "Money and gifts"
		ivIn.Concerns = []string{"county-lines", "cce", "cce"}
		ivIn.SharedWithPolice = true
		ivIn.FollowUps = []string{"Share the address with the police", " ", "Visit school"}
		ep, err = e.Svc.RecordReturnInterview(as(e.Coordinator), ep.ID, ivIn)
		if err != nil {
			t.Fatalf("recording: %v %v", err, errs.Fields(err))
		}
		iv := ep.Interview
		if iv == nil || iv.Version != 1 || !slices.Equal(iv.Concerns, []string{"cce", "county-lines"}) ||
			iv.Places[0].Postcode != "NF2 9ZZ" || len(iv.FollowUps) != 2 || len(iv.FollowUpTaskIDs) != 2 {
			t.Fatalf("interview %+v", iv)
		}
		if ep.OfferedCode() != missing.Yes || ep.AcceptedCode() != missing.Yes || iv.OfferedWithin(ep.EndAt, 72) != true {
			t.Errorf("codes %s %s", ep.OfferedCode(), ep.AcceptedCode())
		}
		rhi := e.TasksOf(missing.TaskReturnInterview)
		if len(rhi) != 1 || rhi[0].State != task.Done {
			t.Errorf("the interview task is done once offered: %+v", rhi)
		}
		follow := e.TasksOf(missing.TaskFollowUp)
		if len(follow) != 2 || follow[0].OwnerUserID != e.Coordinator.ID {
			t.Errorf("follow-up tasks %+v", follow)
		}
		if over, err := e.Svc.OverdueInterviews(as(e.Coordinator)); err != nil || len(over) != 0 {
			t.Errorf("overdue after the offer: %v %v", over, err)
		}
		// Saving again with one more action makes one more task.
		ivIn = missing.InterviewInputOf(ep.Interview)
		ivIn.FollowUps = append(ivIn.FollowUps, "Book a health check")
		ivIn.Disclosures = "Was given a phone"
		if ep, err = e.Svc.RecordReturnInterview(as(e.Coordinator), ep.ID, ivIn); err != nil {
			t.Fatal(err)
		}
		if n := len(e.TasksOf(missing.TaskFollowUp)); n != 3 || ep.Interview.Version != 2 {
			t.Errorf("%d follow-up tasks, version %d", n, ep.Interview.Version)
		}
		stale := ivIn
		stale.Version = 1
		if _, err := e.Svc.RecordReturnInterview(as(e.Coordinator), ep.ID, stale); !errs.Is(err, errs.Conflict) {
			t.Errorf("a stale save: %v", err)
		}
		got := e.Trail(missing.RecordType, ep.ID)
		want := []string{
			e.Coordinator.ID + " create " + e.Child.ID + " recorded the return interview",
			e.Coordinator.ID + " update " + e.Child.ID + " changed the return interview: disclosures, follow-up actions",
		}
		if len(got) < 2 || !slices.Equal(got[len(got)-2:], want) {
			t.Errorf("audit %q, want it to end %q", got, want)
		}
		h, err := e.Svc.History(as(e.Practitioner), e.Child.ID)
		if err != nil || len(h.Episodes) != 1 || h.LastInterview == nil || h.Total != 5*time.Hour ||
			len(h.Months) != 1 || h.Months[0].Label != "November 2026" {
			t.Errorf("history %+v %v", h, err)
		}
		e.Verify()
	})
}

func TestSummarise(t *testing.T) {
	now := london(2026, 11, 10, 12, 0)
	eps := []missing.Episode{
		{ID: "c", StartAt: london(2026, 11, 10, 10, 0)},
		{ID: "b", StartAt: london(2026, 11, 1, 0, 30), EndAt: london(2026, 11, 1, 2, 30), Interview: &missing.Interview{}},
		{ID: "a", StartAt: london(2026, 10, 31, 23, 30), EndAt: london(2026, 11, 1, 0, 0)},
	}
	h := missing.Summarise(eps, now)
	if h.Open == nil || h.Open.ID != "c" || h.LastInterview == nil || h.LastInterview.ID != "b" {
		t.Errorf("open %v, last interview %v", h.Open, h.LastInterview)
	}
	if h.Total != 4*time.Hour+30*time.Minute || h.TotalMinutes != 270 {
		t.Errorf("total %v", h.Total)
	}
	want := []missing.MonthCount{{"2026-11", "November 2026", 2}, {"2026-10", "October 2026", 1}}
	if !slices.Equal(h.Months, want) {
		t.Errorf("months %v, want %v", h.Months, want)
	}
}
