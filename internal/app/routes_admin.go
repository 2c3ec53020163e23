package app

import "mace/internal/platform/access"

// adminRoutes are the administration pages: teams, users and their API
// tokens for administrators (each of their own organisation; the handlers
// check which), organisations and bank holidays for partnership
// administrators; and everyone's own API tokens.
func (s *server) adminRoutes() []route {
	a := s.admin
	partnership := []route{
		{Method: "GET", Pattern: "/admin/organisations/new", Handler: a.NewOrganisation},
		{Method: "POST", Pattern: "/admin/organisations", Handler: a.CreateOrganisation},
		{Method: "GET", Pattern: "/admin/organisations/{id}/edit", Handler: a.EditOrganisation},
		{Method: "POST", Pattern: "/admin/organisations/{id}", Handler: a.UpdateOrganisation},
		{Method: "GET", Pattern: "/admin/calendar", Handler: a.BankHolidays},
		{Method: "POST", Pattern: "/admin/calendar/holidays", Handler: a.AddBankHoliday},
		{Method: "POST", Pattern: "/admin/calendar/holidays/remove", Handler: a.RemoveBankHoliday},
	}
	for i := range partnership {
		partnership[i].Roles = access.PartnershipAdmins
	}
	rs := []route{
		{Method: "GET", Pattern: "/admin", Handler: a.Index},
		{Method: "GET", Pattern: "/admin/organisations", Handler: a.Organisations},
		{Method: "GET", Pattern: "/admin/organisations/{id}", Handler: a.Organisation},
		{Method: "GET", Pattern: "/admin/organisations/{id}/teams/new", Handler: a.NewTeam},
		{Method: "POST", Pattern: "/admin/organisations/{id}/teams", Handler: a.CreateTeam},
		{Method: "GET", Pattern: "/admin/teams/{id}/edit", Handler: a.EditTeam},
		{Method: "POST", Pattern: "/admin/teams/{id}", Handler: a.UpdateTeam},
		{Method: "GET", Pattern: "/admin/users", Handler: a.Users},
		{Method: "GET", Pattern: "/admin/users/new", Handler: a.NewUser},
		{Method: "POST", Pattern: "/admin/users", Handler: a.CreateUser},
		{Method: "GET", Pattern: "/admin/users/{id}", Handler: a.User},
		{Method: "GET", Pattern: "/admin/users/{id}/edit", Handler: a.EditUser},
		{Method: "POST", Pattern: "/admin/users/{id}", Handler: a.UpdateUser},
		{Method: "POST", Pattern: "/admin/tokens/{id}/revoke", Handler: a.RevokeToken},
	}
	for i := range rs {
		rs[i].Roles = access.Admins
	}
	// Anyone signed in: their own tokens.
	own := []route{
		{Method: "GET", Pattern: "/account/tokens", Handler: a.OwnTokens},
		{Method: "POST", Pattern: "/account/tokens", Handler: a.CreateOwnToken},
		{Method: "POST", Pattern: "/account/tokens/{id}/revoke", Handler: a.RevokeOwnToken},
	}
	return append(append(rs, partnership...), own...)
}
