package app

import (
	"mace/internal/missing"
	"mace/internal/platform/access"
)

// Return makers may see and download their own authority's statutory
// returns; platform/access (ExportReturns) decides, and it also requires a
// local authority.

// exportRoutes are the statutory returns: the SSDA903 Missing table's page,
// download and API.
func (s *server) exportRoutes() []route {
	h := &missing.ExportHandlers{Svc: s.svc.Missing, R: s.r, Log: s.log}
	return []route{
		{Method: "GET", Pattern: missing.ExportPath, Handler: h.Page, Roles: access.ReturnMakers},
		{Method: "GET", Pattern: missing.ExportPath + "/download", Handler: h.Download, Roles: access.ReturnMakers},
		{Method: "GET", Pattern: "/api/v1/exports/ssda903/missing", Handler: h.APIExport, Roles: access.ReturnMakers, API: true},
		{Method: "GET", Pattern: "/api/v1/exports/ssda903/missing/report", Handler: h.APIReport, Roles: access.ReturnMakers, API: true},
	}
}
