package people

import (
	"net/http"

	"mace/internal/platform/web"
)

// MergeUndo undoes a merge from the kept record's merge history.
func (h *Handlers) MergeUndo(w http.ResponseWriter, r *http.Request) error {
	if _, err := web.ParseForm(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := h.Svc.UndoMerge(r.Context(), r.PathValue("merge")); err != nil {
		return err
	}
	web.Redirect(w, r, "/people/"+id, "Merge undone: the two records are separate again")
	return nil
}
