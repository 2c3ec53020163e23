package app

import "mace/internal/platform/access"

// Who may use the missing pages, matching platform/access: whoever may see
// a young person's record sees their missing history (the service checks
// the record); missing coordinators and police officers report episodes;
// missing coordinators record return interviews.

// missingRoutes are the pages and API of children missing from home and
// care.
func (s *server) missingRoutes() []route {
	h := s.missing
	return []route{
		{Method: "GET", Pattern: "/missing", Handler: h.Now, Roles: access.RecordReaders},
		{Method: "GET", Pattern: "/missing/overdue", Handler: h.Overdue, Roles: access.RecordReaders},
		{Method: "POST", Pattern: "/missing/episodes", Handler: h.Create, Roles: access.MissingReporters},
		{Method: "GET", Pattern: "/missing/episodes/{id}", Handler: h.View, Roles: access.RecordReaders},
		{Method: "GET", Pattern: "/missing/episodes/{id}/edit", Handler: h.Edit, Roles: access.MissingReporters},
		{Method: "POST", Pattern: "/missing/episodes/{id}", Handler: h.Update, Roles: access.MissingReporters},
		{Method: "GET", Pattern: "/missing/episodes/{id}/return-interview", Handler: h.InterviewForm, Roles: access.Interviewers},
		{Method: "POST", Pattern: "/missing/episodes/{id}/return-interview", Handler: h.SaveInterview, Roles: access.Interviewers},
		{Method: "GET", Pattern: "/people/{id}/missing", Handler: h.History, Roles: access.RecordReaders},
		{Method: "GET", Pattern: "/people/{id}/missing/new", Handler: h.New, Roles: access.MissingReporters},
		{Method: "POST", Pattern: "/api/v1/missing-episodes", Handler: h.APICreate, Roles: access.MissingReporters, API: true},
		{Method: "GET", Pattern: "/api/v1/missing-episodes/{id}", Handler: h.APIGet, Roles: access.RecordReaders, API: true},
		{Method: "PATCH", Pattern: "/api/v1/missing-episodes/{id}", Handler: h.APIUpdate, Roles: access.MissingReporters, API: true},
		{Method: "POST", Pattern: "/api/v1/missing-episodes/{id}/return-interview", Handler: h.APIInterview, Roles: access.Interviewers, API: true},
		{Method: "GET", Pattern: "/api/v1/missing-now", Handler: h.APINow, Roles: access.RecordReaders, API: true},
		{Method: "GET", Pattern: "/api/v1/return-interviews/overdue", Handler: h.APIOverdue, Roles: access.RecordReaders, API: true},
	}
}
