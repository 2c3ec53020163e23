package task

import (
	"context"
	"database/sql"
	"fmt"

	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// viewed records a list of tasks shown to a user: titles may name the
// record they belong to, so a list is a view of personal data.
func (s *Service) viewed(ctx context.Context, u *auth.User, detail string) error {
	ctx = auth.WithUser(ctx, u)
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: "task-list", Detail: detail})
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
	var a db.Args
	where := "t.state = 'open' AND " + ownedBy(&a, u.ID, u.TeamIDs)
	own, err := listTasks(ctx, s.DB.Read(), where, a, "t.due_at, t.id", 0)
	if err != nil {
		return MyWork{}, errs.Wrap(err, "listing your tasks")
	}
	for i := range own {
		own[i].mark(now)
	}
	w := Group(own, now)
	if u.Has(auth.Manager) && len(u.TeamIDs) > 0 {
		mates, err := s.teamMates(ctx, u)
		if err != nil {
			return MyWork{}, errs.Wrap(err, "listing your teams' tasks")
		}
		var a db.Args
		where := "t.state = 'open' AND t.owner_user_id IN " + inList(&a, mates)
		if len(mates) == 0 {
			where = "FALSE"
		}
		if w.TeamTasks, err = listTasks(ctx, s.DB.Read(), where, a, "t.due_at, t.id", 0); err != nil {
			return MyWork{}, errs.Wrap(err, "listing your teams' tasks")
		}
		for i := range w.TeamTasks {
			w.TeamTasks[i].mark(now)
		}
	}
	err = s.viewed(ctx, u, fmt.Sprintf("my work, %d tasks and %d of the team's shown", len(own), len(w.TeamTasks)))
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
	var a db.Args
	var where string
	switch {
	case teamID != "":
		team, err := s.Directory.GetTeam(ctx, teamID)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return nil, errs.Wrap(err, "listing tasks")
		}
		if err != nil || !access.SeeTeamWork(u, teamID, team.OrganisationID) {
			return nil, errs.E(errs.Forbidden, "You can only see the tasks of your own teams, or as a lead or manager, of your organisation's teams")
		}
		if where, err = s.teamWork(ctx, &a, team.OrganisationID, []string{teamID}); err != nil {
			return nil, errs.Wrap(err, "listing tasks")
		}
	case q.Assignee == AllTeams:
		if where, err = s.teamWork(ctx, &a, u.Organisation.ID, u.TeamIDs); err != nil {
			return nil, errs.Wrap(err, "listing tasks")
		}
	default:
		where = ownedBy(&a, u.ID, u.TeamIDs)
	}
	order := "t.due_at, t.id"
	switch q.State {
	case "overdue":
		where += " AND t.state = 'open' AND t.due_at < " + a.Add(db.Time(now))
	case Done:
		where, order = where+" AND t.state = 'done'", "t.completed_at DESC, t.id"
	case Cancelled:
		where, order = where+" AND t.state = 'cancelled'", "t.cancelled_at DESC, t.id"
	default:
		where += " AND t.state = 'open'"
	}
	tasks, err := listTasks(ctx, s.DB.Read(), where, a, order, q.Limit)
	if err != nil {
		return nil, errs.Wrap(err, "listing tasks")
	}
	for i := range tasks {
		tasks[i].mark(now)
	}
	return tasks, s.viewed(ctx, u, fmt.Sprintf("tasks of %s, %s, %d shown", q.Assignee, q.State, len(tasks)))
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
	var a db.Args
	where := "t.organisation_id = " + a.Add(orgID) + " AND t.state = 'open' AND t.due_at < " + a.Add(db.Time(now))
	tasks, err := listTasks(ctx, s.DB.Read(), where, a, "t.due_at, t.id", 0)
	if err != nil {
		return nil, errs.Wrap(err, "listing overdue tasks")
	}
	for i := range tasks {
		tasks[i].mark(now)
	}
	if u == nil {
		return tasks, nil
	}
	return tasks, s.viewed(ctx, u, fmt.Sprintf("overdue tasks of organisation %s, %d shown", orgID, len(tasks)))
}

// teamWork is the condition for the work of the teams: tasks owned by the
// teams or by any of their members.
func (s *Service) teamWork(ctx context.Context, a *db.Args, orgID string, teamIDs []string) (string, error) {
	if len(teamIDs) == 0 {
		return "FALSE", nil
	}
	members, err := s.members(ctx, orgID, "", teamIDs)
	if err != nil {
		return "", err
	}
	cond := "t.owner_team_id IN " + inList(a, teamIDs)
	if len(members) > 0 {
		cond = "(" + cond + " OR t.owner_user_id IN " + inList(a, members) + ")"
	}
	return cond, nil
}

// CountOverdue is how many of u's tasks and u's teams' are overdue now, for
// the navigation. A number shows no one's record, so it is not audited.
func (s *Service) CountOverdue(ctx context.Context, u *auth.User) (int, error) {
	if u == nil || !u.Active {
		return 0, nil
	}
	var a db.Args
	where := ownedBy(&a, u.ID, u.TeamIDs) + " AND t.state = 'open' AND t.due_at < " + a.Add(db.Time(s.now()))
	n, err := countTasks(ctx, s.DB.Read(), where, a)
	return n, errs.Wrap(err, "counting overdue tasks")
}
