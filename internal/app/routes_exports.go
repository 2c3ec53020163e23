package app

import (
	"mace/internal/platform/access"
	"mace/internal/ssda903"
)

// Return makers may see and download their own authority's statutory
// returns; platform/access (ExportReturns) decides, and it also requires a
// local authority.

// exportRoutes are the statutory returns: the SSDA903 Missing table's page,
// download and API.
func (s *server) exportRoutes() []route {
	h := &ssda903.Handlers{Svc: s.svc.Returns, R: s.r, Log: s.log}
	return []route{
		{Method: "GET", Pattern: ssda903.ExportPath, Handler: h.Page, Roles: access.ReturnMakers},
		{Method: "GET", Pattern: ssda903.ExportPath + "/download", Handler: h.Download, Roles: access.ReturnMakers},
		{Method: "GET", Pattern: "/api/v1/exports/ssda903/missing", Handler: h.APIExport, Roles: access.ReturnMakers, API: true},
		{Method: "GET", Pattern: "/api/v1/exports/ssda903/missing/report", Handler: h.APIReport, Roles: access.ReturnMakers, API: true},
	}
}
