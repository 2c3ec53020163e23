package admin

import (
	"net/http"

	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// EditUser shows the form filled with the stored user.
func (h *Handlers) EditUser(w http.ResponseWriter, r *http.Request) error {
	u, err := h.Auth.GetUser(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := mayUser(r.Context(), u); err != nil {
		return err
	}
	return h.showUserForm(w, r, http.StatusOK, formOf(u), u)
}

// UpdateUser saves the user form. A blank password keeps the current one.
func (h *Handlers) UpdateUser(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	id := r.PathValue("id")
	old, err := h.Auth.GetUser(ctx, id)
	if err != nil {
		return err
	}
	in := inputFromForm(f)
	if err := mayUser(ctx, old); err != nil {
		return err
	}
	if err := mayGive(ctx, old, in); err != nil {
		return err
	}
	_, err = h.Auth.UpdateUser(ctx, id, in)
	if errs.Is(err, errs.Invalid) {
		stored, gerr := h.Auth.GetUser(ctx, id)
		if gerr != nil {
			return gerr
		}
		f.Fail(err)
		inFormOrder(f)
		return h.showUserForm(w, r, http.StatusUnprocessableEntity, f, stored)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/admin/users/"+id, "Changes saved")
	return nil
}
