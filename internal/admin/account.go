package admin

import (
	"net/http"
	"slices"

	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// The account pages are each signed-in person's own: their API tokens,
// which only they create (a token acts as its user), and revoke. An
// administrator of their organisation may revoke them too, from the user's
// administration page.

type accountTokensData struct {
	User   *auth.User
	Tokens []auth.Token
}

func (h *Handlers) showOwnTokens(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	u, err := auth.Actor(r.Context())
	if err != nil {
		return err
	}
	tokens, err := h.Auth.ListTokens(r.Context(), u.ID)
	if err != nil {
		return err
	}
	h.R.Render(w, r, status, "admin/account_tokens", web.Page{Title: "Your API tokens", Form: f,
		Data: accountTokensData{User: u, Tokens: tokens}})
	return nil
}

// OwnTokens lists the signed-in person's API tokens, with a form to create
// one.
func (h *Handlers) OwnTokens(w http.ResponseWriter, r *http.Request) error {
	return h.showOwnTokens(w, r, http.StatusOK, web.NewForm(nil))
}

// CreateOwnToken makes an API token for the signed-in person and shows its
// plaintext, once, on the page it answers with: it is never put in a web
// address or cookie, and cannot be shown again.
func (h *Handlers) CreateOwnToken(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	u, err := auth.Actor(r.Context())
	if err != nil {
		return err
	}
	plain, t, err := h.Auth.CreateToken(r.Context(), u.ID, f.Get("name"))
	if errs.Is(err, errs.Invalid) {
		f.Fail(err)
		return h.showOwnTokens(w, r, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	h.R.Render(w, r, http.StatusOK, "admin/token", web.Page{Title: "API token created",
		Data: tokenData{User: u, Token: t, Plain: plain}})
	return nil
}

type tokenData struct {
	User  *auth.User
	Token auth.Token
	Plain string
}

// RevokeOwnToken revokes one of the signed-in person's API tokens.
func (h *Handlers) RevokeOwnToken(w http.ResponseWriter, r *http.Request) error {
	u, err := auth.Actor(r.Context())
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	tokens, err := h.Auth.ListTokens(r.Context(), u.ID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(tokens, func(t auth.Token) bool { return t.ID == id }) {
		return errs.E(errs.NotFound, "The API token was not found")
	}
	if err := h.Auth.RevokeToken(r.Context(), id); err != nil {
		return err
	}
	web.Redirect(w, r, "/account/tokens", "API token revoked")
	return nil
}
