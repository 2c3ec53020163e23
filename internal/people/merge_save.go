package people

import (
	"net/http"
	"strconv"

	"mace/internal/platform/web"
)

// MergeSave merges the records confirmed on the confirmation page.
func (h *Handlers) MergeSave(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	id, dup := r.PathValue("id"), f.Get("duplicate_id")
	// The form always sends the versions it showed; one missing or
	// mangled is never a stored version, so the merge is refused.
	version := func(name string) int {
		n, err := strconv.Atoi(f.Get(name))
		if err != nil || n < 1 {
			return -1
		}
		return n
	}
	_, err = h.Svc.MergeRecords(r.Context(), MergeRequest{KeepID: id, DuplicateID: dup, Reason: f.Get("reason"),
		KeepVersion: version("keep_version"), DuplicateVersion: version("duplicate_version")})
	if f.Fail(err) {
		// A problem with the duplicate sends the user back to choose.
		return h.showConfirm(w, r, http.StatusUnprocessableEntity, f, dup)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/people/"+id, "Records merged")
	return nil
}
