package philomena

import (
	"net/http"

	"mace/internal/platform/web"
)

// Print shows the printable one-page view for the police.
func (h *Handlers) Print(w http.ResponseWriter, r *http.Request) error {
	v, err := h.Svc.Print(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	h.R.Render(w, r, http.StatusOK, "philomena/print", web.Page{Title: "Philomena profile for printing: " + v.Person.Name(),
		Nav: "people", Data: v, Now: h.Svc.Now()})
	return nil
}
