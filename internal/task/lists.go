package task

import (
	"context"
	"database/sql"
	"fmt"

	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
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
// (in London), then the rest; for a manager, also their teams' members'.
func (s *Service) MyWork(ctx context.Context, u *auth.User) (MyWork, error) {
	if u == nil || !u.Active {
		return MyWork{}, errs.E(errs.Unauthenticated, "Sign in to continue")
	}
	now := s.now()
	own, err := listTasks(ctx, s.DB.Read(), ownedBy(u.ID, u.TeamIDs))
	if err != nil {
		return MyWork{}, errs.Wrap(err, "listing your tasks")
	}
	for i := range own {
		own[i].mark(now)
	}
	w := Group(own, now)
	if access.SeeTeammatesWork(u) {
		mates, err := s.members(ctx, u.Organisation.ID, u.ID, u.TeamIDs)
		if err != nil {
			return MyWork{}, errs.Wrap(err, "listing your teams' tasks")
		}
		if w.TeamTasks, err = listTasks(ctx, s.DB.Read(), filter{OwnerUsers: mates, State: Open}); err != nil {
			return MyWork{}, errs.Wrap(err, "listing your teams' tasks")
		}
		for i := range w.TeamTasks {
			w.TeamTasks[i].mark(now)
		}
	}
	err = s.viewed(ctx, u, fmt.Sprintf("my work, %d tasks and %d of the team's shown", len(own), len(w.TeamTasks)),
		w.Overdue, w.DueToday, w.Later, w.TeamTasks)
	return w, err
}

// List returns, in one state, the tasks of u and u's teams ("me"), of one
// team ("team:<id>": the team's own tasks and its members'), or of all u's
// teams ("teams"): open and overdue in due order, done and cancelled the
// latest first. A team's work is for its members and its organisation's
// leads and managers.
func (s *Service) List(ctx context.Context, u *auth.User, q Query) ([]Task, error) {
	if u == nil || !u.Active {
		return nil, errs.E(errs.Unauthenticated, "Sign in to continue")
	}
	teamID, err := q.validate()
	if err != nil {
		return nil, err
	}
	now := s.now()
	var f filter
	switch {
	case teamID != "":
		team, err := s.Directory.GetTeam(ctx, teamID)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return nil, errs.Wrap(err, "listing tasks")
		}
		if err != nil || !access.SeeTeamWork(u, teamID, team.OrganisationID) {
			return nil, errs.E(errs.Forbidden, "You can only see the tasks of your own teams, or as a lead or manager, of your organisation's teams")
		}
		if f, err = s.teamWork(ctx, team.OrganisationID, []string{teamID}); err != nil {
			return nil, errs.Wrap(err, "listing tasks")
		}
	case q.Assignee == AllTeams:
		if f, err = s.teamWork(ctx, u.Organisation.ID, u.TeamIDs); err != nil {
			return nil, errs.Wrap(err, "listing tasks")
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
	f.Limit = q.Limit
	tasks, err := listTasks(ctx, s.DB.Read(), f)
	if err != nil {
		return nil, errs.Wrap(err, "listing tasks")
	}
	for i := range tasks {
		tasks[i].mark(now)
	}
	return tasks, s.viewed(ctx, u, fmt.Sprintf("tasks of %s, %s, %d shown", q.Assignee, q.State, len(tasks)), tasks)
}

// Overdue is every open task of an organisation that is past its due time,
// the longest overdue first. It is for the organisation's leads, managers
// and analysts, and for the service's own background work (no signed-in
// user).
func (s *Service) Overdue(ctx context.Context, orgID string) ([]Task, error) {
	u := auth.UserFrom(ctx)
	if u != nil && !access.SeeOrganisationWork(u, orgID) {
		return nil, errs.E(errs.Forbidden, "Only the organisation's leads, managers and analysts can see its overdue tasks")
	}
	now := s.now()
	tasks, err := listTasks(ctx, s.DB.Read(), filter{AnyOwner: true, Organisation: orgID, State: Open, DueBefore: now})
	if err != nil {
		return nil, errs.Wrap(err, "listing overdue tasks")
	}
	for i := range tasks {
		tasks[i].mark(now)
	}
	if u == nil {
		return tasks, nil
	}
	return tasks, s.viewed(ctx, u, fmt.Sprintf("overdue tasks of organisation %s, %d shown", orgID, len(tasks)), tasks)
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

// CountOverdue is how many of u's tasks and u's teams' are overdue now, for
// the navigation. A number shows no one's record, so it is not audited.
func (s *Service) CountOverdue(ctx context.Context, u *auth.User) (int, error) {
	if u == nil || !u.Active {
		return 0, nil
	}
	f := ownedBy(u.ID, u.TeamIDs)
	f.DueBefore = s.now()
	n, err := countTasks(ctx, s.DB.Read(), f)
	return n, errs.Wrap(err, "counting overdue tasks")
}
