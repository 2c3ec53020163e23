package admin

import (
	"net/http"

	"mace/internal/platform/auth"
	"mace/internal/platform/web"
)

type teamFormData struct {
	Org  auth.Organisation
	Team *auth.Team // nil when adding
}

func (h *Handlers) showTeamForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, o auth.Organisation, t *auth.Team) {
	title := "Add a team"
	if t != nil {
		title = "Change team details"
	}
	h.render(w, r, status, "team_form", title, f, teamFormData{Org: o, Team: t})
}

// NewTeam shows an empty form for a team of the organisation.
func (h *Handlers) NewTeam(w http.ResponseWriter, r *http.Request) error {
	o, err := h.Auth.GetOrganisation(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := mayOrg(r.Context(), o.ID); err != nil {
		return err
	}
	h.showTeamForm(w, r, http.StatusOK, web.NewForm(nil), o, nil)
	return nil
}

// CreateTeam adds a team to the organisation.
func (h *Handlers) CreateTeam(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	o, err := h.Auth.GetOrganisation(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := mayOrg(ctx, o.ID); err != nil {
		return err
	}
	_, err = h.Auth.CreateTeam(ctx, o.ID, f.Get("name"), f.Get("locality"))
	if f.Fail(err) {
		h.showTeamForm(w, r, http.StatusUnprocessableEntity, f, o, nil)
		return nil
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/admin/organisations/"+o.ID, "Team added")
	return nil
}
