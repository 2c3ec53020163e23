package access_test

import (
	"testing"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
)

func member(id string, org auth.Organisation, teams []string, roles ...auth.Role) *auth.User {
	u := user(id, org, roles...)
	u.TeamIDs = teams
	return u
}

func TestAssignmentRules(t *testing.T) {
	mine := access.Assignment{OwnerUserID: "sw", OrganisationID: "la1"}
	teamA := access.Assignment{OwnerTeamID: "A", OrganisationID: "la1"}
	var (
		sw       = member("sw", la, []string{"A"}, auth.Practitioner)
		mate     = member("mate", la, []string{"A"}, auth.Practitioner)
		otherB   = member("b", la, []string{"B"}, auth.Screener)
		manager  = member("m", la, []string{"A"}, auth.Manager)
		leadNone = member("l", la, nil, auth.Lead)
		analyst  = member("an", la, nil, auth.Analyst)
		referrer = member("ref", la, []string{"A"}, auth.Referrer)
		farMgr   = member("fm", la2, nil, auth.Manager)
		officer  = member("p", pol, nil, auth.Police)
		gone     = &auth.User{ID: "sw", Organisation: la, Roles: []auth.Role{auth.Practitioner}, TeamIDs: []string{"A"}}
	)
	for _, tc := range []struct {
		name      string
		u         *auth.User
		a         access.Assignment
		act, know bool
	}{
		{"owner", sw, mine, true, true},
		{"colleague in the same team", mate, mine, false, true},
		{"member of the owning team", mate, teamA, true, true},
		{"member of another team", otherB, teamA, false, true},
		{"manager of the organisation", manager, mine, true, true},
		{"lead in no team", leadNone, teamA, true, true},
		{"analyst", analyst, mine, false, true},
		{"referrer in the owning team", referrer, teamA, true, true},
		{"manager of another authority", farMgr, mine, false, false},
		{"police officer", officer, teamA, false, false},
		{"inactive owner", gone, mine, false, false},
		{"signed out", nil, mine, false, false},
	} {
		if got := access.ActOn(tc.u, tc.a); got != tc.act {
			t.Errorf("%s: ActOn = %v, want %v", tc.name, got, tc.act)
		}
		if got := access.KnowOf(tc.u, tc.a); got != tc.know {
			t.Errorf("%s: KnowOf = %v, want %v", tc.name, got, tc.know)
		}
	}

	for _, tc := range []struct {
		name          string
		u             *auth.User
		team, teamOrg string
		want          bool
	}{
		{"member", sw, "A", "la1", true},
		{"member of another team", otherB, "A", "la1", false},
		{"lead of the organisation", leadNone, "B", "la1", true},
		{"manager of another authority", farMgr, "A", "la1", false},
		{"analyst", analyst, "A", "la1", false},
		{"inactive member", gone, "A", "la1", false},
		{"signed out", nil, "A", "la1", false},
	} {
		if got := access.SeeTeamWork(tc.u, tc.team, tc.teamOrg); got != tc.want {
			t.Errorf("%s: SeeTeamWork = %v, want %v", tc.name, got, tc.want)
		}
	}

	for _, tc := range []struct {
		name string
		u    *auth.User
		org  string
		want bool
	}{
		{"manager", manager, "la1", true},
		{"lead", leadNone, "la1", true},
		{"analyst", analyst, "la1", true},
		{"practitioner", sw, "la1", false},
		{"manager of another authority", farMgr, "la1", false},
		{"signed out", nil, "la1", false},
	} {
		if got := access.SeeOrganisationWork(tc.u, tc.org); got != tc.want {
			t.Errorf("%s: SeeOrganisationWork = %v, want %v", tc.name, got, tc.want)
		}
	}

	teamB := access.Assignee{TeamID: "B", OrganisationID: "la1"}
	toMate := access.Assignee{UserID: "mate", TeamIDs: []string{"A"}, OrganisationID: "la1"}
	toB := access.Assignee{UserID: "b", TeamIDs: []string{"B"}, OrganisationID: "la1"}
	for _, tc := range []struct {
		name string
		u    *auth.User
		a    access.Assignment
		to   access.Assignee
		want bool
	}{
		{"owner to a teammate", sw, mine, toMate, true},
		{"owner to their own team", sw, mine, access.Assignee{TeamID: "A", OrganisationID: "la1"}, true},
		{"owner to another team", sw, mine, teamB, false},
		{"owner to someone in another team", sw, mine, toB, false},
		{"member of another team takes the team's task", otherB, access.Assignment{OwnerTeamID: "B", OrganisationID: "la1"}, toB, true},
		{"member of the owning team to themself", mate, teamA, toMate, true},
		{"someone who may not act", mate, mine, toMate, false},
		{"manager to any team", manager, mine, teamB, true},
		{"manager to anyone in the organisation", manager, mine, toB, true},
		{"never outside the organisation", manager, mine, access.Assignee{TeamID: "P", OrganisationID: "pol"}, false},
		{"not a user and a team at once", manager, mine, access.Assignee{UserID: "b", TeamID: "B", OrganisationID: "la1"}, false},
		{"no one", manager, mine, access.Assignee{OrganisationID: "la1"}, false},
		{"signed out", nil, mine, toMate, false},
	} {
		if got := access.AssignTo(tc.u, tc.a, tc.to); got != tc.want {
			t.Errorf("%s: AssignTo = %v, want %v", tc.name, got, tc.want)
		}
	}
}
