package task

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
	"mace/internal/platform/page"
)

// viewed records a list of tasks shown to a user: titles may name the
// record they belong to, so a list is a view of personal data.
// The people whose tasks' titles it showed are on the event. A title about
// a person whose record u may not see in full is left neutral.
func (s *Service) viewed(ctx context.Context, u *auth.User, detail string, lists ...[]Task) error {
	ctx = auth.WithUser(ctx, u)
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var shown []string
		for _, ts := range lists {
			ids, err := titles(ctx, tx, u, ts)
			if err != nil {
				return err
			}
			shown = append(shown, ids...)
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: "task-list", Detail: detail, Shown: shown})
	})
	return errs.Wrap(err, "recording the list")
}

// MyWork is u's open tasks and their teams', overdue first, then due today
// (in London), then the rest, each group its first page with its count;
// for a manager, also the first page of their teams' members'.
func (s *Service) MyWork(ctx context.Context, u *auth.User) (MyWork, error) {
	if u == nil || !u.Active {
		return MyWork{}, errs.E(errs.Unauthenticated, "Sign in to continue")
	}
	now := s.now()
	var w MyWork
	groups, err := s.groups(ctx, ownedBy(u.ID, u.TeamIDs), now, &w.Counts)
	if err != nil {
		return MyWork{}, errs.Wrap(err, "listing your tasks")
	}
	w.Overdue, w.DueToday, w.Later = groups[0].Tasks, groups[1].Tasks, groups[2].Tasks
	w.Next.Overdue, w.Next.DueToday, w.Next.Later = groups[0].Next, groups[1].Next, groups[2].Next
	if access.SeeTeammatesWork(u) {
		mates, err := s.members(ctx, u.Organisation.ID, u.ID, u.TeamIDs)
		if err != nil {
			return MyWork{}, errs.Wrap(err, "listing your teams' tasks")
		}
		f := filter{OwnerUsers: mates, State: Open}
		page, err := s.page(ctx, f, DefaultPageSize, now)
		if err != nil {
			return MyWork{}, errs.Wrap(err, "listing your teams' tasks")
		}
		w.TeamTasks = page.Tasks
		if w.TeamCount, err = countTasks(ctx, s.DB.Read(), f, CountUpTo); err != nil {
			return MyWork{}, errs.Wrap(err, "counting your teams' tasks")
		}
	}
	err = s.viewed(ctx, u, fmt.Sprintf("my work, %d tasks and %d of the team's shown",
		len(w.Overdue)+len(w.DueToday)+len(w.Later), len(w.TeamTasks)), w.Overdue, w.DueToday, w.Later, w.TeamTasks)
	return w, err
}

// groups reads the first page of each of My work's groups of the open
// tasks f picks (overdue, due later today in London, due after today) and
// their counts into c.
func (s *Service) groups(ctx context.Context, f filter, now time.Time, c *Counts) ([3]Page, error) {
	today := calendar.LondonDate(now)
	tomorrow := time.Date(today.Year, today.Month, today.Day+1, 0, 0, 0, 0, civil.London).UTC()
	var out [3]Page
	counts := [3]*Count{&c.Overdue, &c.DueToday, &c.Later}
	for i, span := range [3][2]time.Time{{{}, now}, {now, tomorrow}, {tomorrow, {}}} {
		g := f
		g.State, g.DueFrom, g.DueBefore = Open, span[0], span[1]
		var err error
		if out[i], err = s.page(ctx, g, DefaultPageSize, now); err != nil {
			return out, err
		}
		if *counts[i], err = s.count(ctx, g, len(out[i].Tasks), out[i].Next); err != nil {
			return out, err
		}
	}
	return out, nil
}

// page reads a page of up to limit tasks f picks, and the cursor of the
// next page.
func (s *Service) page(ctx context.Context, f filter, limit int, now time.Time) (Page, error) {
	f.Limit = limit + 1
	tasks, err := listTasks(ctx, s.DB.Read(), f)
	if err != nil {
		return Page{}, err
	}
	p := Page{Tasks: tasks, Limit: limit}
	if len(tasks) > limit {
		p.Tasks = tasks[:limit]
		p.Next = cursorAfter(p.Tasks[limit-1], f.State)
	}
	for i := range p.Tasks {
		p.Tasks[i].mark(now)
	}
	return p, nil
}

// count is how many tasks f picks: the n on its first page when that is
// all of them, otherwise counted (up to CountUpTo).
func (s *Service) count(ctx context.Context, f filter, n int, next string) (Count, error) {
	if next == "" && f.After == nil {
		return Count{N: n}, nil
	}
	f.After = nil
	return countTasks(ctx, s.DB.Read(), f, CountUpTo)
}

// List returns a page of Page, the tasks alone.
func (s *Service) List(ctx context.Context, u *auth.User, q Query) ([]Task, error) {
	p, err := s.Page(ctx, u, q)
	return p.Tasks, err
}

