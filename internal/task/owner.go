package task

import (
	"context"

	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
)

// UserLister lists an organisation's users (auth.Service provides it).
type UserLister interface {
	ListUsers(ctx context.Context, orgID string) ([]*auth.User, error)
}

// DefaultOwner is who a new task of an authority goes to when no one in
// particular is named: the team with the most active staff holding one of
// the roles (tried in order, ties to the lower team id), such as the front
// door for screeners or the missing team for coordinators; else the first
// active user with the role. When no one holds any of the roles it returns
// a NotFound error; any other error is the directory's and must not be
// taken for "no one".
func DefaultOwner(ctx context.Context, dir UserLister, orgID string, roles ...auth.Role) (Owner, error) {
	users, err := dir.ListUsers(ctx, orgID)
	if err != nil {
		return Owner{}, errs.Wrap(err, "reading the authority's staff")
	}
	for _, role := range roles {
		count := map[string]int{}
		best, firstUser := "", ""
		for _, u := range users {
			if !u.Active || !u.Has(role) {
				continue
			}
			if firstUser == "" {
				firstUser = u.ID
			}
			for _, t := range u.TeamIDs {
				count[t]++
				if count[t] > count[best] || (count[t] == count[best] && t < best) {
					best = t
				}
			}
		}
		switch {
		case best != "":
			return Owner{TeamID: best}, nil
		case firstUser != "":
			return Owner{UserID: firstUser}, nil
		}
	}
	return Owner{}, errs.E(errs.NotFound, "No one in the authority holds the roles %v", roles)
}
