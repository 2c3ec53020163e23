package access_test

import (
	"slices"
	"testing"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
)

func TestSeeTeammatesWork(t *testing.T) {
	gone := member("g", la, []string{"A"}, auth.Manager)
	gone.Active = false
	for _, tc := range []struct {
		name string
		u    *auth.User
		want bool
	}{
		{"manager in a team", member("m", la, []string{"A"}, auth.Manager), true},
		{"manager in no team", member("m", la, nil, auth.Manager), false},
		{"lead in a team", member("l", la, []string{"A"}, auth.Lead), false},
		{"practitioner in a team", member("p", la, []string{"A"}, auth.Practitioner), false},
		{"inactive manager", gone, false},
		{"signed out", nil, false},
	} {
		if got := access.SeeTeammatesWork(tc.u); got != tc.want {
			t.Errorf("%s: SeeTeammatesWork = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestTeamMembers(t *testing.T) {
	staff := []*auth.User{
		member("a1", la, []string{"A"}, auth.Practitioner),
		member("ab", la, []string{"B", "A"}, auth.Screener),
		member("b1", la, []string{"B"}, auth.Practitioner),
		member("none", la, nil, auth.Practitioner),
		member("me", la, []string{"A"}, auth.Manager),
	}
	for _, tc := range []struct {
		name   string
		teams  []string
		except string
		want   []string
	}{
		{"one team, without the asker", []string{"A"}, "me", []string{"a1", "ab"}},
		{"one team, everyone", []string{"A"}, "", []string{"a1", "ab", "me"}},
		{"two teams", []string{"A", "B"}, "me", []string{"a1", "ab", "b1"}},
		{"a team nobody is in", []string{"C"}, "", nil},
		{"no teams", nil, "", nil},
	} {
		if got := access.TeamMembers(staff, tc.teams, tc.except); !slices.Equal(got, tc.want) {
			t.Errorf("%s: TeamMembers = %q, want %q", tc.name, got, tc.want)
		}
	}
}
