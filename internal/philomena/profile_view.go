package philomena

import (
	"net/http"

	"mace/internal/platform/web"
)

// View shows a child's profile.
func (h *Handlers) View(w http.ResponseWriter, r *http.Request) error {
	v, err := h.Svc.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	h.R.Render(w, r, http.StatusOK, "philomena/view", web.Page{Title: "Philomena profile: " + v.Person.Name(), Nav: "people", Data: v})
	return nil
}
