package app

import "mace/internal/platform/access"

// webRoutes are the pages people use.
func (s *server) webRoutes() []route {
	p := s.people
	return []route{
		{Method: "GET", Pattern: "/{$}", Handler: s.home},
		{Method: "GET", Pattern: "/sign-in", Handler: s.signInPage, Public: true},
		{Method: "POST", Pattern: "/sign-in", Handler: s.signIn, Public: true},
		{Method: "POST", Pattern: "/sign-out", Handler: s.signOut, Public: true},
		{Method: "GET", Pattern: "/people", Handler: p.List, Roles: access.RecordReaders},
		{Method: "GET", Pattern: "/people/new", Handler: p.New, Roles: access.RecordWriters},
		{Method: "POST", Pattern: "/people", Handler: p.Create, Roles: access.RecordWriters},
		{Method: "GET", Pattern: "/people/{id}", Handler: p.View, Roles: access.RecordReaders},
		{Method: "GET", Pattern: "/people/{id}/edit", Handler: p.Edit, Roles: access.RecordWriters},
		{Method: "POST", Pattern: "/people/{id}", Handler: p.Update, Roles: access.RecordWriters},
		{Method: "GET", Pattern: "/people/{id}/audit", Handler: p.WhoHasSeen, Roles: access.AuditReaders},
		{Method: "GET", Pattern: "/people/{id}/access", Handler: p.Access, Roles: access.AccessManagers},
		{Method: "POST", Pattern: "/people/{id}/access/restrict", Handler: p.Restrict, Roles: access.AccessManagers},
		{Method: "POST", Pattern: "/people/{id}/access/grant", Handler: p.Grant, Roles: access.AccessManagers},
	}
}
