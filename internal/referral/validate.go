package referral

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"

	"mace/internal/people"
	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
	"mace/internal/platform/text"
)

// validate checks and normalises a new referral, reporting every problem in
// the order the form asks. isAuthority says whether an id is a local
// authority.
func (in *Input) validate(s Settings, today civil.Date, isAuthority func(string) bool) error {
	var v errs.Validation
	c := &in.Child
	if in.AuthorityID == "" || !isAuthority(in.AuthorityID) {
		v.Add("authority_id", "Select the local authority the child lives in")
	}
	c.GivenNames, c.FamilyName = squash(c.GivenNames), squash(c.FamilyName)
	c.KnownAs, c.StreetNames = cleanList(c.KnownAs), cleanList(c.StreetNames)
	switch {
	case c.GivenNames == "" && len(c.KnownAs) == 0:
		v.Add("given_names", "Enter the child’s given name, or a name they are known by")
	case text.TooLong(c.GivenNames, maxName):
		v.Add("given_names", fmt.Sprintf("Given names must be %d characters or fewer", maxName))
	}
	if text.TooLong(c.FamilyName, maxName) {
		v.Add("family_name", fmt.Sprintf("Family name must be %d characters or fewer", maxName))
	}
	for _, f := range []struct {
		field string
		list  []string
	}{{"known_as", c.KnownAs}, {"street_names", c.StreetNames}} {
		if len(f.list) > maxList {
			v.Add(f.field, fmt.Sprintf("Give %d names or fewer", maxList))
		}
		for _, n := range f.list {
			if text.TooLong(n, maxName) {
				v.Add(f.field, fmt.Sprintf("Each name must be %d characters or fewer", maxName))
				break
			}
		}
	}
	var dob civil.Date
	switch {
	case in.DateProblem != "":
		v.Add("date_of_birth", in.DateProblem)
	case c.DateOfBirth != "":
		if dob = checkDOB(&v, "date_of_birth", c.DateOfBirth, today); !dob.IsZero() {
			c.DateOfBirth = dob.String()
		}
	}
	switch {
	case c.ApproximateAge < 0 || c.ApproximateAge > 25:
		v.Add("approximate_age", "Approximate age must be a whole number of years from 1 to 25")
	case c.ApproximateAge > 0 && (c.DateOfBirth != "" || in.DateProblem != ""):
		v.Add("approximate_age", "Enter a date of birth or an approximate age, not both")
	}
	if !hasGender(c.Gender) {
		v.Add("gender", "Select the child’s gender, or ‘Not known’")
	}
	if c.Ethnicity != "" {
		if _, ok := people.EthnicityByCode(c.Ethnicity); !ok {
			v.Add("ethnicity", "Select an ethnic group from the list")
		}
	}
	c.AddressLine, c.Town, c.School = squash(c.AddressLine), squash(c.Town), squash(c.School)
	for _, f := range []struct{ field, value, what string }{
		{"address_line", c.AddressLine, "Address"}, {"town", c.Town, "Town or city"}, {"school", c.School, "School or college"},
	} {
		if text.TooLong(f.value, maxShort) {
			v.Add(f.field, fmt.Sprintf("%s must be %d characters or fewer", f.what, maxShort))
		}
	}
	if strings.TrimSpace(c.Postcode) != "" {
		pc, err := people.NormalisePostcode(c.Postcode)
		if err != nil {
			v.Add("postcode", err.Error())
		} else {
			c.Postcode = pc
		}
	} else {
		c.Postcode = ""
	}
	var phones []string
	for _, p := range cleanList(c.Phones) {
		n, err := people.NormalisePhone(p)
		if err != nil {
			v.Add("phones", fmt.Sprintf("%q is not a phone number: enter UK numbers like 07700 900 982, one on each line", p))
			break
		}
		if !slices.Contains(phones, n) {
			phones = append(phones, n)
		}
	}
	c.Phones = phones
	c.OnlineAccounts = cleanList(c.OnlineAccounts)
	if len(c.Phones) > maxList {
		v.Add("phones", fmt.Sprintf("Give %d phone numbers or fewer", maxList))
	}
	if len(c.OnlineAccounts) > maxList {
		v.Add("online_accounts", fmt.Sprintf("Give %d online accounts or fewer", maxList))
	}
	for _, a := range c.OnlineAccounts {
		if text.TooLong(a, maxShort) {
			v.Add("online_accounts", fmt.Sprintf("Each online account must be %d characters or fewer", maxShort))
			break
		}
	}
	if c.NHSNumber = strings.TrimSpace(c.NHSNumber); c.NHSNumber != "" {
		n, err := people.NormaliseNHSNumber(c.NHSNumber)
		if err != nil {
			v.Add("nhs_number", err.Error())
		} else {
			c.NHSNumber = n
		}
	}
	in.Concerns = cleanList(in.Concerns)
	if len(in.Concerns) == 0 {
		v.Add("concern_types", "Select at least one kind of exploitation you are worried about")
	}
	for _, k := range in.Concerns {
		if !ConcernTypes.Has(k) {
			v.Add("concern_types", fmt.Sprintf("%q is not a kind of exploitation this service knows: choose from the list", k))
			break
		}
	}
	in.Indicators = cleanList(in.Indicators)
	for _, k := range in.Indicators {
		if !s.Indicators.Has(k) {
			v.Add("indicators", fmt.Sprintf("%q is not one of the indicators: choose from the list", k))
			break
		}
	}
	in.Narrative = strings.TrimSpace(in.Narrative)
	switch {
	case in.Narrative == "":
		v.Add("narrative", "Describe what has happened and why you are worried")
	case text.TooLong(in.Narrative, MaxNarrative):
		v.Add("narrative", fmt.Sprintf("What has happened must be %d characters or fewer; it is %d", MaxNarrative, len([]rune(in.Narrative))))
	}
	in.PeopleInvolved, in.PlacesInvolved = strings.TrimSpace(in.PeopleInvolved), strings.TrimSpace(in.PlacesInvolved)
	if text.TooLong(in.PeopleInvolved, maxInvolved) {
		v.Add("people_involved", fmt.Sprintf("People involved must be %d characters or fewer", maxInvolved))
	}
	if text.TooLong(in.PlacesInvolved, maxInvolved) {
		v.Add("places_involved", fmt.Sprintf("Places involved must be %d characters or fewer", maxInvolved))
	}
	for _, f := range []struct {
		field string
		value *string
		ask   string
	}{
		{"child_knows", &in.ChildKnows, "whether the child knows about this referral"},
		{"child_agrees", &in.ChildAgrees, "whether the child agrees to it"},
		{"family_knows", &in.FamilyKnows, "whether the family knows"},
		{"family_agrees", &in.FamilyAgrees, "whether the family agrees"},
	} {
		if !Answers.Has(*f.value) {
			v.Add(f.field, "Select "+f.ask+", or ‘Not known’")
		}
	}
	r := &in.Referrer
	r.Name, r.Role, r.Phone, r.Email = squash(r.Name), squash(r.Role), squash(r.Phone), strings.TrimSpace(r.Email)
	if r.Name == "" {
		v.Add("referrer_name", "Enter your name")
	} else if text.TooLong(r.Name, maxName) {
		v.Add("referrer_name", fmt.Sprintf("Your name must be %d characters or fewer", maxName))
	}
	if r.Role == "" {
		v.Add("referrer_role", "Enter your role, for example Designated Safeguarding Lead")
	} else if text.TooLong(r.Role, maxName) {
		v.Add("referrer_role", fmt.Sprintf("Your role must be %d characters or fewer", maxName))
	}
	if r.Phone == "" && r.Email == "" {
		v.Add("referrer_phone", "Enter a phone number or an email address the team can reach you on")
	}
	if r.Phone != "" {
		if n, err := people.NormalisePhone(r.Phone); err != nil {
			v.Add("referrer_phone", err.Error())
		} else {
			r.Phone = n
		}
	}
	if r.Email != "" {
		if a, err := mail.ParseAddress(r.Email); err != nil || a.Address != r.Email || text.TooLong(r.Email, maxShort) {
			v.Add("referrer_email", "Enter an email address like name@example.org")
		}
	}
	return v.Err()
}

