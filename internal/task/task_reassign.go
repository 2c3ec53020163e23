package task

import (
	"net/http"

	"mace/internal/platform/web"
)

// Reassign gives a task to the team or person chosen.
func (h *Handlers) Reassign(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	if f.Get("owner") == "" {
		f.SetError("owner", "Select the team or person to give the task to")
		return h.showTask(w, r, http.StatusUnprocessableEntity, f)
	}
	_, err = h.Svc.Reassign(r.Context(), r.PathValue("id"), ParseOwner(f.Get("owner")))
	if f.Fail(err) {
		return h.showTask(w, r, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, safeNext(f.Get("next")), "Task reassigned")
	return nil
}
