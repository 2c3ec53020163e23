package consultation

import (
	"net/http"

	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// Edit shows the form filled with the stored consultation.
func (h *Handlers) Edit(w http.ResponseWriter, r *http.Request) error {
	c, err := h.Svc.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if c.Hidden {
		return errRestricted
	}
	if !c.CanEdit {
		return errMayNotChange
	}
	return h.showForm(w, r, http.StatusOK, formOf(c), c)
}

// Update saves the edit form (or searches for a person record to link).
func (h *Handlers) Update(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if f.Get("action") == "find-person" {
		return h.showStored(w, r, http.StatusOK, f, id)
	}
	c, err := h.Svc.Update(r.Context(), id, inputFromForm(f))
	if errs.Is(err, errs.Invalid) {
		f.Fail(err)
		return h.showStored(w, r, http.StatusUnprocessableEntity, f, id)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/consultations/"+c.ID, "Changes saved")
	return nil
}

// showStored shows the edit form as typed, for the consultation id.
func (h *Handlers) showStored(w http.ResponseWriter, r *http.Request, status int, f *web.Form, id string) error {
	stored, err := h.Svc.Get(r.Context(), id)
	if err != nil {
		return err
	}
	if stored.Hidden {
		return errRestricted
	}
	if !stored.CanEdit {
		return errMayNotChange
	}
	return h.showForm(w, r, status, f, stored)
}