func hasGender(code string) bool {
	for _, g := range people.Genders {
		if g.Code == code {
			return true
		}
	}
	return false
}

// DecisionInput is a screener's decision.
type DecisionInput struct {
	NeedLevel int    `json:"need_level"`
	Outcome   string `json:"outcome"`
	RiskLevel string `json:"risk_level"`
	Rationale string `json:"rationale"`
	Feedback  string `json:"referrer_feedback"`
	Version   int    `json:"version,omitempty"`
}

func (d *DecisionInput) validate(s Settings) error {
	var v errs.Validation
	if d.NeedLevel < 1 || d.NeedLevel > 4 {
		v.Add("need_level", "Select a Continuum of Need level from 1 to 4")
	}
	if !Outcomes.Has(d.Outcome) {
		v.Add("outcome", "Select an outcome")
	}
	if !s.hasRisk(d.RiskLevel) {
		v.Add("risk_level", "Select an initial risk level")
	}
	d.Rationale, d.Feedback = strings.TrimSpace(d.Rationale), strings.TrimSpace(d.Feedback)
	switch {
	case d.Rationale == "":
		v.Add("rationale", "Enter the rationale for the decision")
	case text.TooLong(d.Rationale, MaxRationale):
		v.Add("rationale", fmt.Sprintf("The rationale must be %d characters or fewer", MaxRationale))
	}
	switch {
	case d.Feedback == "":
		v.Add("referrer_feedback", "Enter what to tell the referrer")
	case text.TooLong(d.Feedback, MaxRationale):
		v.Add("referrer_feedback", fmt.Sprintf("What to tell the referrer must be %d characters or fewer", MaxRationale))
	}
	return v.Err()
}

