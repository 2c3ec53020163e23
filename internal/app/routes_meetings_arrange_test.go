package app

import "mace/internal/platform/auth"

func init() {
	readers := []auth.Role{auth.Screener, auth.Practitioner, auth.Lead, auth.Manager,
		auth.MissingCoordinator, auth.Analyst, auth.DPO, auth.Police}
	runners := []auth.Role{auth.Lead, auth.Manager, auth.Practitioner, auth.Screener}
	allowed["GET /api/v1/meetings/{id}/assessment-latest"] = readers
	allowed["GET /api/v1/meetings/{id}/items/{item}/assessment"] = readers
	allowed["POST /api/v1/meetings/{id}/items/{item}/assessment"] = runners
}
