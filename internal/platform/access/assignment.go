package access

import (
	"slices"

	"mace/internal/platform/auth"
)

// Who may see and change assigned work: tasks and other steps with an
// owner. These rules concern only the owner (a user or a team) and the
// owning organisation; the record the work links to keeps its own rules
// (View, Edit) above.

// Assignment is what the rules need to know about a piece of assigned work:
// its owner, a user or a team (exactly one is set), and the organisation
// that owns it.
type Assignment struct {
	OwnerUserID    string
	OwnerTeamID    string
	OrganisationID string
}

// Assignee is someone work could be given to: a user (UserID, with the
// teams they belong to) or a team (TeamID), of OrganisationID.
type Assignee struct {
	UserID         string
	TeamID         string
	TeamIDs        []string // the user's teams; empty for a team
	OrganisationID string
}

// overseer reports whether u is a lead or manager of the organisation.
func overseer(u *auth.User, orgID string) bool {
	return u.Organisation.ID == orgID && u.Has(auth.Lead, auth.Manager)
}

func active(u *auth.User) bool { return u != nil && u.Active }

// ActOn reports whether u may complete, cancel or reassign the work: its
// owner, a member of its owning team, or a lead or manager of its
// organisation.
func ActOn(u *auth.User, a Assignment) bool {
	if !active(u) {
		return false
	}
	switch {
	case a.OwnerUserID != "" && a.OwnerUserID == u.ID:
		return true
	case a.OwnerTeamID != "" && u.InTeam(a.OwnerTeamID):
		return true
	}
	return overseer(u, a.OrganisationID)
}

// KnowOf reports whether u may know that the work exists (and see it):
// anyone who may act on it, and the staff of its organisation.
func KnowOf(u *auth.User, a Assignment) bool {
	return ActOn(u, a) || (active(u) && u.Organisation.ID == a.OrganisationID)
}

// SeeTeamWork reports whether u may list a team's work (the team's own and
// its members'): its members, and the leads and managers of the team's
// organisation.
func SeeTeamWork(u *auth.User, teamID, teamOrgID string) bool {
	if !active(u) {
		return false
	}
	return u.InTeam(teamID) || overseer(u, teamOrgID)
}

// SeeOrganisationWork reports whether u may see all of an organisation's
// work, such as its overdue list: its leads, managers and analysts.
func SeeOrganisationWork(u *auth.User, orgID string) bool {
	return active(u) && u.Organisation.ID == orgID && u.Has(auth.Lead, auth.Manager, auth.Analyst)
}

// AssignTo reports whether u may give the work a to the assignee to. Work
// stays within its organisation. A lead or manager of the organisation may
// give it to any of its teams or staff; anyone else who may act on it may
// give it to one of their own teams or a member of one (a teammate), or to
// the team that owns it now or one of its members.
func AssignTo(u *auth.User, a Assignment, to Assignee) bool {
	if !ActOn(u, a) || to.OrganisationID != a.OrganisationID || (to.UserID == "") == (to.TeamID == "") {
		return false
	}
	if overseer(u, a.OrganisationID) {
		return true
	}
	near := func(teamID string) bool { return u.InTeam(teamID) || (teamID != "" && teamID == a.OwnerTeamID) }
	if to.TeamID != "" {
		return near(to.TeamID)
	}
	return to.UserID == u.ID || slices.ContainsFunc(to.TeamIDs, near)
}
