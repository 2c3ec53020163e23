package admin

import (
	"net/http"
	"slices"

	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// RevokeToken revokes an API token and goes back to its user's page. The
// form names the user (user_id), who must own the token and be one the
// administrator manages.
func (h *Handlers) RevokeToken(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	id, userID := r.PathValue("id"), f.Get("user_id")
	notFound := errs.E(errs.NotFound, "The API token was not found")
	if userID == "" {
		return notFound
	}
	u, err := h.Auth.GetUser(ctx, userID)
	if errs.Is(err, errs.NotFound) {
		return notFound
	}
	if err != nil {
		return err
	}
	if err := mayUser(ctx, u); err != nil {
		return err
	}
	tokens, err := h.Auth.ListTokens(ctx, userID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(tokens, func(t auth.Token) bool { return t.ID == id }) {
		return notFound
	}
	if err := h.Auth.RevokeToken(ctx, id); err != nil {
		return err
	}
	web.Redirect(w, r, "/admin/users/"+userID, "API token revoked")
	return nil
}
