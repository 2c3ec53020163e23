package app

import "mace/internal/platform/auth"

func init() {
	screen := []auth.Role{auth.Screener, auth.Lead, auth.Manager}
	for route, roles := range map[string][]auth.Role{
		"GET /referrals":                        all,
		"GET /referrals/new":                    all,
		"POST /referrals":                       all,
		"GET /referrals/{id}":                   all,
		"GET /screening":                        {auth.Screener, auth.Practitioner, auth.Lead, auth.Manager, auth.MissingCoordinator, auth.Analyst, auth.DPO},
		"POST /referrals/{id}/person":           screen,
		"POST /referrals/{id}/new-person":       screen,
		"POST /referrals/{id}/checks":           screen,
		"GET /referrals/{id}/decision":          screen,
		"POST /referrals/{id}/decision":         screen,
		"POST /referrals/{id}/sign-off":         {auth.Manager},
		"GET /api/v1/referrals":                 all,
		"POST /api/v1/referrals":                all,
		"GET /api/v1/referrals/{id}":            all,
		"GET /api/v1/referrals/{id}/matches":    screen,
		"POST /api/v1/referrals/{id}/screening": screen,
	} {
		allowed[route] = roles
	}
}
