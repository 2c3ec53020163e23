package app

import "mace/internal/platform/auth"

func init() {
	readers := []auth.Role{auth.MissingCoordinator, auth.Police, auth.Screener, auth.Practitioner, auth.Lead, auth.Manager}
	writers := []auth.Role{auth.MissingCoordinator, auth.Practitioner, auth.Lead, auth.Manager}
	for p, roles := range map[string][]auth.Role{
		"GET /people/{id}/philomena":           readers,
		"GET /people/{id}/philomena/print":     readers,
		"GET /people/{id}/philomena/photo.jpg": readers,
		"GET /people/{id}/philomena/edit":      writers,
		"POST /people/{id}/philomena/edit":     writers,
		"GET /people/{id}/philomena/photo":     writers,
		"POST /people/{id}/philomena/photo":    writers,
		"GET /api/v1/people/{id}/philomena":    readers,
		"PUT /api/v1/people/{id}/philomena":    writers,
	} {
		allowed[p] = roles
	}
}
