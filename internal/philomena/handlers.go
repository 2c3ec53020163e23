package philomena

import (
	"embed"
	"html/template"
	"mace/internal/people"
	"mace/internal/platform/web"
	"strconv"
	"strings"
)

//go:embed templates/*.html
var Templates embed.FS

// TemplateFuncs are the template functions the profile pages use.
var TemplateFuncs = template.FuncMap{
	"paragraphs": paragraphs,
	"phone":      people.FormatPhone,
	"megabytes":  func(n int) string { return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) },
	"maxPhotoMB": func() int { return MaxPhotoBytes >> 20 },
}

// Handlers serve the profile pages and API.
type Handlers struct {
	Svc *Service
	R   *web.Renderer
}

// paragraphs splits text at line breaks, for showing as paragraphs (the
// template escapes each).
func paragraphs(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (h *Handlers) path(personID, rest string) string {
	return "/people/" + personID + "/philomena" + rest
}
