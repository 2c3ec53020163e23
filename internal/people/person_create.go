package people

import (
	"net/http"
	"net/url"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// New shows an empty person form.
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) error {
	if !canCreate(r) {
		return errs.E(errs.Forbidden, "You do not have permission to create person records")
	}
	f := web.NewForm(url.Values{"kind": {Child}, "idempotency_key": {web.RandomToken()}, "addresses-0-line": {""}})
	if u := auth.UserFrom(r.Context()); u.Organisation.Type == auth.LocalAuthority {
		f.Values.Set("owning_authority_id", u.Organisation.ID)
	}
	return h.showForm(w, r, http.StatusOK, f, nil)
}

func (h *Handlers) showForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, p *Person) error {
	d, err := h.formData(r, f, p)
	if err != nil {
		return err
	}
	title := "Add a person"
	if p != nil {
		title = "Change " + p.Name() + "’s details"
	}
	h.R.Render(w, r, status, "people/form", web.Page{Title: title, Nav: "people", Form: f, Data: d})
	return nil
}

// Create saves a new person from the form; a double submit returns the
// first submission's record.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	key, err := web.FormKey(r)
	if err != nil {
		return err
	}
	p, err := h.Svc.Create(r.Context(), inputFromForm(f), key)
	if f.Fail(err) {
		return h.showForm(w, r, http.StatusUnprocessableEntity, f, nil)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/people/"+p.ID, "Person record created")
	return nil
}

func canCreate(r *http.Request) bool { return access.Create(auth.UserFrom(r.Context())) }
