package admin

import (
	"net/http"

	"mace/internal/platform/auth"
)

type teamItem struct{ ID, Label string }

type userData struct {
	User   *auth.User
	Roles  []string
	Teams  []teamItem
	Tokens []auth.Token
}

// userPage gathers what the user page shows.
func (h *Handlers) userPage(r *http.Request, id string) (userData, error) {
	ctx := r.Context()
	u, err := h.Auth.GetUser(ctx, id)
	if err != nil {
		return userData{}, err
	}
	if err := mayUser(ctx, u); err != nil {
		return userData{}, err
	}
	d := userData{User: u, Roles: roleLabels(u.Roles)}
	teams, err := h.Auth.ListTeams(ctx, u.Organisation.ID)
	if err != nil {
		return d, err
	}
	for _, t := range teams {
		if u.InTeam(t.ID) {
			d.Teams = append(d.Teams, teamItem{t.ID, teamLabel(t, "")})
		}
	}
	d.Tokens, err = h.Auth.ListTokens(ctx, u.ID)
	return d, err
}

// User shows a user's details and API tokens.
func (h *Handlers) User(w http.ResponseWriter, r *http.Request) error {
	d, err := h.userPage(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "user", d.User.Name, nil, d)
	return nil
}

// teamLabel names a team as "Name (Organisation, Locality)", leaving out
// what is empty.
func teamLabel(t auth.Team, org string) string {
	extra := org
	if t.Locality != "" {
		if extra != "" {
			extra += ", "
		}
		extra += t.Locality
	}
	if extra == "" {
		return t.Name
	}
	return t.Name + " (" + extra + ")"
}
