package app

import "mace/internal/platform/access"

// mergeRoutes are the pages and API for merging two records of the same
// young person, and undoing a merge. The service checks each record: a
// lead or manager of the owning authority who can see both in full.
func (s *server) mergeRoutes() []route {
	p := s.people
	return []route{
		{Method: "GET", Pattern: "/people/{id}/merge", Handler: p.MergeChoose, Roles: access.AccessManagers},
		{Method: "GET", Pattern: "/people/{id}/merge/confirm", Handler: p.MergeConfirm, Roles: access.AccessManagers},
		{Method: "POST", Pattern: "/people/{id}/merge", Handler: p.MergeSave, Roles: access.AccessManagers},
		{Method: "POST", Pattern: "/people/{id}/merges/{merge}/undo", Handler: p.MergeUndo, Roles: access.AccessManagers},
		{Method: "POST", Pattern: "/api/v1/people/{id}/merge", Handler: p.APIMerge, Roles: access.AccessManagers, API: true},
		{Method: "POST", Pattern: "/api/v1/merges/{id}/undo", Handler: p.APIUndoMerge, Roles: access.AccessManagers, API: true},
	}
}
