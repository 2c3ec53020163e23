package missing

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"mace/internal/people"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
	"mace/internal/task"
)

// The tasks missing episodes make: the return home interview to offer
// within the configured clock hours of the return, and a strategy
// discussion to consider when a young person goes missing repeatedly.

// londonTime is t as the pages show it: "24 Oct 2026, 20:00".
func londonTime(t time.Time) string { return t.In(civil.London).Format("2 Jan 2006, 15:04") }

// interviewTask is the return interview task of an episode that has
// ended, owned by the missing coordinators of the young person's
// authority; ok is false when no one there can own it (the episode still
// shows on the overdue list).
func (s *Service) interviewTask(ctx context.Context, e *Episode, p *people.Facts) (nt task.NewTask, ok bool, err error) {
	owner, err := task.DefaultOwner(ctx, s.Directory, p.Record.OwnerOrgID, auth.MissingCoordinator)
	if errs.Is(err, errs.NotFound) {
		return task.NewTask{}, false, nil
	}
	if err != nil {
		return task.NewTask{}, false, err
	}
	return task.NewTask{Kind: TaskReturnInterview,
		Title:      "Offer a return home interview (returned " + londonTime(e.EndAt) + ")",
		RecordType: RecordType, RecordID: e.ID, PersonID: e.PersonID, Owner: owner,
		OrganisationID: p.Record.OwnerOrgID, DueAt: e.InterviewDueAt, DedupeKey: e.ID}, true, nil
}

// RepeatKey is the DedupeKey of the strategy discussion task made when the
// episode episodeID took a young person to the repeat-missing threshold.
func RepeatKey(episodeID string) string { return "repeat:" + episodeID }

// crossings are the crossings of the repeat-missing threshold that e's
// start makes, given the starts of all the young person's episodes (e's
// among them) in order: for each crossing episode, the episodes in its
// window. An episode crosses when exactly the configured number of
// episodes start in the configured days up to its start. A further episode
// in the same window finds more than that and makes nothing; once the
// count has fallen below the threshold, a new crossing makes a new task
// (its key is the crossing episode). An episode recorded late, before
// others, may make a later one the crossing, so the episodes starting in
// the days after e are looked at too.
func (s *Service) crossings(e *Episode, starts []Episode) [][]Episode {
	ts := s.timescales()
	days := func(t time.Time, n int) time.Time { return t.In(civil.London).AddDate(0, 0, n) }
	// between are the starts in (from, to].
	between := func(from, to time.Time) []Episode {
		lo := sort.Search(len(starts), func(i int) bool { return starts[i].StartAt.After(from) })
		hi := sort.Search(len(starts), func(i int) bool { return starts[i].StartAt.After(to) })
		return starts[lo:hi]
	}
	var out [][]Episode
	for _, c := range between(e.StartAt.Add(-time.Microsecond), days(e.StartAt, ts.RepeatMissingDays)) {
		if within := between(days(c.StartAt, -ts.RepeatMissingDays), c.StartAt); len(within) == ts.RepeatMissingEpisodes {
			out = append(out, slices.Clone(within))
		}
	}
	return out
}

// strategyTask is the task for a crossing of the repeat-missing threshold
// (the last episode of within crosses), listing the episodes in its window
// by date, for the front door (or the leads) of the young person's
// authority; ok is false when no one there can own it.
func (s *Service) strategyTask(ctx context.Context, within []Episode, p *people.Facts) (nt task.NewTask, ok bool, err error) {
	ts := s.timescales()
	owner, err := task.DefaultOwner(ctx, s.Directory, p.Record.OwnerOrgID, auth.Screener, auth.Lead)
	if errs.Is(err, errs.NotFound) {
		return task.NewTask{}, false, nil
	}
	if err != nil {
		return task.NewTask{}, false, err
	}
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return task.NewTask{}, false, err
	}
	dates := make([]string, len(within))
	for i, w := range within {
		dates[i] = w.StartAt.In(civil.London).Format("2 Jan")
	}
	if len(dates) > 10 {
		// A title stays short: the first and last dates tell the span.
		dates = []string{dates[0] + " to " + dates[len(dates)-1]}
	}
	crossingID := within[len(within)-1].ID
	title := fmt.Sprintf("Consider a strategy discussion: missing %d times in %d days (%s)",
		len(within), ts.RepeatMissingDays, strings.Join(dates, ", "))
	return task.NewTask{Kind: TaskStrategyDiscussion, Title: title,
		RecordType: RecordType, RecordID: crossingID, PersonID: p.ID, Owner: owner,
		OrganisationID: p.Record.OwnerOrgID, DueAt: cal.DueAtEndOfWorkingDay(s.Now(), ts.StrategyDiscussionWorkingDays),
		DedupeKey: RepeatKey(crossingID)}, true, nil
}

// followOnTasks are the tasks an episode's change calls for: the return
// interview when it has newly ended, and the strategy discussion when its
// start is new and crosses the repeat-missing threshold. oldStart and
// oldEnd are the episode's times before the change (zero for a new one);
// starts are the starts of all the young person's episodes, in order,
// after the change (needed only when the start is new).
func (s *Service) followOnTasks(ctx context.Context, e *Episode, p *people.Facts, oldStart, oldEnd time.Time, starts []Episode) ([]task.NewTask, error) {
	var out []task.NewTask
	if !e.Open() && oldEnd.IsZero() {
		nt, ok, err := s.interviewTask(ctx, e, p)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, nt)
		}
	}
	if !e.StartAt.Equal(oldStart) {
		for _, within := range s.crossings(e, starts) {
			nt, ok, err := s.strategyTask(ctx, within, p)
			if err != nil {
				return nil, err
			}
			if ok {
				out = append(out, nt)
			}
		}
	}
	return out, nil
}

// followOn makes, inside tx, the tasks followOnTasks says an episode's
// change calls for, and keeps the return interview task in step with the
// return: a corrected return time moves its due time, a reopened episode
// (the young person is missing again) cancels it, and a return after that
// opens it again.
func (s *Service) followOn(ctx context.Context, tx *sql.Tx, e *Episode, p *people.Facts, oldStart, oldEnd time.Time) error {
	if !oldEnd.IsZero() {
		switch {
		case e.Open():
			if _, err := s.Tasks.StepCancelledTx(ctx, tx, TaskReturnInterview, e.ID,
				"The young person is missing again: the episode was reopened"); err != nil {
				return err
			}
		case !e.EndAt.Equal(oldEnd):
			nt, ok, err := s.interviewTask(ctx, e, p)
			if err != nil {
				return err
			}
			if ok {
				if _, err := s.Tasks.RescheduleTx(ctx, tx, nt.Kind, nt.DedupeKey, nt.Title, nt.DueAt, false); err != nil {
					return err
				}
			}
		}
	}
	var starts []Episode
	if !e.StartAt.Equal(oldStart) {
		all, err := startsOf(ctx, tx, []string{e.PersonID})
		if err != nil {
			return err
		}
		starts = all[e.PersonID]
	}
	nts, err := s.followOnTasks(ctx, e, p, oldStart, oldEnd, starts)
	if err != nil {
		return err
	}
	for _, nt := range nts {
		t, created, err := s.Tasks.CreateTx(ctx, tx, nt)
		if err != nil {
			return err
		}
		if !created && nt.Kind == TaskReturnInterview && t.State == task.Cancelled {
			// Returned again after the episode was reopened.
			if _, err := s.Tasks.RescheduleTx(ctx, tx, nt.Kind, nt.DedupeKey, nt.Title, nt.DueAt, true); err != nil {
				return err
			}
		}
	}
	return nil
}
