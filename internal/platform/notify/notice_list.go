package notify

import (
	"embed"
	"net/http"

	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// Templates are the notices page, to add to the renderer as "notify".
//
//go:embed templates/*.html
var Templates embed.FS

// NoticesShown is the most notices the page lists.
const NoticesShown = 100

// Handlers are the pages of a user's own notices, for any signed-in user.
type Handlers struct {
	Notices *Notices
	R       *web.Renderer
}

type noticesData struct {
	Unread, Read []Notice
}

// List shows the signed-in user's notices, unread first.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) error {
	u := auth.UserFrom(r.Context())
	if u == nil {
		return errs.E(errs.Unauthenticated, "Sign in to see your notices")
	}
	ns, err := h.Notices.ForUser(r.Context(), u.ID, NoticesShown)
	if err != nil {
		return err
	}
	var d noticesData
	for _, n := range ns {
		if n.Unread() {
			d.Unread = append(d.Unread, n)
		} else {
			d.Read = append(d.Read, n)
		}
	}
	h.R.Render(w, r, http.StatusOK, "notify/notices", web.Page{Title: "Notices", Nav: "notices", Data: d})
	return nil
}
