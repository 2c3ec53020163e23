package app

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

const sessionCookie = "mace_session"

// authenticate finds who is making the request: a bearer token on the API,
// or the session cookie, and puts the user, the CSRF token and the client
// address into the request context.
func (s *server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The metrics check their own bearer token, not a user's.
		if strings.HasPrefix(r.URL.Path, "/assets/") || r.URL.Path == "/metrics" {
			next.ServeHTTP(w, r)
			return
		}
		ctx := audit.WithAddress(r.Context(), web.ClientAddress(r, s.cfg.TrustProxy))
		r = r.WithContext(ctx)
		if h := r.Header.Get("Authorization"); h != "" {
			tok, ok := strings.CutPrefix(h, "Bearer ")
			if !ok || !strings.HasPrefix(r.URL.Path, "/api/") {
				web.JSONErrorStatus(w, http.StatusUnauthorized, web.APIError{Error: "Send an API token as Authorization: Bearer TOKEN", Kind: "unauthenticated"})
				return
			}
			u, err := s.svc.Auth.UserByToken(ctx, strings.TrimSpace(tok))
			if err != nil {
				web.JSONError(w, r, s.log, err)
				return
			}
			web.NoteUser(ctx, u)
			// A bearer token is not sent by browsers on their own, so
			// the request needs no CSRF token: mark it as carrying one.
			ctx = web.WithCSRFToken(auth.WithUser(ctx, u), bearerMark)
			next.ServeHTTP(w, r.WithContext(ctx))
			return
		}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			u, sess, err := s.svc.Auth.Session(ctx, c.Value)
			if err == nil {
				web.NoteUser(ctx, u)
				ctx = web.WithCSRFToken(auth.WithUser(ctx, u), sess.CSRFToken)
				next.ServeHTTP(w, r.WithContext(ctx))
				return
			}
			if !errs.Is(err, errs.Unauthenticated) {
				s.r.Error(w, r, err)
				return
			}
			clearSessionCookie(w, r)
		}
		next.ServeHTTP(w, r.WithContext(web.AnonymousCSRF(w, r)))
	})
}

const bearerMark = "bearer"

func setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: web.IsTLS(r)})
}

func clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: web.IsTLS(r)})
}

// guard applies a route's rules: sign-in, roles, and the CSRF token on
// state-changing requests.
func (s *server) guard(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		web.NoteRoute(r.Context(), r.Pattern)
		noteFlight(r.Context(), r.Pattern)
		fail := func(err error) {
			if rt.API {
				web.JSONError(w, r, s.log, err)
			} else {
				s.r.Error(w, r, err)
			}
		}
		u := auth.UserFrom(r.Context())
		if !rt.Public {
			if u == nil {
				if rt.API {
					fail(errs.E(errs.Unauthenticated, "Send an API token as Authorization: Bearer TOKEN"))
					return
				}
				web.SignInRedirect(w, r)
				return
			}
			if len(rt.Roles) > 0 && !slices.ContainsFunc(rt.Roles, func(role auth.Role) bool { return u.Has(role) }) {
				fail(errs.E(errs.Forbidden, "Your role does not give you access to this"))
				return
			}
		}
		limit := max(rt.MaxBody, s.cfg.MaxBody)
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		if multipartTooLarge(r) {
			fail(errs.E(errs.Invalid, "The file is too large to upload: choose one smaller than %d MB", limit>>20))
			return
		}
		if web.CSRFToken(r.Context()) != bearerMark && !web.CheckCSRF(r) {
			fail(errs.E(errs.Forbidden, "This form has expired or did not come from this service. Go back, reload the page and try again."))
			return
		}
		if err := rt.Handler(w, r); err != nil {
			fail(err)
		}
	})
}

// multipartTooLarge reads a posted multipart form (so that its CSRF token can
// be checked) and reports whether it was larger than the route allows.
func multipartTooLarge(r *http.Request) bool {
	if r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return false
	}
	var tooBig *http.MaxBytesError
	return errors.As(r.ParseMultipartForm(32<<20), &tooBig)
}
