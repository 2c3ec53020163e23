package referral

import (
	"net/http"
	"net/url"
	"strconv"

	"mace/internal/people"
	"mace/internal/platform/auth"
	"mace/internal/platform/choice"
	"mace/internal/platform/civil"
	"mace/internal/platform/web"
)

type formData struct {
	Authorities []choice.Option
	Concerns    []choice.Option
	Indicators  []choice.Option
	Genders     []choice.Option
	Answers     []choice.Option
	Ethnicities []optionGroup
	IdemKey     string
	Limit       int
	Consulted   string
}

type optionGroup struct {
	Label   string
	Options []choice.Option
}

func (h *Handlers) formData(r *http.Request, f *web.Form) (formData, error) {
	d := formData{Concerns: ConcernTypes.Options(), Indicators: h.Svc.Settings.Indicators.Options(), Answers: Answers.Options(),
		IdemKey: f.Get("idempotency_key"), Limit: MaxNarrative, Consulted: f.Get("consultation_id")}
	las, err := h.Svc.Authorities(r.Context())
	if err != nil {
		return d, err
	}
	for _, o := range las {
		d.Authorities = append(d.Authorities, choice.Option{Value: o.ID, Label: o.Name})
	}
	for _, g := range people.Genders {
		d.Genders = append(d.Genders, choice.Option{Value: g.Code, Label: g.Label})
	}
	for _, grp := range append(append([]string{}, people.EthnicGroups...), people.EthnicGroupNotStated) {
		og := optionGroup{Label: grp}
		for _, e := range people.Ethnicities {
			if e.Group == grp {
				og.Options = append(og.Options, choice.Option{Value: e.Code, Label: e.Label})
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
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) error {
	u, err := auth.Actor(r.Context())
	if err != nil {
		return err
	}
	f := web.NewForm(url.Values{"idempotency_key": {web.RandomToken()}, "referrer_name": {u.Name},
		"referrer_email": {u.Email}})
	if u.Organisation.Type == auth.LocalAuthority {
		f.Values.Set("authority_id", u.Organisation.ID)
	}
	if c := r.URL.Query().Get("consultation"); c != "" {
		f.Values.Set("consultation_id", c)
	}
	return h.showForm(w, r, http.StatusOK, f)
}

func (h *Handlers) showForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	d, err := h.formData(r, f)
	if err != nil {
		return err
	}
	h.R.Render(w, r, status, "referral/form", web.Page{Title: "Make a referral", Nav: "referrals", Form: f, Data: d})
	return nil
}

// Create saves a referral from the form; a double submit returns the first
// submission's referral.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	var ref *Referral
	key, err := web.FormKey(r)
	if err == nil {
		ref, err = h.Svc.Submit(r.Context(), inputFromForm(f), key)
	}
	if f.Fail(err) {
		return h.showForm(w, r, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/referrals/"+ref.ID, "Referral "+ref.Reference+" sent. The front door will decide what happens next by "+
		ref.DecisionDueAt.In(civil.London).Format("3:04pm on Monday 2 January 2006")+".")
	return nil
}
