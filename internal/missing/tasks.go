package missing

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/errs"
	"mace/internal/task"
)

// The tasks missing episodes make: the return home interview to offer
// within the configured clock hours of the return, and a strategy
// discussion to consider when a young person goes missing repeatedly.

// teamOf is the team of the authority with the most active staff holding
// one of the roles (tried in order): the missing coordinators' team for
// return interviews, the front door for strategy discussions. It falls
// back to a user with the role when no team has one.
func (s *Service) teamOf(ctx context.Context, orgID string, roles ...auth.Role) (task.Owner, error) {
	users, err := s.Directory.ListUsers(ctx, orgID)
	if err != nil {
		return task.Owner{}, err
	}
	for _, role := range roles {
		count := map[string]int{}
		best, firstUser := "", ""
		for _, u := range users {
			if !u.Active || !u.Has(role) {
				continue
			}
			if firstUser == "" {
				firstUser = u.ID
			}
			for _, t := range u.TeamIDs {
				count[t]++
				if count[t] > count[best] || (count[t] == count[best] && t < best) {
					best = t
				}
			}
		}
		switch {
		case best != "":
			return task.Owner{TeamID: best}, nil
		case firstUser != "":
			return task.Owner{UserID: firstUser}, nil
		}
	}
	return task.Owner{}, errs.E(errs.NotFound, "no one in the authority holds the roles %v", roles)
}

// londonTime is t as the pages show it: "24 Oct 2026, 20:00".
func londonTime(t time.Time) string { return t.In(calendar.London).Format("2 Jan 2006, 15:04") }

// scheduleInterview makes the return interview task of an episode that has
// ended, owned by the missing coordinators of the young person's
// authority. With no one to own it, the episode still shows on the
// overdue list.
func (s *Service) scheduleInterview(ctx context.Context, tx *sql.Tx, e *Episode, p *person) error {
	owner, err := s.teamOf(ctx, p.Record.OwnerOrgID, auth.MissingCoordinator)
	if errs.Is(err, errs.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	_, _, err = s.Tasks.CreateTx(ctx, tx, task.NewTask{Kind: TaskReturnInterview,
		Title:      "Offer a return home interview (returned " + londonTime(e.EndAt) + ")",
		RecordType: RecordType, RecordID: e.ID, PersonID: e.PersonID, Owner: owner,
		OrganisationID: p.Record.OwnerOrgID, DueAt: e.InterviewDueAt, DedupeKey: e.ID})
	return err
}

// RepeatKey is the DedupeKey of the strategy discussion task made when the
// episode episodeID took a young person to the repeat-missing threshold.
func RepeatKey(episodeID string) string { return "repeat:" + episodeID }

// checkRepeat makes the strategy discussion task for each crossing of the
// repeat-missing threshold that e makes: an episode crosses when exactly
// the configured number of episodes start in the configured days up to its
// start. A further episode in the same window finds more than that and
// makes nothing; once the count has fallen below the threshold, a new
// crossing makes a new task (its key is the crossing episode). An episode
// recorded late, before others, may make a later one the crossing, so the
// episodes starting in the days after e are looked at too.
func (s *Service) checkRepeat(ctx context.Context, tx *sql.Tx, e *Episode, p *person) error {
	ts := s.timescales()
	days := func(t time.Time, n int) time.Time { return t.In(calendar.London).AddDate(0, 0, n) }
	candidates, err := startsBetween(ctx, tx, e.PersonID, e.StartAt.Add(-time.Microsecond), days(e.StartAt, ts.RepeatMissingDays))
	if err != nil {
		return err
	}
	for _, c := range candidates {
		within, err := startsBetween(ctx, tx, e.PersonID, days(c.StartAt, -ts.RepeatMissingDays), c.StartAt)
		if err != nil {
			return err
		}
		if len(within) == ts.RepeatMissingEpisodes {
			if err := s.askForStrategyDiscussion(ctx, tx, c.ID, within, p); err != nil {
				return err
			}
		}
	}
	return nil
}

// askForStrategyDiscussion makes the task for the crossing episode
// crossingID, listing the episodes in its window by date, for the front
// door (or the leads) of the young person's authority.
func (s *Service) askForStrategyDiscussion(ctx context.Context, tx *sql.Tx, crossingID string, within []Episode, p *person) error {
	ts := s.timescales()
	owner, err := s.teamOf(ctx, p.Record.OwnerOrgID, auth.Screener, auth.Lead)
	if errs.Is(err, errs.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return err
	}
	dates := make([]string, len(within))
	for i, w := range within {
		dates[i] = w.StartAt.In(calendar.London).Format("2 Jan")
	}
	if len(dates) > 10 {
		// A title stays short: the first and last dates tell the span.
		dates = []string{dates[0] + " to " + dates[len(dates)-1]}
	}
	title := fmt.Sprintf("Consider a strategy discussion: missing %d times in %d days (%s)",
		len(within), ts.RepeatMissingDays, strings.Join(dates, ", "))
	_, _, err = s.Tasks.CreateTx(ctx, tx, task.NewTask{Kind: TaskStrategyDiscussion, Title: title,
		RecordType: RecordType, RecordID: crossingID, PersonID: p.ID, Owner: owner,
		OrganisationID: p.Record.OwnerOrgID, DueAt: cal.DueAtEndOfWorkingDay(s.Now(), ts.StrategyDiscussionWorkingDays),
		DedupeKey: RepeatKey(crossingID)})
	return err
}
