package notify

import (
	"embed"
	"net/http"
	"net/url"

	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// Templates are the notices page, to add to the renderer as "notify".
//
//go:embed templates/*.html
var Templates embed.FS

// Handlers are the pages of a user's own notices, for any signed-in user.
type Handlers struct {
	Notices *Notices
	R       *web.Renderer
}

type noticesData struct {
	Unread, Read []Notice
	UnreadCount  int
	First        bool
	FirstHref    string
	NextHref     string
}

// List shows the signed-in user's notices, unread first, a page at a time:
// after= is the cursor of the page, from its "Next page" link.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) error {
	u := auth.UserFrom(r.Context())
	if u == nil {
		return errs.E(errs.Unauthenticated, "Sign in to see your notices")
	}
	form, status := web.NewForm(url.Values{}), http.StatusOK
	p, err := h.Notices.Page(r.Context(), u.ID, r.URL.Query().Get("after"), 0)
	if form.Fail(err) {
		// A made-up cursor: the problem, and nothing listed.
		status, p = http.StatusUnprocessableEntity, NoticePage{}
	} else if err != nil {
		return err
	}
	d := noticesData{First: p.First}
	if d.UnreadCount, err = h.Notices.UnreadCount(r.Context(), u.ID); err != nil {
		return err
	}
	if !p.First {
		d.FirstHref = "/notices"
	}
	if p.Next != "" {
		d.NextHref = "/notices?" + url.Values{"after": {p.Next}}.Encode()
	}
	for _, n := range p.Notices {
		if n.Unread() {
			d.Unread = append(d.Unread, n)
		} else {
			d.Read = append(d.Read, n)
		}
	}
	h.R.Render(w, r, status, "notify/notices", web.Page{Title: "Notices", Nav: "notices", Data: d, Form: form})
	return nil
}
