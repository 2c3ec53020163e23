package notify

import (
	"net/http"

	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// MarkRead marks one of the user's own notices read and goes back to the
// list.
func (h *Handlers) MarkRead(w http.ResponseWriter, r *http.Request) error {
	u := auth.UserFrom(r.Context())
	if u == nil {
		return errs.E(errs.Unauthenticated, "Sign in to see your notices")
	}
	if err := h.Notices.MarkRead(r.Context(), u.ID, r.PathValue("id")); err != nil {
		return err
	}
	web.Redirect(w, r, "/notices", "Notice marked as read")
	return nil
}
