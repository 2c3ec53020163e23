package app

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
		{Method: "GET", Pattern: "/screening", Handler: h.Queue, Roles: authorityStaff},
		{Method: "POST", Pattern: "/referrals/{id}/person", Handler: h.Link, Roles: screeners},
		{Method: "POST", Pattern: "/referrals/{id}/new-person", Handler: h.NewPerson, Roles: screeners},
		{Method: "POST", Pattern: "/referrals/{id}/checks", Handler: h.AddCheck, Roles: screeners},
		{Method: "GET", Pattern: "/referrals/{id}/decision", Handler: h.DecisionForm, Roles: screeners},
		{Method: "POST", Pattern: "/referrals/{id}/decision", Handler: h.Decide, Roles: screeners},
		{Method: "POST", Pattern: "/referrals/{id}/sign-off", Handler: h.SignOff, Roles: managers},

		{Method: "GET", Pattern: "/api/v1/referrals", Handler: h.APIMine, API: true},
		{Method: "POST", Pattern: "/api/v1/referrals", Handler: h.APISubmit, API: true},
		{Method: "GET", Pattern: "/api/v1/referrals/{id}", Handler: h.APIGet, API: true},
		{Method: "GET", Pattern: "/api/v1/referrals/{id}/matches", Handler: h.APIMatches, Roles: screeners, API: true},
		{Method: "POST", Pattern: "/api/v1/referrals/{id}/screening", Handler: h.APIScreening, Roles: screeners, API: true},
	}
}
