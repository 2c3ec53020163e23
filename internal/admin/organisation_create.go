package admin

import (
	"net/http"

	"mace/internal/platform/auth"
	"mace/internal/platform/choice"
	"mace/internal/platform/web"
)

type orgFormData struct {
	Org   *auth.Organisation // nil when adding
	Types []choice.Option
}

func (h *Handlers) showOrgForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, o *auth.Organisation) {
	d := orgFormData{Org: o}
	for _, t := range auth.OrgTypes {
		d.Types = append(d.Types, choice.Option{Value: string(t.Type), Label: t.Label})
	}
	title := "Add an organisation"
	if o != nil {
		title = "Change organisation details"
	}
	h.render(w, r, status, "organisation_form", title, f, d)
}

// NewOrganisation shows an empty organisation form.
func (h *Handlers) NewOrganisation(w http.ResponseWriter, r *http.Request) error {
	if err := mayPartnership(r.Context()); err != nil {
		return err
	}
	h.showOrgForm(w, r, http.StatusOK, web.NewForm(nil), nil)
	return nil
}

// CreateOrganisation adds an organisation from the form.
func (h *Handlers) CreateOrganisation(w http.ResponseWriter, r *http.Request) error {
	if err := mayPartnership(r.Context()); err != nil {
		return err
	}
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	o, err := h.Auth.CreateOrganisation(r.Context(), f.Get("name"), auth.OrgType(f.Get("type")))
	if f.Fail(err) {
		h.showOrgForm(w, r, http.StatusUnprocessableEntity, f, nil)
		return nil
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/admin/organisations/"+o.ID, "Organisation added")
	return nil
}
