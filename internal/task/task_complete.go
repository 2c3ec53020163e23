package task

import (
	"net/http"

	"mace/internal/platform/web"
)

// Complete marks a task done and goes back to My work.
func (h *Handlers) Complete(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	if _, err := h.Svc.Complete(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	web.Redirect(w, r, safeNext(f.Get("next")), "Task marked as done")
	return nil
}
