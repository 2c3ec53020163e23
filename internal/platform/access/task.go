package access

import (
	"slices"

	"mace/internal/platform/auth"
)

// Whose tasks a user's lists take in besides their own and their teams'.

// SeeTeammatesWork reports whether u's own list of work also shows the open
// tasks of the other members of u's teams: a manager's does, once they are
// in a team.
func SeeTeammatesWork(u *auth.User) bool {
	return active(u) && u.Has(auth.Manager) && len(u.TeamIDs) > 0
}

// TeamMembers are the ids of the staff who belong to any of the teams, but
// not the user except: those whose tasks are the teams' work besides the
// teams' own. Only staff of the teams' organisation should be passed.
func TeamMembers(staff []*auth.User, teamIDs []string, except string) []string {
	var ids []string
	for _, other := range staff {
		if other.ID != except && slices.ContainsFunc(other.TeamIDs, func(id string) bool { return slices.Contains(teamIDs, id) }) {
			ids = append(ids, other.ID)
		}
	}
	return ids
}
