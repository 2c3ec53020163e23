package rhiquality

import (
	"embed"
	"net/http"

	"mace/internal/platform/web"
)

// The pages and API of the quality audit of return interviews, under
// /return-interview-audits.

//go:embed templates/quality*.html
var Templates embed.FS

// Handlers serve the quality audit pages and API.
type Handlers struct {
	Svc *Service
	R   *web.Renderer
}

func (h *Handlers) render(w http.ResponseWriter, r *http.Request, status int, page, title string, f *web.Form, data any) error {
	h.R.Render(w, r, status, "quality/"+page, web.Page{Title: title, Nav: "missing", Form: f, Data: data})
	return nil
}
