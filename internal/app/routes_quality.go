package app

import (
	"mace/internal/platform/access"
	"mace/internal/rhiquality"
)

// Who may use the quality audit of return interviews, matching
// access.AuditInterviews, access.ReadQualitySummary and
// access.ManageStandards: the service checks the organisation too.

// qualityRoutes are the pages and API of the quality audit of return
// interviews.
func (s *server) qualityRoutes() []route {
	h := &rhiquality.Handlers{Svc: s.svc.Quality, R: s.r}
	return []route{
		{Method: "GET", Pattern: "/return-interview-audits/standards", Handler: h.Standards, Roles: access.QualityStandards},
		{Method: "POST", Pattern: "/return-interview-audits/standards", Handler: h.AddStandard, Roles: access.QualityStandards},
		{Method: "POST", Pattern: "/return-interview-audits/standards/{code}/retire", Handler: h.RetireStandard, Roles: access.QualityStandards},
		{Method: "GET", Pattern: "/return-interview-audits/sample", Handler: h.Sample, Roles: access.QualityAuditors},
		{Method: "GET", Pattern: "/return-interview-audits/interviews/{id}", Handler: h.Audit, Roles: access.QualityAuditors},
		{Method: "POST", Pattern: "/return-interview-audits/interviews/{id}", Handler: h.SaveAudit, Roles: access.QualityAuditors},
		{Method: "GET", Pattern: "/return-interview-audits/summary", Handler: h.Summary, Roles: access.QualityReaders},
		{Method: "GET", Pattern: "/api/v1/return-interview-audits/summary", Handler: h.APISummary, Roles: access.QualityReaders, API: true},
	}
}
