package admin

import (
	"net/http"

	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

type tokenData struct {
	User  *auth.User
	Token auth.Token
	Plain string
}

// CreateToken makes an API token for the user and shows its plaintext, once,
// on the page it answers with: it is never put in a web address or cookie,
// and cannot be shown again.
func (h *Handlers) CreateToken(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	u, err := h.Auth.GetUser(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	plain, t, err := h.Auth.CreateToken(ctx, u.ID, f.Get("name"))
	if errs.Is(err, errs.Invalid) {
		d, derr := h.userPage(r, u.ID)
		if derr != nil {
			return derr
		}
		f.Fail(err)
		h.render(w, r, http.StatusUnprocessableEntity, "user", u.Name, f, d)
		return nil
	}
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "token", "API token created", nil, tokenData{User: u, Token: t, Plain: plain})
	return nil
}
