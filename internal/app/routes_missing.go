package app

import "mace/internal/platform/auth"

// Who may use the missing pages, matching platform/access: whoever may see
// a young person's record sees their missing history (the service checks
// the record); missing coordinators and police officers report episodes;
// missing coordinators record return interviews.
var (
	missingReaders   = recordReaders
	missingReporters = []auth.Role{auth.MissingCoordinator, auth.Police}
	interviewers     = []auth.Role{auth.MissingCoordinator}
)

// missingRoutes are the pages and API of children missing from home and
// care.
func (s *server) missingRoutes() []route {
	h := s.missing
	return []route{
		{Method: "GET", Pattern: "/missing", Handler: h.Now, Roles: missingReaders},
		{Method: "GET", Pattern: "/missing/overdue", Handler: h.Overdue, Roles: missingReaders},
		{Method: "POST", Pattern: "/missing/episodes", Handler: h.Create, Roles: missingReporters},
		{Method: "GET", Pattern: "/missing/episodes/{id}", Handler: h.View, Roles: missingReaders},
		{Method: "GET", Pattern: "/missing/episodes/{id}/edit", Handler: h.Edit, Roles: missingReporters},
		{Method: "POST", Pattern: "/missing/episodes/{id}", Handler: h.Update, Roles: missingReporters},
		{Method: "GET", Pattern: "/missing/episodes/{id}/return-interview", Handler: h.InterviewForm, Roles: interviewers},
		{Method: "POST", Pattern: "/missing/episodes/{id}/return-interview", Handler: h.SaveInterview, Roles: interviewers},
		{Method: "GET", Pattern: "/people/{id}/missing", Handler: h.History, Roles: missingReaders},
		{Method: "GET", Pattern: "/people/{id}/missing/new", Handler: h.New, Roles: missingReporters},
		{Method: "POST", Pattern: "/api/v1/missing-episodes", Handler: h.APICreate, Roles: missingReporters, API: true},
		{Method: "GET", Pattern: "/api/v1/missing-episodes/{id}", Handler: h.APIGet, Roles: missingReaders, API: true},
		{Method: "PATCH", Pattern: "/api/v1/missing-episodes/{id}", Handler: h.APIUpdate, Roles: missingReporters, API: true},
		{Method: "POST", Pattern: "/api/v1/missing-episodes/{id}/return-interview", Handler: h.APIInterview, Roles: interviewers, API: true},
		{Method: "GET", Pattern: "/api/v1/missing-now", Handler: h.APINow, Roles: missingReaders, API: true},
		{Method: "GET", Pattern: "/api/v1/return-interviews/overdue", Handler: h.APIOverdue, Roles: missingReaders, API: true},
	}
}
