package referral

import (
	"embed"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"mace/internal/people"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/web"
)

//go:embed templates/*.html
var Templates embed.FS

// TemplateFuncs are the template functions the referral pages use.
var TemplateFuncs = template.FuncMap{
	"concernLabel": func(code string) string { return label(ConcernTypes, code) },
	"outcomeLabel": OutcomeLabel,
	"stateLabel":   StateLabel,
	"answerLabel":  func(code string) string { return label(Answers, code) },
	"needLabel":    func(n int) string { return label(NeedLevels, strconv.Itoa(n)) },
	"genderLabel":  people.GenderLabel,
	"ethnicityLabel": func(code string) string {
		if e, ok := people.EthnicityByCode(code); ok {
			return e.Group + ": " + e.Label
		}
		return code
	},
	"phone":    people.FormatPhone,
	"nhs":      people.FormatNHSNumber,
	"timeLeft": timeLeft,
}

// timeLeft says in plain words how long is left until due, or how late it is.
func timeLeft(due, now time.Time) string {
	d := due.Sub(now)
	late := d < 0
	if late {
		d = -d
	}
	var s string
	switch {
	case d < time.Minute:
		s = "less than a minute"
	case d < time.Hour:
		s = plural(int(d/time.Minute), "minute")
	case d < 48*time.Hour:
		h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
		s = plural(h, "hour")
		if m > 0 && h < 10 {
			s += " " + plural(m, "minute")
		}
	default:
		s = plural(int(d/(24*time.Hour)), "day")
	}
	if late {
		return s + " overdue"
	}
	return s + " left"
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Handlers serve the referral pages and API.
type Handlers struct {
	Svc *Service
	R   *web.Renderer
	Log *slog.Logger
}

type option struct{ Value, Label, Hint string }

type formData struct {
	Authorities []option
	Concerns    []option
	Indicators  []option
	Genders     []option
	Answers     []option
	Ethnicities []optionGroup
	IdemKey     string
	Limit       int
	Consulted   string
}

type optionGroup struct {
	Label   string
	Options []option
}

func opts(in []Option) []option {
	var out []option
	for _, o := range in {
		out = append(out, option{Value: o.Code, Label: o.Label})
	}
	return out
}

func (h *Handlers) formData(r *http.Request, f *web.Form) (formData, error) {
	d := formData{Concerns: opts(ConcernTypes), Indicators: opts(h.Svc.Settings.Indicators), Answers: opts(Answers),
		IdemKey: f.Get("idempotency_key"), Limit: MaxNarrative, Consulted: f.Get("consultation_id")}
	las, err := h.Svc.Authorities(r.Context())
	if err != nil {
		return d, err
	}
	for _, o := range las {
		d.Authorities = append(d.Authorities, option{Value: o.ID, Label: o.Name})
	}
	for _, g := range people.Genders {
		d.Genders = append(d.Genders, option{Value: g.Code, Label: g.Label})
	}
	for _, grp := range append(append([]string{}, people.EthnicGroups...), people.EthnicGroupNotStated) {
		og := optionGroup{Label: grp}
		for _, e := range people.Ethnicities {
			if e.Group == grp {
				og.Options = append(og.Options, option{Value: e.Code, Label: e.Label})
			}
		}
		d.Ethnicities = append(d.Ethnicities, og)
	}
	return d, nil
}

// inputFromForm reads the referral form.
func inputFromForm(f *web.Form) Input {
	in := Input{AuthorityID: f.Get("authority_id"), Urgent: f.Get("urgent") == "yes",
		Referrer: Referrer{Name: f.Get("referrer_name"), Role: f.Get("referrer_role"), Phone: f.Get("referrer_phone"),
			Email: f.Get("referrer_email")},
		Child: Child{GivenNames: f.Get("given_names"), FamilyName: f.Get("family_name"), KnownAs: f.Lines("known_as"),
			StreetNames: f.Lines("street_names"), Gender: f.Get("gender"), Ethnicity: f.Get("ethnicity"),
			AddressLine: f.Get("address_line"), Town: f.Get("town"), Postcode: f.Get("postcode"), School: f.Get("school"),
			Phones: f.Lines("phones"), OnlineAccounts: f.Lines("online_accounts"), NHSNumber: f.Get("nhs_number")},
		Concerns: f.All("concern_types"), Indicators: f.All("indicators"), Narrative: f.Values.Get("narrative"),
		PeopleInvolved: f.Values.Get("people_involved"), PlacesInvolved: f.Values.Get("places_involved"),
		ChildKnows: f.Get("child_knows"), ChildAgrees: f.Get("child_agrees"), FamilyKnows: f.Get("family_knows"),
		FamilyAgrees: f.Get("family_agrees"), ConsultationID: f.Get("consultation_id")}
	dob, problem := f.FormDate("date_of_birth", "Date of birth")
	if !dob.IsZero() {
		in.Child.DateOfBirth = dob.String()
	}
	in.DateProblem = problem
	if age := f.Get("approximate_age"); age != "" {
		n, err := strconv.Atoi(age)
		if err != nil {
			n = -1
		}
		in.Child.ApproximateAge = n
	}
	return in
}

// New shows an empty referral form, with the referrer's details filled in
// from their account.
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	f := web.NewForm(url.Values{"idempotency_key": {web.RandomToken()}, "referrer_name": {u.Name},
		"referrer_email": {u.Email}})
	if u.Organisation.Type == auth.LocalAuthority {
		f.Values.Set("authority_id", u.Organisation.ID)
	}
	if c := r.URL.Query().Get("consultation"); c != "" {
		f.Values.Set("consultation_id", c)
	}
	h.showForm(w, r, http.StatusOK, f)
}

func (h *Handlers) showForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form) {
	d, err := h.formData(r, f)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.R.Render(w, r, status, "referral/form", web.Page{Title: "Make a referral", Nav: "referrals", Form: f, Data: d})
}

// Create saves a referral from the form; a double submit returns the first
// submission's referral.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	ref, err := h.Svc.Submit(r.Context(), inputFromForm(f), f.Get("idempotency_key"))
	if f.Fail(err) {
		h.showForm(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	web.Redirect(w, r, "/referrals/"+ref.ID, "Referral "+ref.Reference+" sent. The front door will decide what happens next by "+
		ref.DecisionDueAt.In(civil.London).Format("3:04pm on Monday 2 January 2006")+".")
}

type mineData struct {
	Referrals []*Referral
	Now       time.Time
}

// Mine lists the user's own referrals and their outcomes.
func (h *Handlers) Mine(w http.ResponseWriter, r *http.Request) {
	rs, err := h.Svc.Mine(r.Context(), 200)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.R.Render(w, r, http.StatusOK, "referral/mine", web.Page{Title: "Your referrals", Nav: "referrals",
		Data: mineData{rs, h.Svc.Now()}})
}
