package people

import (
	"net/http"

	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// Edit shows the form filled with the stored record.
func (h *Handlers) Edit(w http.ResponseWriter, r *http.Request) error {
	p, err := h.Svc.Get(r.Context(), r.PathValue("id"))
	if err == nil && !p.CanEdit {
		err = errs.E(errs.Forbidden, "You do not have permission to change this record")
	}
	if err != nil {
		return err
	}
	return h.showForm(w, r, http.StatusOK, formOf(p, h.Svc.today()), p)
}

// Update saves the edit form.
func (h *Handlers) Update(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	p, err := h.Svc.Update(r.Context(), id, inputFromForm(f))
	if errs.Is(err, errs.Invalid) {
		stored, gerr := h.Svc.Get(r.Context(), id)
		if gerr != nil {
			return gerr
		}
		f.Fail(err)
		return h.showForm(w, r, http.StatusUnprocessableEntity, f, stored)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/people/"+p.ID, "Changes saved")
	return nil
}
