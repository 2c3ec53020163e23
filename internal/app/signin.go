package app

import (
	"embed"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

//go:embed templates/*.html
var templates embed.FS

type homeData struct {
	CanSeePeople, CanAddPeople, CanAdminister bool
	CanScreen                                 bool
	CanSeeConsultations, CanLogConsultations  bool
	Roles                                     []string
	UnreadNotices                             int
}

// home says what the service is and where to go.
func (s *server) home(w http.ResponseWriter, r *http.Request) error {
	u := auth.UserFrom(r.Context())
	d := homeData{
		CanSeePeople:        u.Has(access.RecordReaders...),
		CanAddPeople:        access.Create(u),
		CanAdminister:       access.Administer(u),
		CanSeeConsultations: access.ReadConsultations(u),
		CanLogConsultations: access.LogConsultation(u),
		CanScreen:           access.ScreeningQueue(u),
	}
	for _, role := range u.Roles {
		d.Roles = append(d.Roles, auth.RoleLabel(role))
	}
	n, err := s.svc.Notices.UnreadCount(r.Context(), u.ID)
	if err != nil {
		return err
	}
	d.UnreadNotices = n
	s.r.Render(w, r, http.StatusOK, "app/home", web.Page{Title: "Home", Nav: "home", Data: d})
	return nil
}

// safeNext keeps a post-sign-in destination on this service: a path, with
// no scheme or host, that no browser could read as another site's address.
// Browsers drop tabs and newlines from a Location and read a backslash as a
// slash, so "/\t/evil.example" and "/\\evil.example" lead to evil.example:
// any control or space character, any backslash, and any start of "//" are
// refused. Anything else goes home.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsRune(next, '\\') {
		return "/"
	}
	for _, c := range next {
		if c < 0x21 || c == 0x7f || unicode.IsSpace(c) || !unicode.IsGraphic(c) {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") {
		return "/"
	}
	return next
}

func (s *server) signInPage(w http.ResponseWriter, r *http.Request) error {
	if auth.UserFrom(r.Context()) != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	f := web.NewForm(url.Values{"next": {safeNext(r.URL.Query().Get("next"))}})
	s.r.Render(w, r, http.StatusOK, "app/sign-in", web.Page{Title: "Sign in", Form: f})
	return nil
}

// signIn checks the email and password, and on success starts a new
// session (a new token: the session is rotated at every sign-in).
func (s *server) signIn(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	var v errs.Validation
	if f.Get("email") == "" {
		v.Add("email", "Enter your email address")
	}
	if f.Values.Get("password") == "" {
		v.Add("password", "Enter your password")
	}
	if err := v.Err(); err != nil {
		f.Fail(err)
		s.r.Render(w, r, http.StatusUnprocessableEntity, "app/sign-in", web.Page{Title: "Sign in", Form: f})
		return nil
	}
	addr := web.ClientAddress(r, s.cfg.TrustProxy)
	token, _, err := s.svc.Auth.SignIn(r.Context(), f.Get("email"), f.Values.Get("password"), addr)
	if err != nil {
		status := errs.Status(err)
		if status >= 500 {
			return err
		}
		f.SetError("email", errs.Public(err))
		s.r.Render(w, r, status, "app/sign-in", web.Page{Title: "Sign in", Form: f})
		return nil
	}
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		_ = s.svc.Auth.SignOut(r.Context(), c.Value)
	}
	setSessionCookie(w, r, token)
	http.Redirect(w, r, safeNext(f.Get("next")), http.StatusSeeOther)
	return nil
}

func (s *server) signOut(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		if err := s.svc.Auth.SignOut(r.Context(), c.Value); err != nil {
			return err
		}
	}
	clearSessionCookie(w, r)
	web.Redirect(w, r, "/sign-in", "You have signed out")
	return nil
}
