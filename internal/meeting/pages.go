package meeting

import (
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// The meetings' pages: the list, the form to arrange a meeting, a
// meeting's record with its forms, the daily agenda, the printable minutes
// and the absence report.

//go:embed templates/*.html
var Templates embed.FS

// TemplateFuncs are the template functions the meeting pages use.
var TemplateFuncs = template.FuncMap{
	"kindLabel":       KindLabel,
	"kindPhrase":      kindPhrase,
	"stateLabel":      func(code string) string { return States.Label(code) },
	"attendanceLabel": func(code string) string { return Attendances.Label(code) },
	"outcomeLabel":    OutcomeLabel,
	"disruptionLabel": DisruptionLabel,
	"subjectLabel":    func(code string) string { return Subjects.Label(code) },
	"conveneLabel":    func(code string) string { return Conveners.Label(code) },
	"longDate":        longDate,
	"paragraphs":      paragraphs,
	"stateTag": func(code string) string {
		return map[string]string{Planned: "blue", Held: "green", Cancelled: "grey"}[code]
	},
	"attendanceTag": func(code string) string {
		return map[string]string{Present: "green", Apologies: "yellow", Absent: "red"}[code]
	},
	"field":          func(name, id string) string { return name + "-" + id },
	"otherKindLabel": func(code string) string { return OtherKinds.Label(code) },
	"relationLabel":  RelationLabel,
}

// kindPhrase is a kind of meeting as a sentence says it.
func kindPhrase(code string) string {
	return map[string]string{Daily: "daily multi-agency meeting", Strategy: "strategy discussion",
		Panel: "MACE panel", Mapping: "mapping meeting"}[code]
}

// agencyPhrase is a kind of agency as a sentence says it.
func agencyPhrase(t auth.OrgType) string {
	if s, ok := map[auth.OrgType]string{auth.LocalAuthority: "local authority social work", auth.PoliceForce: "police",
		auth.Health: "health", auth.Education: "education", auth.YouthJustice: "youth justice",
		auth.Voluntary: "the voluntary sector", auth.CommunitySafety: "community safety"}[t]; ok {
		return s
	}
	return strings.ToLower(auth.OrgTypeLabel(t))
}

// andList joins words as a sentence does: "a, b and c".
func andList(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// missingMessage says which required agencies no one came from, or "".
func missingMessage(m *Meeting) string {
	if len(m.Missing) == 0 || (m.State == Planned && len(m.Attendees) == 0) || m.State == Cancelled {
		return ""
	}
	var missing, required []string
	for _, t := range m.Missing {
		missing = append(missing, agencyPhrase(t))
	}
	for _, t := range m.Required {
		required = append(required, agencyPhrase(t))
	}
	return fmt.Sprintf("No one from %s was present: a %s needs %s", andList(missing), kindPhrase(m.Kind), andList(required))
}

func longDate(d civil.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time(civil.London).Format("Monday 2 January 2006")
}

// paragraphs splits text at line breaks, for showing as paragraphs.
func paragraphs(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// rename moves err's field problems onto the page's field names (a name
// not in names keeps its own) and adds them to f. It reports whether err
// was a problem to show on the form: invalid entries, or a conflict such as
// a stale form.
func rename(f *web.Form, err error, names map[string]string) bool {
	switch {
	case errs.Is(err, errs.Conflict):
		f.SetError("", errs.Public(err))
		return true
	case !errs.Is(err, errs.Invalid):
		return false
	}
	fields := errs.Fields(err)
	if len(fields) == 0 {
		f.SetError("", errs.Public(err))
	}
	for _, fe := range fields {
		if n, ok := names[fe.Field]; ok {
			fe.Field = n
		}
		f.Errors = append(f.Errors, fe)
	}
	return true
}

// failStatus is the status of a page shown again with the form's problems.
func failStatus(err error) int {
	if errs.Is(err, errs.Conflict) {
		return http.StatusConflict
	}
	return http.StatusUnprocessableEntity
}

func today(s *Service) civil.Date { return calendar.LondonDate(s.Now()) }
