// Package web renders pages and answers requests: the layout and GOV.UK form
// components, forms that keep what was typed, JSON responses, the mapping
// from error kinds to statuses, and the middleware every request passes
// through. It knows nothing about children, referrals or meetings.
package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
)

//go:embed templates/*.html
var baseFS embed.FS

// ServiceName is shown in the header and page titles.
const ServiceName = "Multi-agency child exploitation"

// Renderer holds every page template, parsed once at start-up.
type Renderer struct {
	base  *template.Template
	pages map[string]*template.Template
	Log   *slog.Logger
	// NavCounts, when set, gives the numbers shown beside the navigation's
	// sections for a signed-in user (say, "my-work": 3 overdue tasks). It
	// runs on every page, so it must be cheap, and it never shows records.
	NavCounts func(r *http.Request, u *auth.User) map[string]int
}

// NewRenderer parses the layout and components.
func NewRenderer(log *slog.Logger) (*Renderer, error) {
	base, err := template.New("").Funcs(funcs).ParseFS(baseFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parsing the layout: %w", err)
	}
	r := &Renderer{base: base, pages: map[string]*template.Template{}, Log: log}
	if err := r.addOwnPages(); err != nil {
		return nil, err
	}
	return r, nil
}

// AddPages parses every .html file in dir of fsys as a page named
// prefix/filename-without-extension, with the feature's own template
// functions fm (may be nil). Each page defines "content"; files whose
// names start with an underscore hold templates the pages share.
func (r *Renderer) AddPages(prefix string, fsys fs.FS, dir string, fm template.FuncMap) error {
	files, err := fs.Glob(fsys, path.Join(dir, "*.html"))
	if err != nil {
		return err
	}
	// Files named _*.html are partials: shared by the feature's pages, not
	// pages themselves.
	var partials, pages []string
	for _, f := range files {
		if strings.HasPrefix(path.Base(f), "_") {
			partials = append(partials, f)
		} else {
			pages = append(pages, f)
		}
	}
	for _, f := range pages {
		t, err := r.base.Clone()
		if err != nil {
			return err
		}
		if _, err := t.Funcs(fm).ParseFS(fsys, append(slices.Clone(partials), f)...); err != nil {
			return fmt.Errorf("web: parsing %s: %w", f, err)
		}
		name := prefix + "/" + strings.TrimSuffix(path.Base(f), ".html")
		if _, dup := r.pages[name]; dup {
			return fmt.Errorf("web: two pages named %s", name)
		}
		r.pages[name] = t
	}
	return nil
}

// MustAddPages is AddPages for start-up: a missing or broken template stops
// the service at once.
func (r *Renderer) MustAddPages(prefix string, fsys fs.FS, dir string, fm template.FuncMap) {
	if err := r.AddPages(prefix, fsys, dir, fm); err != nil {
		panic(err)
	}
}

// Page is what every template receives.
type Page struct {
	Title   string
	User    *auth.User
	CSRF    string
	Nav     string // the current section, to mark in the navigation
	Flash   string
	Counts  map[string]int // numbers beside the navigation's sections
	Form    *Form
	Data    any
	Now     time.Time
	Request *http.Request
}

// Render writes a page with status. The page's Title, User and CSRF token
// are filled from the request.
func (r *Renderer) Render(w http.ResponseWriter, req *http.Request, status int, name string, p Page) {
	t, ok := r.pages[name]
	if !ok {
		r.Log.Error("no such page template", "page", name)
		http.Error(w, "Sorry, there is a problem with the service.", http.StatusInternalServerError)
		return
	}
	p.User = auth.UserFrom(req.Context())
	p.CSRF = CSRFToken(req.Context())
	p.Request = req
	if p.User != nil && p.Counts == nil && r.NavCounts != nil {
		p.Counts = r.NavCounts(req, p.User)
	}
	if p.Flash == "" {
		p.Flash = TakeFlash(w, req)
	}
	if p.Form == nil {
		p.Form = NewForm(nil)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		r.Log.Error("rendering a page", "page", name, "err", err, "request_id", RequestID(req.Context()))
		http.Error(w, "Sorry, there is a problem with the service.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// Error shows the error page for err: its public message and status, with
// internal detail logged and never shown.
//
// A database that cannot serve now (down, full, read-only, busy) shows "The
// service is busy or unavailable" with 503 and Retry-After.
func (r *Renderer) Error(w http.ResponseWriter, req *http.Request, err error) {
	err = classify(err)
	status := errs.Status(err)
	if status >= 500 {
		r.Log.Error("request failed", "err", err, "request_id", RequestID(req.Context()), "path", req.URL.Path)
	}
	if status == http.StatusUnauthorized {
		SignInRedirect(w, req)
		return
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", strconv.Itoa(RetryAfter))
		// The navigation's counts would ask the database again.
		r.Render(w, req, status, "web/unavailable", Page{Title: "The service is busy or unavailable", Counts: map[string]int{}})
		return
	}
	title := map[int]string{
		http.StatusNotFound:        "Page not found",
		http.StatusForbidden:       "You do not have access to this page",
		http.StatusConflict:        "This record has changed",
		http.StatusTooManyRequests: "Too many requests",
	}[status]
	if title == "" {
		title = "Sorry, there is a problem with the service"
	}
	msg := errs.Public(err)
	if status == http.StatusNotFound {
		msg = "If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address."
	}
	r.Render(w, req, status, "web/error", Page{Title: title, Data: msg})
}

var funcs = template.FuncMap{
	"dict": func(kv ...any) map[string]any {
		m := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
	"list":        func(v ...any) []any { return v },
	"append":      func(l []any, v any) []any { return append(l, v) },
	"serviceName": func() string { return ServiceName },
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(civil.London).Format("2 January 2006")
	},
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(civil.London).Format("2 January 2006 at 3:04pm")
	},
	"isoTime": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"join":    strings.Join,
	"contains": func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	},
	"add": func(a, b int) int { return a + b },
}

//go:embed pages/*.html
var pagesFS embed.FS

// Pages of the web package itself (the error page), named "web/...".
func (r *Renderer) addOwnPages() error { return r.AddPages("web", pagesFS, "pages", nil) }
