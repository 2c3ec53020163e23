package missing

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
	"mace/internal/platform/page"
	"mace/internal/task"
)

// FollowUpWorkingDays is how long a follow-up action agreed at a return
// interview has, from the day it is recorded.
const FollowUpWorkingDays = 5

// followUpKey is the DedupeKey of a follow-up action's task: the episode and
// the action's words, so saving the interview again makes no second task.
func followUpKey(episodeID, action string) string {
	sum := sha256.Sum256([]byte(action))
	return episodeID + ":" + hex.EncodeToString(sum[:8])
}

// RecordReturnInterview records (or replaces) the return home interview of
// an episode that has ended: the offer, the young person's answer, when it
// was held and what was learned. Recording the offer completes the return
// interview task; each new follow-up action becomes a task for the user
// who records it. The signed-in user must be a missing coordinator who may
// change the young person's record.
func (s *Service) RecordReturnInterview(ctx context.Context, episodeID string, in InterviewInput) (*Episode, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	stored, p, err := s.Read(ctx, s.DB.Read(), u, episodeID)
	if err != nil {
		return nil, err
	}
	if !access.RecordReturnInterview(u, p.Record) {
		return nil, errs.E(errs.Forbidden, "Only missing coordinators can record return home interviews")
	}
	if stored.Open() {
		return nil, ErrNotReturned
	}
	storedVersion := 0
	if stored.Interview != nil {
		storedVersion = stored.Interview.Version
	}
	if in.Version != 0 && in.Version != storedVersion {
		return nil, ErrStale
	}
	if err := in.validate(s.Now(), stored.EndAt); err != nil {
		return nil, err
	}
	var cal *calendar.Calendar
	if s.Calendar != nil {
		if cal, err = s.Calendar.Calendar(ctx); err != nil {
			return nil, errs.Wrap(err, "reading the calendar")
		}
	}
	var e *Episode
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if e, p, err = s.Read(ctx, tx, u, episodeID); err != nil {
			return err
		}
		if e.Open() {
			return ErrNotReturned
		}
		version := 0
		if e.Interview != nil {
			version = e.Interview.Version
		}
		if version != storedVersion {
			return ErrStale
		}
		now := s.now()
		iv := &Interview{RecordedByID: u.ID, RecordedByName: u.Name, CreatedAt: now, FollowUpTaskIDs: []string{}}
		old := &Interview{}
		if e.Interview != nil {
			old, iv = e.Interview, new(Interview)
			*iv = *old
		}
		applyInterview(iv, in)
		iv.UpdatedAt = now
		changed := interviewChanges(old, iv)
		if version != 0 && changed.None() {
			return nil
		}
		for _, action := range iv.FollowUps {
			if slices.Contains(old.FollowUps, action) {
				continue
			}
			nt := task.NewTask{Kind: TaskFollowUp, Title: "Return interview follow-up: " + action,
				RecordType: RecordType, RecordID: e.ID, PersonID: e.PersonID, Owner: task.Owner{UserID: u.ID},
				OrganisationID: p.Record.OwnerOrgID, DedupeKey: followUpKey(e.ID, action)}
			today := calendar.LondonDate(now)
			if cal != nil {
				nt.DueDate = cal.AddWorkingDays(today, FollowUpWorkingDays)
			} else {
				nt.DueDate = today.AddDays(7)
			}
			t, _, err := s.Tasks.CreateTx(ctx, tx, nt)
			if err != nil {
				return err
			}
			if !slices.Contains(iv.FollowUpTaskIDs, t.ID) {
				iv.FollowUpTaskIDs = append(iv.FollowUpTaskIDs, t.ID)
			}
		}
		if err := saveInterview(ctx, tx, e.ID, iv, version); err != nil {
			return err
		}
		iv.Version = version + 1
		e.Interview = iv
		if _, err := s.Tasks.StepDoneTx(ctx, tx, TaskReturnInterview, e.ID); err != nil {
			return err
		}
		action, detail := audit.Create, "recorded the return interview"
		if version != 0 {
			action, detail = audit.Update, "changed the return interview: "+strings.Join(changed, ", ")
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: action, RecordType: RecordType, RecordID: e.ID,
			PersonID: e.PersonID, Detail: detail})
	})
	if err != nil {
		return nil, errs.Wrap(err, "saving the return interview")
	}
	return e, s.Fill(ctx, u, e, p)
}

func applyInterview(iv *Interview, in InterviewInput) {
	iv.OfferedAt, iv.OfferedBy, iv.OfferedService, iv.Outcome = in.OfferedAt, in.OfferedBy, in.OfferedService, in.Outcome
	iv.HeldAt, iv.Places, iv.With = in.HeldAt, in.Places, in.With
	iv.PushFactors, iv.PullFactors, iv.Concerns = in.PushFactors, in.PullFactors, in.Concerns
	iv.Indicators, iv.Disclosures, iv.SharedWithPolice = in.Indicators, in.Disclosures, in.SharedWithPolice
	iv.FollowUps = in.FollowUps
	for _, l := range []*[]string{&iv.Concerns, &iv.FollowUps, &iv.FollowUpTaskIDs} {
		if *l == nil {
			*l = []string{}
		}
	}
	if iv.Places == nil {
		iv.Places = []Place{}
	}
	if iv.With == nil {
		iv.With = []Associate{}
	}
}

