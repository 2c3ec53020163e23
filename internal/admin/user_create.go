package admin

import (
	"net/http"
	"net/url"

	"mace/internal/platform/web"
)

// NewUser shows an empty user form; a new user can sign in unless unticked.
// ?organisation_id= chooses the organisation to start with.
func (h *Handlers) NewUser(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(url.Values{"active": {"yes"}})
	if org := r.URL.Query().Get("organisation_id"); org != "" {
		f.Values.Set("organisation_id", org)
	}
	return h.showUserForm(w, r, http.StatusOK, f, nil)
}

// CreateUser adds a user from the form.
func (h *Handlers) CreateUser(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	in := inputFromForm(f)
	if err := mayGive(r.Context(), nil, in); err != nil {
		return err
	}
	u, err := h.Auth.CreateUser(r.Context(), in)
	if f.Fail(err) {
		inFormOrder(f)
		return h.showUserForm(w, r, http.StatusUnprocessableEntity, f, nil)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/admin/users/"+u.ID, "User added")
	return nil
}
