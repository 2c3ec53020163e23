package consultation

import (
	"embed"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"mace/internal/concern"
	"mace/internal/people"
	"mace/internal/platform/choice"
	"mace/internal/platform/civil"
	"mace/internal/platform/web"
)

//go:embed templates/*.html
var Templates embed.FS

// TemplateFuncs are the template functions the consultation pages use.
var TemplateFuncs = template.FuncMap{
	"methodLabel":  MethodLabel,
	"stateLabel":   StateLabel,
	"concernLabel": concern.Label,
	"paragraphs":   paragraphs,
	"stateTag": func(code string) string {
		return map[string]string{NotYet: "grey", AdvisedToRefer: "yellow", ReferralMade: "green", NoReferral: "blue"}[code]
	},
}

// The consultation pages and API: one file for each action
// (consultation_create.go, consultation_edit.go, ...), the API in
// api_consultations.go.

// Handlers serve the consultation pages and API.
type Handlers struct {
	Svc *Service
	R   *web.Renderer
}

// formData is what the consultation form needs besides the form.
type formData struct {
	Consultation  *Consultation // nil when logging a new one
	Organisations []choice.Option
	Methods       []choice.Option
	Concerns      []choice.Option
	States        []choice.Option
	People        []choice.Option // person records to link to: the linked one and any found
	Searched      bool
	IdemKey       string
}

// personLabel describes a person record in a list of choices.
func personLabel(name, dob string, age int, postcode string) string {
	var parts []string
	if dob != "" {
		parts = append(parts, "born "+dob)
	} else if age > 0 {
		parts = append(parts, "about "+strconv.Itoa(age))
	}
	if postcode != "" {
		parts = append(parts, postcode)
	}
	if len(parts) == 0 {
		return name
	}
	return name + " (" + strings.Join(parts, ", ") + ")"
}

// inputFromForm reads the consultation form into an Input.
func inputFromForm(f *web.Form) Input {
	in := Input{
		Method: f.Get("method"), ProfessionalName: f.Get("professional_name"), ProfessionalRole: f.Get("professional_role"),
		ProfessionalContact: f.Get("professional_contact"), OrganisationID: f.Get("organisation_id"),
		OtherOrganisation: f.Get("other_organisation"), ChildName: f.Get("child_name"), PersonID: f.Get("person_id"),
		ConcernTypes: f.All("concern_types"), Question: f.Values.Get("question"), Advice: f.Values.Get("advice"),
		ReferralState: f.Get("referral_state"),
	}
	in.OccurredAt, in.WhenProblem = formWhen(f)
	dob, problem := f.FormDate("child_date_of_birth", "Date of birth")
	in.ChildDateOfBirth, in.DateProblem = dob.String(), problem
	if age := f.Get("child_age"); age != "" {
		n, err := strconv.Atoi(age)
		if err != nil {
			n = -1
		}
		in.ChildAge = n
	}
	if v := f.Get("version"); v != "" {
		in.Version, _ = strconv.Atoi(v)
	}
	return in
}

// formWhen reads the date and time inputs as a time in Europe/London.
func formWhen(f *web.Form) (time.Time, string) {
	d, problem := f.FormDate("occurred", "The date of the consultation")
	if problem != "" {
		return time.Time{}, problem
	}
	if d.IsZero() {
		return time.Time{}, "Enter the date of the consultation"
	}
	h, m, problem := web.ParseClock(f.Get("occurred_time"), "the time of the consultation")
	if problem != "" {
		return time.Time{}, problem
	}
	return time.Date(d.Year, d.Month, d.Day, h, m, 0, 0, civil.London), ""
}

// setWhen fills the date and time inputs from t, in Europe/London.
func setWhen(f *web.Form, t time.Time) {
	l := t.In(civil.London)
	f.Values.Set("occurred-day", strconv.Itoa(l.Day()))
	f.Values.Set("occurred-month", strconv.Itoa(int(l.Month())))
	f.Values.Set("occurred-year", strconv.Itoa(l.Year()))
	f.Values.Set("occurred_time", l.Format("15:04"))
}

// formOf fills the form from a stored consultation.
func formOf(c *Consultation) *web.Form {
	f := web.NewForm(nil)
	v := f.Values
	in := InputOf(c)
	setWhen(f, c.OccurredAt)
	v.Set("method", in.Method)
	v.Set("professional_name", in.ProfessionalName)
	v.Set("professional_role", in.ProfessionalRole)
	v.Set("professional_contact", in.ProfessionalContact)
	v.Set("organisation_id", in.OrganisationID)
	v.Set("other_organisation", in.OtherOrganisation)
	v.Set("child_name", in.ChildName)
	f.SetDate("child_date_of_birth", c.ChildDateOfBirth)
	if c.ChildAge > 0 {
		v.Set("child_age", strconv.Itoa(c.ChildAge))
	}
	v.Set("person_id", in.PersonID)
	v["concern_types"] = in.ConcernTypes
	v.Set("question", in.Question)
	v.Set("advice", in.Advice)
	v.Set("referral_state", in.ReferralState)
	v.Set("version", strconv.Itoa(c.Version))
	return f
}

// newForm is an empty form, dated now.
func newForm(now time.Time) *web.Form {
	f := web.NewForm(url.Values{"idempotency_key": {web.RandomToken()}, "referral_state": {NotYet}, "person_id": {""}})
	setWhen(f, now)
	return f
}

func summaryOption(s people.Summary) choice.Option {
	return choice.Option{Value: s.ID, Label: personLabel(s.Name(), s.DateOfBirth.Long(), s.EstimatedAge, s.Postcode)}
}

// paragraphs splits text at blank lines and line breaks, for showing as
// paragraphs (the template escapes each).
func paragraphs(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