// Page returns a page, in one state, of the tasks of u and u's teams
// ("me"), of one team ("team:<id>": the team's own tasks and its
// members'), or of all u's teams ("teams"): open and overdue in due order,
// done and cancelled the latest first; with q.Count, the sizes of the
// list's groups. A team's work is for its members and its organisation's
// leads and managers.
func (s *Service) Page(ctx context.Context, u *auth.User, q Query) (Page, error) {
	if u == nil || !u.Active {
		return Page{}, errs.E(errs.Unauthenticated, "Sign in to continue")
	}
	teamID, err := q.validate()
	if err != nil {
		return Page{}, err
	}
	now := s.now()
	var f filter
	switch {
	case teamID != "":
		team, err := s.Directory.GetTeam(ctx, teamID)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return Page{}, errs.Wrap(err, "listing tasks")
		}
		if err != nil || !access.SeeTeamWork(u, teamID, team.OrganisationID) {
			return Page{}, errs.E(errs.Forbidden, "You can only see the tasks of your own teams, or as a lead or manager, of your organisation's teams")
		}
		if f, err = s.teamWork(ctx, team.OrganisationID, []string{teamID}); err != nil {
			return Page{}, errs.Wrap(err, "listing tasks")
		}
	case q.Assignee == AllTeams:
		if f, err = s.teamWork(ctx, u.Organisation.ID, u.TeamIDs); err != nil {
			return Page{}, errs.Wrap(err, "listing tasks")
		}
	default:
		f = ownedBy(u.ID, u.TeamIDs)
	}
	switch q.State {
	case "overdue":
		f.State, f.DueBefore = Open, now
	case Done, Cancelled:
		f.State = q.State
	default:
		f.State = Open
	}
	if q.After != "" {
		c, ok := parseCursor(q.After, f.State)
		if !ok {
			return Page{}, page.Bad()
		}
		f.After = c
	}
	p, err := s.page(ctx, f, q.Limit, now)
	if err != nil {
		return Page{}, errs.Wrap(err, "listing tasks")
	}
	if q.Count {
		if err := s.counts(ctx, f, q.State, now, &p); err != nil {
			return Page{}, errs.Wrap(err, "counting tasks")
		}
	}
	return p, s.viewed(ctx, u, fmt.Sprintf("tasks of %s, %s, %d shown", q.Assignee, q.State, len(p.Tasks)), p.Tasks)
}

// counts fills the sizes of the groups of the list f picks in p.Counts.
func (s *Service) counts(ctx context.Context, f filter, state string, now time.Time, p *Page) error {
	f.After = nil
	if state != Open {
		var err error
		p.Counts.All, err = countTasks(ctx, s.DB.Read(), f, CountUpTo)
		p.Counts.Overdue = p.Counts.All
		return err
	}
	today := calendar.LondonDate(now)
	tomorrow := time.Date(today.Year, today.Month, today.Day+1, 0, 0, 0, 0, civil.London).UTC()
	for _, g := range []struct {
		from, before time.Time
		c            *Count
	}{{time.Time{}, now, &p.Counts.Overdue}, {now, tomorrow, &p.Counts.DueToday}, {tomorrow, time.Time{}, &p.Counts.Later}} {
		f.DueFrom, f.DueBefore = g.from, g.before
		var err error
		if *g.c, err = countTasks(ctx, s.DB.Read(), f, CountUpTo); err != nil {
			return err
		}
	}
	p.Counts.All = Count{N: p.Counts.Overdue.N + p.Counts.DueToday.N + p.Counts.Later.N,
		More: p.Counts.Overdue.More || p.Counts.DueToday.More || p.Counts.Later.More}
	return nil
}

// Overdue is the open tasks of an organisation that are past their due
// time, the longest overdue first, up to MaxPageSize. It is for the
// organisation's leads, managers and analysts, and for the service's own
// background work (no signed-in user).
func (s *Service) Overdue(ctx context.Context, orgID string) ([]Task, error) {
	u := auth.UserFrom(ctx)
	if u != nil && !access.SeeOrganisationWork(u, orgID) {
		return nil, errs.E(errs.Forbidden, "Only the organisation's leads, managers and analysts can see its overdue tasks")
	}
	now := s.now()
	p, err := s.page(ctx, filter{AnyOwner: true, Organisation: orgID, State: Open, DueBefore: now}, MaxPageSize, now)
	if err != nil {
		return nil, errs.Wrap(err, "listing overdue tasks")
	}
	if u == nil {
		return p.Tasks, nil
	}
	return p.Tasks, s.viewed(ctx, u, fmt.Sprintf("overdue tasks of organisation %s, %d shown", orgID, len(p.Tasks)), p.Tasks)
}

// teamWork is the filter of the work of the teams: tasks owned by the
// teams or by any of their members.
func (s *Service) teamWork(ctx context.Context, orgID string, teamIDs []string) (filter, error) {
	if len(teamIDs) == 0 {
		return filter{}, nil
	}
	members, err := s.members(ctx, orgID, "", teamIDs)
	if err != nil {
		return filter{}, err
	}
	return filter{OwnerUsers: members, OwnerTeams: teamIDs}, nil
}

// CountOverdue is how many of u's tasks and u's teams' are overdue now (up
// to CountUpTo), for the navigation. A number shows no one's record, so it is not audited.
func (s *Service) CountOverdue(ctx context.Context, u *auth.User) (int, error) {
	if u == nil || !u.Active {
		return 0, nil
	}
	f := ownedBy(u.ID, u.TeamIDs)
	f.DueBefore = s.now()
	n, err := countTasks(ctx, s.DB.Read(), f, CountUpTo)
	return n.N, errs.Wrap(err, "counting overdue tasks")
}