// CheckInput is a partner agency check.
type CheckInput struct {
	AgencyID  string `json:"agency_id"`
	Contact   string `json:"contact"`
	CheckedAt string `json:"checked_on"` // a date, YYYY-MM-DD
	Findings  string `json:"findings"`
	// DateProblem carries a form's date-entry problem.
	DateProblem string `json:"-"`
}

func (c *CheckInput) validate(today civil.Date, isOrg func(string) bool) (civil.Date, error) {
	var v errs.Validation
	if c.AgencyID == "" || !isOrg(c.AgencyID) {
		v.Add("agency_id", "Select the agency that was checked")
	}
	c.Contact, c.Findings = squash(c.Contact), strings.TrimSpace(c.Findings)
	switch {
	case c.Contact == "":
		v.Add("contact", "Enter who gave the information")
	case text.TooLong(c.Contact, maxShort):
		v.Add("contact", fmt.Sprintf("Who gave the information must be %d characters or fewer", maxShort))
	}
	var on civil.Date
	switch {
	case c.DateProblem != "":
		v.Add("checked_on", c.DateProblem)
	case c.CheckedAt == "":
		v.Add("checked_on", "Enter the date of the check")
	default:
		d, err := civil.Parse(c.CheckedAt)
		switch {
		case err != nil:
			v.Add("checked_on", "The date of the check must be a real date")
		case d.After(today):
			v.Add("checked_on", "The date of the check must be today or in the past")
		case d.Before(today.AddDays(-365)):
			v.Add("checked_on", "The date of the check must be within the last year")
		default:
			on = d
		}
	}
	switch {
	case c.Findings == "":
		v.Add("findings", "Enter what the check found, or ‘Nothing known’")
	case text.TooLong(c.Findings, MaxFindings):
		v.Add("findings", fmt.Sprintf("What was found must be %d characters or fewer", MaxFindings))
	}
	return on, v.Err()
}
