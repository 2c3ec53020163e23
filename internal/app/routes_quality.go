package app

import (
	"mace/internal/missing"
	"mace/internal/platform/auth"
)

// Who may use the quality audit of return interviews, matching
// access.AuditInterviews, access.ReadQualitySummary and
// access.ManageStandards: the service checks the organisation too.
var (
	qualityAuditors  = []auth.Role{auth.Manager}
	qualityReaders   = []auth.Role{auth.Manager, auth.Analyst, auth.DPO}
	qualityStandards = []auth.Role{auth.Manager, auth.Administrator}
)

// qualityRoutes are the pages and API of the quality audit of return
// interviews.
func (s *server) qualityRoutes() []route {
	h := &missing.QualityHandlers{Svc: s.svc.Missing, R: s.r, Log: s.log}
	return []route{
		{Method: "GET", Pattern: "/return-interview-audits/standards", Handler: h.Standards, Roles: qualityStandards},
		{Method: "POST", Pattern: "/return-interview-audits/standards", Handler: h.AddStandard, Roles: qualityStandards},
		{Method: "POST", Pattern: "/return-interview-audits/standards/{code}/retire", Handler: h.RetireStandard, Roles: qualityStandards},
		{Method: "GET", Pattern: "/return-interview-audits/sample", Handler: h.Sample, Roles: qualityAuditors},
		{Method: "GET", Pattern: "/return-interview-audits/interviews/{id}", Handler: h.Audit, Roles: qualityAuditors},
		{Method: "POST", Pattern: "/return-interview-audits/interviews/{id}", Handler: h.SaveAudit, Roles: qualityAuditors},
		{Method: "GET", Pattern: "/return-interview-audits/summary", Handler: h.Summary, Roles: qualityReaders},
		{Method: "GET", Pattern: "/api/v1/return-interview-audits/summary", Handler: h.APISummary, Roles: qualityReaders, API: true},
	}
}
