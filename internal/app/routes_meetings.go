package app

import "mace/internal/platform/access"

// Who may use the meetings API, matching platform/access: casework staff of
// the authority and the partners who attended see a meeting (the service
// checks which); the authority's leads, managers, practitioners and
// screeners arrange and run them; whoever may see a meeting may be let
// record what their agency shared (the service decides: those who run it,
// and police and health attendees for their own agency); leads, managers
// and analysts read the absence report.

// meetingRoutes are the multi-agency meetings' pages and API.
func (s *server) meetingRoutes() []route {
	h := s.meetings
	return []route{
		{Method: "GET", Pattern: "/meetings", Handler: h.List, Roles: access.RecordReaders},
		{Method: "GET", Pattern: "/meetings/new", Handler: h.New, Roles: access.MeetingRunners},
		{Method: "POST", Pattern: "/meetings", Handler: h.Create, Roles: access.MeetingRunners},
		{Method: "GET", Pattern: "/meetings/daily", Handler: h.Daily, Roles: access.MeetingRunners},
		{Method: "POST", Pattern: "/meetings/daily", Handler: h.RecordDaily, Roles: access.MeetingRunners},
		{Method: "GET", Pattern: "/meetings/absences", Handler: h.Absences, Roles: access.MeetingReporters},
		{Method: "GET", Pattern: "/meetings/{id}", Handler: h.View, Roles: access.RecordReaders},
		{Method: "GET", Pattern: "/meetings/{id}/edit", Handler: h.Edit, Roles: access.MeetingRunners},
		{Method: "POST", Pattern: "/meetings/{id}/edit", Handler: h.Update, Roles: access.MeetingRunners},
		{Method: "POST", Pattern: "/meetings/{id}/attendance", Handler: h.Attendance, Roles: access.MeetingRunners},
		{Method: "POST", Pattern: "/meetings/{id}/items", Handler: h.AddItem, Roles: access.MeetingRunners},
		{Method: "POST", Pattern: "/meetings/{id}/items/{item}/move", Handler: h.MoveItem, Roles: access.MeetingRunners},
		{Method: "POST", Pattern: "/meetings/{id}/items/{item}/drop", Handler: h.DropItem, Roles: access.MeetingRunners},
		{Method: "POST", Pattern: "/meetings/{id}/items/{item}/shared", Handler: h.Shared, Roles: access.RecordReaders},
		{Method: "POST", Pattern: "/meetings/{id}/items/{item}/decision", Handler: h.Decision, Roles: access.MeetingRunners},
		{Method: "POST", Pattern: "/meetings/{id}/items/{item}/discussed", Handler: h.Discussed, Roles: access.MeetingRunners},
		{Method: "GET", Pattern: "/meetings/{id}/items/{item}/assessment", Handler: h.AssessmentForm, Roles: access.MeetingRunners},
		{Method: "POST", Pattern: "/meetings/{id}/items/{item}/assessment", Handler: h.ArrangeAssessment, Roles: access.MeetingRunners},
		{Method: "POST", Pattern: "/meetings/{id}/actions", Handler: h.AddAction, Roles: access.MeetingRunners},
		{Method: "POST", Pattern: "/meetings/{id}/links", Handler: h.AddLink, Roles: access.MeetingRunners},
		{Method: "GET", Pattern: "/meetings/{id}/minutes", Handler: h.Minutes, Roles: access.RecordReaders},
		{Method: "GET", Pattern: "/meetings/{id}/minutes.txt", Handler: h.MinutesText, Roles: access.RecordReaders},
		{Method: "GET", Pattern: "/api/v1/meetings", Handler: h.APIList, Roles: access.RecordReaders, API: true},
		{Method: "POST", Pattern: "/api/v1/meetings", Handler: h.APICreate, Roles: access.MeetingRunners, API: true},
		{Method: "GET", Pattern: "/api/v1/meetings/absences", Handler: h.APIAbsences, Roles: access.MeetingReporters, API: true},
		{Method: "GET", Pattern: "/api/v1/meetings/daily/agenda", Handler: h.APIDailyAgenda, Roles: access.MeetingRunners, API: true},
		{Method: "GET", Pattern: "/api/v1/meetings/{id}", Handler: h.APIGet, Roles: access.RecordReaders, API: true},
		{Method: "PATCH", Pattern: "/api/v1/meetings/{id}", Handler: h.APIUpdate, Roles: access.MeetingRunners, API: true},
		{Method: "PUT", Pattern: "/api/v1/meetings/{id}/attendance", Handler: h.APIAttendance, Roles: access.MeetingRunners, API: true},
		{Method: "POST", Pattern: "/api/v1/meetings/{id}/items", Handler: h.APIAddItem, Roles: access.MeetingRunners, API: true},
		{Method: "POST", Pattern: "/api/v1/meetings/{id}/items/order", Handler: h.APIReorderItems, Roles: access.MeetingRunners, API: true},
		{Method: "DELETE", Pattern: "/api/v1/meetings/{id}/items/{item}", Handler: h.APIDropItem, Roles: access.MeetingRunners, API: true},
		{Method: "POST", Pattern: "/api/v1/meetings/{id}/items/{item}/shared", Handler: h.APIShared, Roles: access.RecordReaders, API: true},
		{Method: "PUT", Pattern: "/api/v1/meetings/{id}/items/{item}/decision", Handler: h.APIDecision, Roles: access.MeetingRunners, API: true},
		{Method: "POST", Pattern: "/api/v1/meetings/{id}/actions", Handler: h.APIAddAction, Roles: access.MeetingRunners, API: true},
		{Method: "GET", Pattern: "/api/v1/meetings/{id}/links", Handler: h.APILinks, Roles: access.RecordReaders, API: true},
		{Method: "POST", Pattern: "/api/v1/meetings/{id}/links", Handler: h.APIAddLink, Roles: access.MeetingRunners, API: true},
		{Method: "GET", Pattern: "/api/v1/meetings/{id}/assessment-latest", Handler: h.APIAssessmentLatest, Roles: access.RecordReaders, API: true},
		{Method: "GET", Pattern: "/api/v1/meetings/{id}/items/{item}/assessment", Handler: h.APIAssessment, Roles: access.RecordReaders, API: true},
		{Method: "POST", Pattern: "/api/v1/meetings/{id}/items/{item}/assessment", Handler: h.APIArrangeAssessment, Roles: access.MeetingRunners, API: true},
	}
}
