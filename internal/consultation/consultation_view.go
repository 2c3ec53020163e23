package consultation

import (
	"net/http"

	"mace/internal/platform/web"
)

// View shows a consultation.
func (h *Handlers) View(w http.ResponseWriter, r *http.Request) error {
	c, err := h.Svc.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if c.Hidden {
		h.R.Render(w, r, http.StatusOK, "consultation/hidden", web.Page{Title: "Consultation", Nav: "consultations", Data: c})
		return nil
	}
	h.R.Render(w, r, http.StatusOK, "consultation/view", web.Page{Title: "Consultation", Nav: "consultations", Data: c})
	return nil
}