// InterviewInputOf returns the input that would recreate the interview.
func InterviewInputOf(iv *Interview) InterviewInput {
	return InterviewInput{OfferedAt: iv.OfferedAt, OfferedBy: iv.OfferedBy, OfferedService: iv.OfferedService,
		Outcome: iv.Outcome, HeldAt: iv.HeldAt, Places: slices.Clone(iv.Places), With: slices.Clone(iv.With),
		PushFactors: iv.PushFactors, PullFactors: iv.PullFactors, Concerns: slices.Clone(iv.Concerns),
		Indicators: iv.Indicators, Disclosures: iv.Disclosures, SharedWithPolice: iv.SharedWithPolice,
		FollowUps: slices.Clone(iv.FollowUps), Version: iv.Version}
}

// interviewChanges names the fields that differ, never their values.
func interviewChanges(a, b *Interview) audit.Changes {
	var c audit.Changes
	c.Field("offered", a.OfferedAt.Equal(b.OfferedAt) && a.OfferedBy == b.OfferedBy && a.OfferedService == b.OfferedService)
	c.Field("outcome", a.Outcome == b.Outcome)
	c.Field("held", a.HeldAt.Equal(b.HeldAt))
	c.Field("where they were", fmt.Sprint(a.Places) == fmt.Sprint(b.Places))
	c.Field("who they were with", fmt.Sprint(a.With) == fmt.Sprint(b.With))
	c.Field("push factors", a.PushFactors == b.PushFactors)
	c.Field("pull factors", a.PullFactors == b.PullFactors)
	c.Field("exploitation", slices.Equal(a.Concerns, b.Concerns) && a.Indicators == b.Indicators)
	c.Field("disclosures", a.Disclosures == b.Disclosures)
	c.Field("shared with police", a.SharedWithPolice == b.SharedWithPolice)
	c.Field("follow-up actions", slices.Equal(a.FollowUps, b.FollowUps))
	return c
}

// OverdueInterviews lists the returns the signed-in user may see whose
// return interview was not offered in time and still has not been: the
// most overdue first.
func (s *Service) OverdueInterviews(ctx context.Context) ([]Summary, error) {
	l, err := s.OverdueInterviewsPage(ctx, ListQuery{Limit: page.Max})
	return l.Episodes, err
}

// OverdueInterviewsPage is a page of OverdueInterviews' list.
func (s *Service) OverdueInterviewsPage(ctx context.Context, q ListQuery) (List, error) {
	return s.list(ctx, listFilter{Ended: true, DueBefore: s.now(), NoInterview: true, ByDue: true}, q, "overdue return interviews")
}

// History is a young person's missing history, for their record.
type History struct {
	Episodes []Episode `json:"episodes"` // most recent first
	// Months counts episodes by the month they started, most recent first.
	Months []MonthCount `json:"months"`
	// Total is the time missing over all episodes (open ones to now).
	Total        time.Duration `json:"-"`
	TotalMinutes int           `json:"total_minutes"`
	// LastInterview is the most recent episode with a return interview.
	LastInterview *Episode `json:"last_interview,omitempty"`
	// Open is the episode still open, if any.
	Open *Episode `json:"open,omitempty"`
}

// MonthCount is how many episodes started in a month.
type MonthCount struct {
	Month string `json:"month"` // 2026-10
	Label string `json:"label"` // October 2026
	Count int    `json:"count"`
}

// Summarise builds a history from episodes, most recent first, at time now.
func Summarise(eps []Episode, now time.Time) History {
	h := History{Episodes: eps, Months: []MonthCount{}}
	for i := range eps {
		e := &eps[i]
		h.Total += e.Duration(now)
		if e.Open() && h.Open == nil {
			h.Open = e
		}
		if e.Interview != nil && h.LastInterview == nil {
			h.LastInterview = e
		}
		l := e.StartAt.In(civil.London)
		month := l.Format("2006-01")
		if n := len(h.Months); n > 0 && h.Months[n-1].Month == month {
			h.Months[n-1].Count++
		} else {
			h.Months = append(h.Months, MonthCount{Month: month, Label: l.Format("January 2006"), Count: 1})
		}
	}
	h.TotalMinutes = int(h.Total / time.Minute)
	return h
}

// History returns the young person's missing history (as ListForPerson,
// audited) with the counts the record shows.
func (s *Service) History(ctx context.Context, personID string) (*History, error) {
	eps, err := s.ListForPerson(ctx, personID)
	if err != nil {
		return nil, err
	}
	h := Summarise(eps, s.Now())
	return &h, nil
}
