package missingimport

import (
	"net/http"
)

// Committing a previewed import.

// Commit imports the previewed file's good rows (or, with action=check,
// makes the preview again).
func (h *Handlers) Commit(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	again := r.PostFormValue("action") == "check"
	if err := h.Im.Start(r.Context(), id, !again, h.Wait); err != nil {
		return err
	}
	http.Redirect(w, r, "/missing/imports/"+id, http.StatusSeeOther)
	return nil
}
