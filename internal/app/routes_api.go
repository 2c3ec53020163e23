package app

import (
	"mace/internal/platform/access"
	"mace/internal/platform/web"
	"net/http"
)

// apiRoutes are the JSON API under /api/v1, for other systems (bearer
// tokens). openapi.json documents each one; a test keeps the two in step.
func (s *server) apiRoutes() []route {
	p := s.people
	return []route{
		{Method: "GET", Pattern: "/api/v1/openapi.json", Handler: web.Std(http.HandlerFunc(s.openAPI)), Public: true, API: true},
		{Method: "GET", Pattern: "/api/v1/people", Handler: p.APIList, Roles: access.RecordReaders, API: true},
		{Method: "POST", Pattern: "/api/v1/people", Handler: p.APICreate, Roles: access.RecordWriters, API: true},
		{Method: "GET", Pattern: "/api/v1/people/matches", Handler: p.APIMatches, Roles: access.RecordReaders, API: true},
		{Method: "GET", Pattern: "/api/v1/people/{id}", Handler: p.APIGet, Roles: access.RecordReaders, API: true},
		{Method: "PATCH", Pattern: "/api/v1/people/{id}", Handler: p.APIUpdate, Roles: access.RecordWriters, API: true},
		{Method: "GET", Pattern: "/api/v1/people/{id}/audit", Handler: p.APIAudit, Roles: access.AuditReaders, API: true},
		{Method: "GET", Pattern: "/api/v1/calendar/working-days", Handler: s.apiWorkingDays, API: true},
	}
}
