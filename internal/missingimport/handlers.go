package missingimport

import (
	"embed"
	"html/template"
	"math"
	"time"

	"mace/internal/missing"
	"mace/internal/platform/web"
)

// Templates are the pages of imports and the review list.
//
//go:embed templates/*.html
var Templates embed.FS

// TemplateFuncs are the template functions those pages use.
var TemplateFuncs = template.FuncMap{
	"percent":     func(f float64) int { return int(math.Round(f * 100)) },
	"typeLabel":   missing.TypeLabel,
	"londonTime":  func(t time.Time) string { return londonTime(t) },
	"actionLabel": ActionLabel,
}

// ActionLabel says what an import does with a row.
func ActionLabel(action string) string {
	return map[string]string{ActionCreate: "New episode", ActionClose: "Ends an open episode",
		ActionNone: "Already imported", ActionReview: "For review", ActionProblem: "Cannot import"}[action]
}

// Handlers serve the import and review pages.
type Handlers struct {
	Im *Importer
	R  *web.Renderer
	// MaxFile is the largest file the page takes, in bytes.
	MaxFile int64
	// Wait is how long a page waits for a preview or commit before showing
	// its progress.
	Wait time.Duration
}
