package app

import "mace/internal/platform/access"

// referralRoutes are the front door: referrals from anyone signed in, and
// their screening by the receiving authority. The handlers and the service
// check the referral itself: its referrer sees what they sent and the
// outcome; the receiving authority's staff see it all.
func (s *server) referralRoutes() []route {
	h := s.ref
	return []route{
		{Method: "GET", Pattern: "/referrals", Handler: h.Mine},
		{Method: "GET", Pattern: "/referrals/new", Handler: h.New},
		{Method: "POST", Pattern: "/referrals", Handler: h.Create},
		{Method: "GET", Pattern: "/referrals/{id}", Handler: h.View},
		{Method: "GET", Pattern: "/screening", Handler: h.Queue, Roles: access.AuthorityStaff},
		{Method: "POST", Pattern: "/referrals/{id}/person", Handler: h.Link, Roles: access.Screeners},
		{Method: "POST", Pattern: "/referrals/{id}/new-person", Handler: h.NewPerson, Roles: access.Screeners},
		{Method: "POST", Pattern: "/referrals/{id}/checks", Handler: h.AddCheck, Roles: access.Screeners},
		{Method: "GET", Pattern: "/referrals/{id}/decision", Handler: h.DecisionForm, Roles: access.Screeners},
		{Method: "POST", Pattern: "/referrals/{id}/decision", Handler: h.Decide, Roles: access.Screeners},
		{Method: "POST", Pattern: "/referrals/{id}/sign-off", Handler: h.SignOff, Roles: access.Managers},

		{Method: "GET", Pattern: "/api/v1/referrals", Handler: h.APIMine, API: true},
		{Method: "POST", Pattern: "/api/v1/referrals", Handler: h.APISubmit, API: true},
		{Method: "GET", Pattern: "/api/v1/referrals/{id}", Handler: h.APIGet, API: true},
		{Method: "GET", Pattern: "/api/v1/referrals/{id}/matches", Handler: h.APIMatches, Roles: access.Screeners, API: true},
		{Method: "POST", Pattern: "/api/v1/referrals/{id}/screening", Handler: h.APIScreening, Roles: access.Screeners, API: true},
	}
}
