package rhiquality

import (
	"net/http"

	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// Adding and retiring audit standards.

// AddStandard adds a standard from the form.
func (h *Handlers) AddStandard(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	st, err := h.Svc.AddStandard(r.Context(), StandardInput{Code: f.Get("code"), Statement: f.Get("statement"),
		Guidance: f.Values.Get("guidance")})
	if f.Fail(err) || (errs.Is(err, errs.Conflict) && len(errs.Fields(err)) > 0) {
		if errs.Is(err, errs.Conflict) {
			f.Errors = append(f.Errors, errs.Fields(err)...)
		}
		return h.showStandards(w, r, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/return-interview-audits/standards", "Standard "+st.Code+" added")
	return nil
}

// RetireStandard retires the standard named in the path.
func (h *Handlers) RetireStandard(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	if err := h.Svc.RetireStandard(r.Context(), code); err != nil {
		return err
	}
	web.Redirect(w, r, "/return-interview-audits/standards", "Standard "+code+" retired")
	return nil
}
