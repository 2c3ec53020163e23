package app

import "mace/internal/platform/access"

// Who may use the consultation log, matching access.LogConsultation and
// access.ReadConsultations: the service checks the authority too.

// consultationRoutes are the consultation log's pages and API.
func (s *server) consultationRoutes() []route {
	c := s.consultations
	return []route{
		{Method: "GET", Pattern: "/consultations", Handler: c.List, Roles: access.ConsultationReaders},
		{Method: "GET", Pattern: "/consultations/new", Handler: c.New, Roles: access.ConsultationWriters},
		{Method: "POST", Pattern: "/consultations", Handler: c.Create, Roles: access.ConsultationWriters},
		{Method: "GET", Pattern: "/consultations/{id}", Handler: c.View, Roles: access.ConsultationReaders},
		{Method: "GET", Pattern: "/consultations/{id}/edit", Handler: c.Edit, Roles: access.ConsultationWriters},
		{Method: "POST", Pattern: "/consultations/{id}", Handler: c.Update, Roles: access.ConsultationWriters},
		{Method: "GET", Pattern: "/api/v1/consultations", Handler: c.APIList, Roles: access.ConsultationReaders, API: true},
		{Method: "POST", Pattern: "/api/v1/consultations", Handler: c.APICreate, Roles: access.ConsultationWriters, API: true},
		{Method: "GET", Pattern: "/api/v1/consultations/{id}", Handler: c.APIGet, Roles: access.ConsultationReaders, API: true},
	}
}
