package app

import (
	"log/slog"
	"net/http"

	"mace/internal/missing"
	"mace/internal/platform/auth"
	"mace/internal/task"
)

// recordLinks are the addresses of the records tasks link to, by record
// type: the task package does not know other features' addresses.
var recordLinks = map[string]string{
	"person":          "/people/",
	"referral":        "/referrals/",
	"missing-episode": "/missing/episodes/",
	"meeting":         "/meetings/",
}

// stepLinks are where the steps some tasks stand for are taken, by kind of
// task: a repeat-missing task's strategy discussion is arranged as a
// meeting convened by the task (which completes it once held).
var stepLinks = map[string]task.StepLink{
	missing.TaskStrategyDiscussion: {Label: "Arrange a strategy discussion",
		Path: "/meetings/new?kind=strategy&convened_by_type=task&convened_by_id={id}"},
}

// taskRoutes are My work, a task's page and the task API. Every signed-in
// user has My work, whatever their role: tasks are given to people and
// teams, not roles, and a referrer (a school's safeguarding lead, say) may
// be given an action at a meeting; with none, they see that they have
// none. What each may see and do is then decided per task by
// platform/access: the owner, the owning team, and the owning
// organisation's leads and managers.
func (s *server) taskRoutes() []route {
	h := s.tasks
	return []route{
		{Method: "GET", Pattern: "/my-work", Handler: h.MyWork},
		{Method: "GET", Pattern: "/tasks/{id}", Handler: h.Task},
		{Method: "POST", Pattern: "/tasks/{id}/complete", Handler: h.Complete},
		{Method: "POST", Pattern: "/tasks/{id}/cancel", Handler: h.Cancel},
		{Method: "POST", Pattern: "/tasks/{id}/reassign", Handler: h.Reassign},
		{Method: "GET", Pattern: "/api/v1/tasks", Handler: h.APIList, API: true},
		{Method: "POST", Pattern: "/api/v1/tasks/{id}/complete", Handler: h.APIComplete, API: true},
		{Method: "POST", Pattern: "/api/v1/tasks/{id}/cancel", Handler: h.APICancel, API: true},
	}
}

// navCounts gives the navigation the number of the user's overdue tasks
// (theirs and their teams'): one indexed count per page.
func navCounts(log *slog.Logger, svc *services) func(*http.Request, *auth.User) map[string]int {
	return func(r *http.Request, u *auth.User) map[string]int {
		n, err := svc.Tasks.CountOverdue(r.Context(), u)
		if err != nil {
			log.Warn("counting overdue tasks for the navigation", "err", err, "user_id", u.ID)
			return nil
		}
		late, err := svc.Referral.CountOverdue(r.Context(), u)
		if err != nil {
			log.Warn("counting overdue referrals for the navigation", "err", err, "user_id", u.ID)
		}
		return map[string]int{"my-work": n, "screening": late}
	}
}
