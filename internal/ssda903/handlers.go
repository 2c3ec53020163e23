package ssda903

import (
	"embed"
	"log/slog"

	"mace/internal/platform/web"
)

// Templates are the pages of the SSDA903 Missing return.
//
//go:embed templates/*.html
var Templates embed.FS

// Handlers serve the SSDA903 Missing return: its page (the
// validation report, then the download) and its API.
type Handlers struct {
	Svc *Service
	R   *web.Renderer
	Log *slog.Logger
}

// ExportPath is the address of the return's page.
const ExportPath = "/exports/ssda903-missing"
