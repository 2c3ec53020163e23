package app

import "mace/internal/platform/auth"

func init() {
	importers := []auth.Role{auth.MissingCoordinator, auth.Police}
	for _, p := range []string{"GET /missing/imports/new", "POST /missing/imports", "GET /missing/imports/{id}",
		"GET /missing/imports/{id}/progress", "POST /missing/imports/{id}/commit"} {
		allowed[p] = importers
	}
	for _, p := range []string{"GET /missing/imports/reviews", "GET /missing/imports/{id}/reviews/{line}",
		"POST /missing/imports/{id}/reviews/{line}"} {
		allowed[p] = []auth.Role{auth.MissingCoordinator}
	}
}
