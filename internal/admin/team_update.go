package admin

import (
	"net/http"

	"mace/internal/platform/web"
)

// EditTeam shows the form filled with the stored team.
func (h *Handlers) EditTeam(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	t, err := h.Auth.GetTeam(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := mayOrg(ctx, t.OrganisationID); err != nil {
		return err
	}
	o, err := h.Auth.GetOrganisation(ctx, t.OrganisationID)
	if err != nil {
		return err
	}
	f := web.NewForm(nil)
	f.Values.Set("name", t.Name)
	f.Values.Set("locality", t.Locality)
	h.showTeamForm(w, r, http.StatusOK, f, o, &t)
	return nil
}

// UpdateTeam saves the team form.
func (h *Handlers) UpdateTeam(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	t, err := h.Auth.GetTeam(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := mayOrg(ctx, t.OrganisationID); err != nil {
		return err
	}
	o, err := h.Auth.GetOrganisation(ctx, t.OrganisationID)
	if err != nil {
		return err
	}
	_, err = h.Auth.UpdateTeam(ctx, t.ID, f.Get("name"), f.Get("locality"))
	if f.Fail(err) {
		h.showTeamForm(w, r, http.StatusUnprocessableEntity, f, o, &t)
		return nil
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/admin/organisations/"+o.ID, "Changes saved")
	return nil
}
