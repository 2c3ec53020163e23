package app

import "mace/internal/platform/auth"

// Managers, analysts and missing coordinators make their authority's
// returns.
func init() {
	for _, p := range []string{"GET /exports/ssda903-missing", "GET /exports/ssda903-missing/download",
		"GET /api/v1/exports/ssda903/missing", "GET /api/v1/exports/ssda903/missing/report"} {
		allowed[p] = []auth.Role{auth.Manager, auth.Analyst, auth.MissingCoordinator}
	}
}
