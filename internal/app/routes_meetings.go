package app

import "mace/internal/platform/auth"

// Who may use the meetings API, matching platform/access: casework staff of
// the authority and the partners who attended see a meeting (the service
// checks which); the authority's leads, managers, practitioners and
// screeners arrange and run them; whoever may see a meeting may be let
// record what their agency shared (the service decides: those who run it,
// and police and health attendees for their own agency); leads, managers
// and analysts read the absence report.
var (
	meetingReaders   = recordReaders
	meetingRunners   = []auth.Role{auth.Lead, auth.Manager, auth.Practitioner, auth.Screener}
	meetingSharers   = recordReaders
	meetingReporters = []auth.Role{auth.Lead, auth.Manager, auth.Analyst}
)

// meetingRoutes are the multi-agency meetings' pages and API.
func (s *server) meetingRoutes() []route {
	h := s.meetings
	return []route{
		{Method: "GET", Pattern: "/meetings", Handler: h.List, Roles: meetingReaders},
		{Method: "GET", Pattern: "/meetings/new", Handler: h.New, Roles: meetingRunners},
		{Method: "POST", Pattern: "/meetings", Handler: h.Create, Roles: meetingRunners},
		{Method: "GET", Pattern: "/meetings/daily", Handler: h.Daily, Roles: meetingRunners},
		{Method: "POST", Pattern: "/meetings/daily", Handler: h.RecordDaily, Roles: meetingRunners},
		{Method: "GET", Pattern: "/meetings/absences", Handler: h.Absences, Roles: meetingReporters},
		{Method: "GET", Pattern: "/meetings/{id}", Handler: h.View, Roles: meetingReaders},
		{Method: "GET", Pattern: "/meetings/{id}/edit", Handler: h.Edit, Roles: meetingRunners},
		{Method: "POST", Pattern: "/meetings/{id}/edit", Handler: h.Update, Roles: meetingRunners},
		{Method: "POST", Pattern: "/meetings/{id}/attendance", Handler: h.Attendance, Roles: meetingRunners},
		{Method: "POST", Pattern: "/meetings/{id}/items", Handler: h.AddItem, Roles: meetingRunners},
		{Method: "POST", Pattern: "/meetings/{id}/items/{item}/move", Handler: h.MoveItem, Roles: meetingRunners},
		{Method: "POST", Pattern: "/meetings/{id}/items/{item}/drop", Handler: h.DropItem, Roles: meetingRunners},
		{Method: "POST", Pattern: "/meetings/{id}/items/{item}/shared", Handler: h.Shared, Roles: meetingSharers},
		{Method: "POST", Pattern: "/meetings/{id}/items/{item}/decision", Handler: h.Decision, Roles: meetingRunners},
		{Method: "GET", Pattern: "/meetings/{id}/items/{item}/assessment", Handler: h.AssessmentForm, Roles: meetingRunners},
		{Method: "POST", Pattern: "/meetings/{id}/items/{item}/assessment", Handler: h.ArrangeAssessment, Roles: meetingRunners},
		{Method: "POST", Pattern: "/meetings/{id}/actions", Handler: h.AddAction, Roles: meetingRunners},
		{Method: "POST", Pattern: "/meetings/{id}/links", Handler: h.AddLink, Roles: meetingRunners},
		{Method: "GET", Pattern: "/meetings/{id}/minutes", Handler: h.Minutes, Roles: meetingReaders},
		{Method: "GET", Pattern: "/meetings/{id}/minutes.txt", Handler: h.MinutesText, Roles: meetingReaders},
		{Method: "GET", Pattern: "/api/v1/meetings", Handler: h.APIList, Roles: meetingReaders, API: true},
		{Method: "POST", Pattern: "/api/v1/meetings", Handler: h.APICreate, Roles: meetingRunners, API: true},
		{Method: "GET", Pattern: "/api/v1/meetings/absences", Handler: h.APIAbsences, Roles: meetingReporters, API: true},
		{Method: "GET", Pattern: "/api/v1/meetings/daily/agenda", Handler: h.APIDailyAgenda, Roles: meetingRunners, API: true},
		{Method: "GET", Pattern: "/api/v1/meetings/{id}", Handler: h.APIGet, Roles: meetingReaders, API: true},
		{Method: "PATCH", Pattern: "/api/v1/meetings/{id}", Handler: h.APIUpdate, Roles: meetingRunners, API: true},
		{Method: "PUT", Pattern: "/api/v1/meetings/{id}/attendance", Handler: h.APIAttendance, Roles: meetingRunners, API: true},
		{Method: "POST", Pattern: "/api/v1/meetings/{id}/items", Handler: h.APIAddItem, Roles: meetingRunners, API: true},
		{Method: "POST", Pattern: "/api/v1/meetings/{id}/items/order", Handler: h.APIReorderItems, Roles: meetingRunners, API: true},
		{Method: "DELETE", Pattern: "/api/v1/meetings/{id}/items/{item}", Handler: h.APIDropItem, Roles: meetingRunners, API: true},
		{Method: "POST", Pattern: "/api/v1/meetings/{id}/items/{item}/shared", Handler: h.APIShared, Roles: meetingSharers, API: true},
		{Method: "PUT", Pattern: "/api/v1/meetings/{id}/items/{item}/decision", Handler: h.APIDecision, Roles: meetingRunners, API: true},
		{Method: "POST", Pattern: "/api/v1/meetings/{id}/actions", Handler: h.APIAddAction, Roles: meetingRunners, API: true},
		{Method: "GET", Pattern: "/api/v1/meetings/{id}/links", Handler: h.APILinks, Roles: meetingReaders, API: true},
		{Method: "POST", Pattern: "/api/v1/meetings/{id}/links", Handler: h.APIAddLink, Roles: meetingRunners, API: true},
		{Method: "GET", Pattern: "/api/v1/meetings/{id}/assessment-latest", Handler: h.APIAssessmentLatest, Roles: meetingReaders, API: true},
		{Method: "GET", Pattern: "/api/v1/meetings/{id}/items/{item}/assessment", Handler: h.APIAssessment, Roles: meetingReaders, API: true},
		{Method: "POST", Pattern: "/api/v1/meetings/{id}/items/{item}/assessment", Handler: h.APIArrangeAssessment, Roles: meetingRunners, API: true},
	}
}
