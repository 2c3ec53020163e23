package app

import "mace/internal/platform/auth"

func init() {
	readers := []auth.Role{auth.Screener, auth.Practitioner, auth.Lead, auth.Manager,
		auth.MissingCoordinator, auth.Analyst, auth.DPO, auth.Police}
	reporters := []auth.Role{auth.MissingCoordinator, auth.Police}
	interviewers := []auth.Role{auth.MissingCoordinator}
	for p, roles := range map[string][]auth.Role{
		"GET /missing":                                        readers,
		"GET /missing/overdue":                                readers,
		"POST /missing/episodes":                              reporters,
		"GET /missing/episodes/{id}":                          readers,
		"GET /missing/episodes/{id}/edit":                     reporters,
		"POST /missing/episodes/{id}":                         reporters,
		"GET /missing/episodes/{id}/return-interview":         interviewers,
		"POST /missing/episodes/{id}/return-interview":        interviewers,
		"GET /people/{id}/missing":                            readers,
		"GET /people/{id}/missing/new":                        reporters,
		"POST /api/v1/missing-episodes":                       reporters,
		"GET /api/v1/missing-episodes/{id}":                   readers,
		"PATCH /api/v1/missing-episodes/{id}":                 reporters,
		"POST /api/v1/missing-episodes/{id}/return-interview": interviewers,
		"GET /api/v1/missing-now":                             readers,
		"GET /api/v1/return-interviews/overdue":               readers,
	} {
		allowed[p] = roles
	}
}
