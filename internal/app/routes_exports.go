package app

import (
	"mace/internal/missing"
	"mace/internal/platform/auth"
)

// returnMakers may see and download their own authority's statutory
// returns; platform/access (ExportReturns) decides, and it also requires a
// local authority.
var returnMakers = []auth.Role{auth.Manager, auth.Analyst, auth.MissingCoordinator}

// exportRoutes are the statutory returns: the SSDA903 Missing table's page,
// download and API.
func (s *server) exportRoutes() []route {
	h := &missing.ExportHandlers{Svc: s.svc.Missing, R: s.r, Log: s.log}
	return []route{
		{Method: "GET", Pattern: missing.ExportPath, Handler: h.Page, Roles: returnMakers},
		{Method: "GET", Pattern: missing.ExportPath + "/download", Handler: h.Download, Roles: returnMakers},
		{Method: "GET", Pattern: "/api/v1/exports/ssda903/missing", Handler: h.APIExport, Roles: returnMakers, API: true},
		{Method: "GET", Pattern: "/api/v1/exports/ssda903/missing/report", Handler: h.APIReport, Roles: returnMakers, API: true},
	}
}
