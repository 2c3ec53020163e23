package app

import "mace/internal/platform/auth"

// Who may use the consultation log, matching access.LogConsultation and
// access.ReadConsultations: the service checks the authority too.
var (
	consultationReaders = []auth.Role{auth.Screener, auth.Lead, auth.Manager, auth.Practitioner, auth.DPO, auth.Analyst}
	consultationWriters = []auth.Role{auth.Screener, auth.Lead, auth.Manager, auth.Practitioner}
)

// consultationRoutes are the consultation log's pages and API.
func (s *server) consultationRoutes() []route {
	c := s.consultations
	return []route{
		{Method: "GET", Pattern: "/consultations", Handler: c.List, Roles: consultationReaders},
		{Method: "GET", Pattern: "/consultations/new", Handler: c.New, Roles: consultationWriters},
		{Method: "POST", Pattern: "/consultations", Handler: c.Create, Roles: consultationWriters},
		{Method: "GET", Pattern: "/consultations/{id}", Handler: c.View, Roles: consultationReaders},
		{Method: "GET", Pattern: "/consultations/{id}/edit", Handler: c.Edit, Roles: consultationWriters},
		{Method: "POST", Pattern: "/consultations/{id}", Handler: c.Update, Roles: consultationWriters},
		{Method: "GET", Pattern: "/api/v1/consultations", Handler: c.APIList, Roles: consultationReaders, API: true},
		{Method: "POST", Pattern: "/api/v1/consultations", Handler: c.APICreate, Roles: consultationWriters, API: true},
		{Method: "GET", Pattern: "/api/v1/consultations/{id}", Handler: c.APIGet, Roles: consultationReaders, API: true},
	}
}
