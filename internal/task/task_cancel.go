package task

import (
	"net/http"

	"mace/internal/platform/web"
)

// Cancel closes a task that is no longer needed, with the reason given; a
// missing reason shows the task's page again with the problem.
func (h *Handlers) Cancel(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	_, err = h.Svc.Cancel(r.Context(), r.PathValue("id"), f.Values.Get("reason"))
	if f.Fail(err) {
		return h.showTask(w, r, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, safeNext(f.Get("next")), "Task cancelled")
	return nil
}
