// Package consultation keeps a local authority's log of consultations:
// professionals asking the team for advice before (or instead of) making a
// referral. It records who asked, from which organisation, about which
// child if known, what they asked, the advice given and whether a referral
// followed, and links the consultation to that referral once it is made.
// Every view and change goes through the access rules and the audit trail.
package consultation

import (
	"embed"
	"fmt"
	"slices"
	"strings"
	"time"

	"mace/internal/concern"
	"mace/internal/platform/choice"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/text"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Migrations are this package's tables.
var Migrations = db.MigrationsFrom(migrationFS, "migrations")

// RecordType names consultations for the audit trail.
const RecordType = "consultation"

// OtherOrganisation is the organisation choice for one not in the list.
const OtherOrganisation = "other"

// How the professional got in touch.
const (
	Phone    = "phone"
	Email    = "email"
	InPerson = "in-person"
	Video    = "video"
)

// Methods lists the ways in the order forms show them.
var Methods = choice.Choices{
	{Code: Phone, Label: "Phone"},
	{Code: Email, Label: "Email"},
	{Code: InPerson, Label: "In person"},
	{Code: Video, Label: "Teams or video call"},
}

// Whether a referral followed.
const (
	NotYet         = "not-yet"
	AdvisedToRefer = "advised"
	ReferralMade   = "referral-made"
	NoReferral     = "no-referral"
)

// States lists whether a referral followed, in the order forms show them.
var States = choice.Choices{
	{Code: NotYet, Label: "Not decided yet"},
	{Code: AdvisedToRefer, Label: "Advised to refer"},
	{Code: ReferralMade, Label: "Referral made"},
	{Code: NoReferral, Label: "No referral needed"},
}

// MethodLabel is the plain name of a method.
func MethodLabel(code string) string { return Methods.Label(code) }

// StateLabel is the plain name of a referral state.
func StateLabel(code string) string { return States.Label(code) }

// Limits on the length of free text, in characters.
const (
	MaxName    = 100
	MaxRole    = 100
	MaxContact = 200
	MaxOrg     = 200
	MaxChild   = 200
	MaxText    = 5000
	MaxAge     = 25
)

// Consultation is one call for advice as its reader may see it.
type Consultation struct {
	ID                  string     `json:"id"`
	OccurredAt          time.Time  `json:"occurred_at"`
	Method              string     `json:"method"`
	ProfessionalName    string     `json:"professional_name"`
	ProfessionalRole    string     `json:"professional_role"`
	ProfessionalContact string     `json:"professional_contact"`
	OrganisationID      string     `json:"organisation_id,omitempty"`
	OtherOrganisation   string     `json:"other_organisation,omitempty"`
	OrganisationName    string     `json:"organisation_name"`
	ChildName           string     `json:"child_name"`
	ChildDateOfBirth    civil.Date `json:"child_date_of_birth,omitzero"`
	ChildAge            int        `json:"child_age,omitempty"`
	PersonID            string     `json:"person_id,omitempty"`
	ConcernTypes        []string   `json:"concern_types"`
	Question            string     `json:"question"`
	Advice              string     `json:"advice"`
	ReferralState       string     `json:"referral_state"`
	ReferralID          string     `json:"referral_id,omitempty"`
	OwnerOrgID          string     `json:"local_authority_id"`
	OwnerOrgName        string     `json:"local_authority"`
	TakenByID           string     `json:"taken_by_id"`
	TakenByName         string     `json:"taken_by"`
	CreatedAt           time.Time  `json:"created_at"`
	UpdatedAt           time.Time  `json:"updated_at"`
	Version             int        `json:"version"`
	// Hidden is a consultation about a young person whose record the
	// reader may not see in full: only that the call was taken is kept.
	Hidden  bool `json:"hidden,omitempty"`
	CanEdit bool `json:"-"`
}

// Input is a consultation as entered on the form or sent to the API.
type Input struct {
	// OccurredAt is when the professional got in touch; the zero time
	// means now.
	OccurredAt          time.Time `json:"occurred_at"`
	Method              string    `json:"method"`
	ProfessionalName    string    `json:"professional_name"`
	ProfessionalRole    string    `json:"professional_role"`
	ProfessionalContact string    `json:"professional_contact"`
	// OrganisationID is one of the partnership's organisations, or
	// "other" with OtherOrganisation naming it.
	OrganisationID    string   `json:"organisation_id"`
	OtherOrganisation string   `json:"other_organisation"`
	ChildName         string   `json:"child_name"`
	ChildDateOfBirth  string   `json:"child_date_of_birth"`
	ChildAge          int      `json:"child_age"`
	PersonID          string   `json:"person_id"`
	ConcernTypes      []string `json:"concern_types"`
	Question          string   `json:"question"`
	Advice            string   `json:"advice"`
	ReferralState     string   `json:"referral_state"`
	// Version, when set, must match the stored consultation's.
	Version int `json:"version,omitempty"`
	// WhenProblem and DateProblem carry the form's date and time entry
	// problems, so they are reported with the rest in the form's order.
	WhenProblem string `json:"-"`
	DateProblem string `json:"-"`
}

// InputOf returns the Input that would recreate c.
func InputOf(c *Consultation) Input {
	org := c.OrganisationID
	if org == "" {
		org = OtherOrganisation
	}
	return Input{
		OccurredAt: c.OccurredAt, Method: c.Method, ProfessionalName: c.ProfessionalName,
		ProfessionalRole: c.ProfessionalRole, ProfessionalContact: c.ProfessionalContact,
		OrganisationID: org, OtherOrganisation: c.OtherOrganisation, ChildName: c.ChildName,
		ChildDateOfBirth: c.ChildDateOfBirth.String(), ChildAge: c.ChildAge, PersonID: c.PersonID,
		ConcernTypes: slices.Clone(c.ConcernTypes), Question: c.Question, Advice: c.Advice,
		ReferralState: c.ReferralState,
	}
}

// validate checks and normalises in, reporting every problem in the order
// of the form. now is the current time; isOrg says whether an id names one
// of the partnership's organisations.
func (in *Input) validate(now time.Time, isOrg func(id string) bool) error {
	var v errs.Validation
	switch {
	case in.WhenProblem != "":
		v.Add("occurred", in.WhenProblem)
	case in.OccurredAt.IsZero():
		in.OccurredAt = now
	case in.OccurredAt.After(now.Add(5 * time.Minute)):
		v.Add("occurred", "The date and time of the consultation must be now or in the past")
	case in.OccurredAt.Year() < 2000:
		v.Add("occurred", "The date of the consultation must be in 2000 or later")
	}
	in.OccurredAt = in.OccurredAt.UTC().Truncate(time.Minute)
	if !Methods.Has(in.Method) {
		v.Add("method", "Select how the professional got in touch")
	}
	in.ProfessionalName = text.OneLine(in.ProfessionalName)
	in.ProfessionalRole = text.OneLine(in.ProfessionalRole)
	in.ProfessionalContact = text.OneLine(in.ProfessionalContact)
	switch {
	case in.ProfessionalName == "":
		v.Add("professional_name", "Enter the name of the professional who asked for advice")
	case text.TooLong(in.ProfessionalName, MaxName):
		v.Add("professional_name", text.Limit("The professional’s name", MaxName))
	}
	if text.TooLong(in.ProfessionalRole, MaxRole) {
		v.Add("professional_role", text.Limit("The professional’s role", MaxRole))
	}
	if text.TooLong(in.ProfessionalContact, MaxContact) {
		v.Add("professional_contact", text.Limit("The phone number or email address", MaxContact))
	}
	in.OtherOrganisation = text.OneLine(in.OtherOrganisation)
	switch {
	case in.OrganisationID == "":
		v.Add("organisation_id", "Select the professional’s organisation, or ‘Other’")
	case in.OrganisationID == OtherOrganisation:
		switch {
		case in.OtherOrganisation == "":
			v.Add("other_organisation", "Enter the name of the professional’s organisation")
		case text.TooLong(in.OtherOrganisation, MaxOrg):
			v.Add("other_organisation", text.Limit("The organisation’s name", MaxOrg))
		}
	case !isOrg(in.OrganisationID):
		v.Add("organisation_id", "Select an organisation from the list, or ‘Other’")
	default:
		in.OtherOrganisation = ""
	}
	in.validateChild(&v, civil.Of(now.In(civil.London)))
	var types []string
	for _, t := range in.ConcernTypes {
		if !concern.Valid(t) {
			if !v.Has("concern_types") {
				v.Add("concern_types", "Select the kinds of exploitation from the list")
			}
			continue
		}
		if !slices.Contains(types, t) {
			types = append(types, t)
		}
	}
	sortConcerns(types)
	in.ConcernTypes = types
	in.Question, in.Advice = text.Clean(in.Question), text.Clean(in.Advice)
	if text.TooLong(in.Question, MaxText) {
		v.Add("question", text.Limit("What they asked", MaxText))
	}
	switch {
	case in.Advice == "":
		v.Add("advice", "Enter the advice given")
	case text.TooLong(in.Advice, MaxText):
		v.Add("advice", text.Limit("The advice", MaxText))
	}
	if in.ReferralState == "" {
		in.ReferralState = NotYet
	}
	if !States.Has(in.ReferralState) {
		v.Add("referral_state", "Select whether a referral was advised or made")
	}
	return v.Err()
}

// sortConcerns puts kinds of exploitation in the list's order, so that the
// same choice always reads, and compares, the same.
func sortConcerns(codes []string) {
	index := func(code string) int {
		return slices.IndexFunc(concern.Types, func(t concern.Type) bool { return t.Code == code })
	}
	slices.SortFunc(codes, func(a, b string) int { return index(a) - index(b) })
}

// startOfDay is midnight at the start of d in Europe/London.
func startOfDay(d civil.Date) time.Time { return d.Time(civil.London) }

func (in *Input) validateChild(v *errs.Validation, today civil.Date) {
	in.ChildName = text.OneLine(in.ChildName)
	if text.TooLong(in.ChildName, MaxChild) {
		v.Add("child_name", text.Limit("The child’s name", MaxChild))
	}
	var dob civil.Date
	switch {
	case in.DateProblem != "":
		v.Add("child_date_of_birth", in.DateProblem)
	case in.ChildDateOfBirth != "":
		d, err := civil.Parse(in.ChildDateOfBirth)
		switch {
		case err != nil:
			v.Add("child_date_of_birth", "Date of birth must be a real date")
		case d.After(today):
			v.Add("child_date_of_birth", "Date of birth must be today or in the past")
		case d.AgeOn(today) > MaxAge:
			v.Add("child_date_of_birth", "Date of birth must be less than 26 years ago: consultations are about children and young people")
		default:
			dob = d
			in.ChildDateOfBirth = d.String()
		}
	}
	switch {
	case in.ChildAge < 0 || in.ChildAge > MaxAge:
		v.Add("child_age", fmt.Sprintf("Approximate age must be a whole number of years between 1 and %d", MaxAge))
	case in.ChildAge > 0 && (!dob.IsZero() || in.DateProblem != ""):
		v.Add("child_age", "Enter a date of birth or an approximate age, not both")
	}
	in.PersonID = strings.TrimSpace(in.PersonID)
	if in.PersonID != "" && !db.ValidID(in.PersonID) {
		v.Add("person_id", "Select a person record from the search results, or none")
	}
}
