package people

import (
	"embed"
	"html/template"
)

//go:embed templates/*.html
var Templates embed.FS

// TemplateFuncs are the template functions the person pages use.
var TemplateFuncs = template.FuncMap{
	"genderLabel": GenderLabel,
	"ethnicityLabel": func(code string) string {
		if e, ok := EthnicityByCode(code); ok {
			return e.Group + ": " + e.Label
		}
		return code
	},
	"nhs":          FormatNHSNumber,
	"phone":        FormatPhone,
	"mergeSummary": func(cs []MergeChange) string { return summarise(cs, 0) },
}
