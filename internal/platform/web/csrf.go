package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
)

// Cross-site request forgery is stopped twice over: net/http's
// CrossOriginProtection refuses state-changing requests that browsers mark
// as cross-site (Sec-Fetch-Site or Origin), and every form carries a token
// that must match the session's (or, before sign-in, a cookie's).

type csrfKey struct{}

// WithCSRFToken puts the token forms must carry into ctx.
func WithCSRFToken(ctx context.Context, token string) context.Context {
	return context.WithValue(ctx, csrfKey{}, token)
}

// CSRFToken is the token for forms on this request.
func CSRFToken(ctx context.Context) string {
	s, _ := ctx.Value(csrfKey{}).(string)
	return s
}

// CSRFField is the form field that carries the token.
const CSRFField = "csrf_token"

const anonCSRFCookie = "mace_csrf"

// AnonymousCSRF gives a visitor who is not signed in a token in a cookie
// (double-submit), so the sign-in form is protected too.
func AnonymousCSRF(w http.ResponseWriter, r *http.Request) context.Context {
	if c, err := r.Cookie(anonCSRFCookie); err == nil && len(c.Value) >= 32 {
		return WithCSRFToken(r.Context(), c.Value)
	}
	tok := RandomToken()
	http.SetCookie(w, &http.Cookie{Name: anonCSRFCookie, Value: tok, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: IsTLS(r)})
	return WithCSRFToken(r.Context(), tok)
}

// CheckCSRF reports whether a state-changing request carries the token of
// its context. Safe methods always pass.
func CheckCSRF(r *http.Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	want := CSRFToken(r.Context())
	got := r.PostFormValue(CSRFField)
	if got == "" {
		got = r.Header.Get("X-CSRF-Token")
	}
	return want != "" && subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}

// RandomToken is 32 random bytes, URL-safe base64.
func RandomToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// CrossOrigin is net/http's protection against cross-origin state-changing
// requests, with a plain refusal page.
func CrossOrigin(next http.Handler) http.Handler {
	p := http.NewCrossOriginProtection()
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "This request came from another site and was refused.", http.StatusForbidden)
	}))
	return p.Handler(next)
}
