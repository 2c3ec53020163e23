package app

import "mace/internal/platform/auth"

func init() {
	readers := []auth.Role{auth.Screener, auth.Practitioner, auth.Lead, auth.Manager,
		auth.MissingCoordinator, auth.Analyst, auth.DPO, auth.Police}
	runners := []auth.Role{auth.Lead, auth.Manager, auth.Practitioner, auth.Screener}
	reporters := []auth.Role{auth.Lead, auth.Manager, auth.Analyst}
	for p, roles := range map[string][]auth.Role{
		"GET /api/v1/meetings":                            readers,
		"POST /api/v1/meetings":                           runners,
		"GET /api/v1/meetings/absences":                   reporters,
		"GET /api/v1/meetings/daily/agenda":               runners,
		"GET /api/v1/meetings/{id}":                       readers,
		"PATCH /api/v1/meetings/{id}":                     runners,
		"PUT /api/v1/meetings/{id}/attendance":            runners,
		"POST /api/v1/meetings/{id}/items":                runners,
		"POST /api/v1/meetings/{id}/items/order":          runners,
		"DELETE /api/v1/meetings/{id}/items/{item}":       runners,
		"POST /api/v1/meetings/{id}/items/{item}/shared":  readers,
		"PUT /api/v1/meetings/{id}/items/{item}/decision": runners,
		"POST /api/v1/meetings/{id}/actions":              runners,
		"GET /api/v1/meetings/{id}/links":                 readers,
		"POST /api/v1/meetings/{id}/links":                runners,
	} {
		allowed[p] = roles
	}
}
