package app

import "mace/internal/platform/auth"

func init() {
	auditors := []auth.Role{auth.Manager}
	readers := []auth.Role{auth.Manager, auth.Analyst, auth.DPO}
	keepers := []auth.Role{auth.Manager, auth.Administrator}
	for p, roles := range map[string][]auth.Role{
		"GET /return-interview-audits/standards":                keepers,
		"POST /return-interview-audits/standards":               keepers,
		"POST /return-interview-audits/standards/{code}/retire": keepers,
		"GET /return-interview-audits/sample":                   auditors,
		"GET /return-interview-audits/interviews/{id}":          auditors,
		"POST /return-interview-audits/interviews/{id}":         auditors,
		"GET /return-interview-audits/summary":                  readers,
		"GET /api/v1/return-interview-audits/summary":           readers,
	} {
		allowed[p] = roles
	}
}
