package app

import "mace/internal/platform/auth"

func init() {
	readers := []auth.Role{auth.Screener, auth.Practitioner, auth.Lead, auth.Manager, auth.Analyst, auth.DPO}
	writers := []auth.Role{auth.Screener, auth.Practitioner, auth.Lead, auth.Manager}
	for p, roles := range map[string][]auth.Role{
		"GET /consultations":             readers,
		"GET /consultations/new":         writers,
		"POST /consultations":            writers,
		"GET /consultations/{id}":        readers,
		"GET /consultations/{id}/edit":   writers,
		"POST /consultations/{id}":       writers,
		"GET /api/v1/consultations":      readers,
		"POST /api/v1/consultations":     writers,
		"GET /api/v1/consultations/{id}": readers,
	} {
		allowed[p] = roles
	}
}
