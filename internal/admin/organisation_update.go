package admin

import (
	"net/http"

	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// EditOrganisation shows the form filled with the stored organisation.
func (h *Handlers) EditOrganisation(w http.ResponseWriter, r *http.Request) error {
	if err := mayPartnership(r.Context()); err != nil {
		return err
	}
	o, err := h.Auth.GetOrganisation(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	f := web.NewForm(nil)
	f.Values.Set("name", o.Name)
	f.Values.Set("type", string(o.Type))
	h.showOrgForm(w, r, http.StatusOK, f, &o)
	return nil
}

// UpdateOrganisation saves the organisation form.
func (h *Handlers) UpdateOrganisation(w http.ResponseWriter, r *http.Request) error {
	if err := mayPartnership(r.Context()); err != nil {
		return err
	}
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	id := r.PathValue("id")
	_, err = h.Auth.UpdateOrganisation(ctx, id, f.Get("name"), auth.OrgType(f.Get("type")))
	if errs.Is(err, errs.Invalid) {
		stored, gerr := h.Auth.GetOrganisation(ctx, id)
		if gerr != nil {
			return gerr
		}
		f.Fail(err)
		h.showOrgForm(w, r, http.StatusUnprocessableEntity, f, &stored)
		return nil
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/admin/organisations/"+id, "Changes saved")
	return nil
}
