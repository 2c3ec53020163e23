// Package people keeps person records: children and adults of concern, with
// their names, known-as and street names, dates of birth or estimated ages,
// identifiers, addresses and phone numbers, owned by a local authority.
// Every view and change goes through the access rules and the audit trail.
package people

import (
	"embed"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

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

// RecordType names person records for access rules and the audit trail.
const RecordType = "person"

// Kinds of person.
const (
	Child = "child"
	Adult = "adult"
)

// Genders are the genders a record can have, as the person or referrer
// gives it, in the order forms show them.
var Genders = choice.Choices{
	{Code: "female", Label: "Female"},
	{Code: "male", Label: "Male"},
	{Code: "other", Label: "Another gender"},
	{Code: "not-known", Label: "Not known"},
}

// GenderLabel is the plain name of a gender code.
func GenderLabel(code string) string { return Genders.Label(code) }

// Address is where a person lives or has lived.
type Address struct {
	Line     string `json:"line"`
	Town     string `json:"town"`
	Postcode string `json:"postcode"`
	Current  bool   `json:"current"`
}

// Person is a person record as its reader may see it.
type Person struct {
	ID              string     `json:"id"`
	Kind            string     `json:"kind"`
	GivenName       string     `json:"given_name"`
	FamilyName      string     `json:"family_name"`
	KnownAs         []string   `json:"known_as"`
	Aliases         []string   `json:"aliases"`
	DateOfBirth     civil.Date `json:"date_of_birth,omitzero"`
	EstimatedAge    int        `json:"estimated_age,omitempty"`
	EstimatedOn     civil.Date `json:"estimated_on,omitzero"`
	Gender          string     `json:"gender"`
	Ethnicity       string     `json:"ethnicity,omitempty"`
	NHSNumber       string     `json:"nhs_number,omitempty"`
	UPN             string     `json:"upn,omitempty"`
	Addresses       []Address  `json:"addresses"`
	Phones          []string   `json:"phones"`
	OwnerOrgID      string     `json:"owning_authority_id"`
	OwnerOrgName    string     `json:"owning_authority"`
	Restricted      bool       `json:"restricted"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
	Version         int        `json:"version"`
	InvolvedOrgIDs  []string   `json:"-"`
	NamedUserIDs    []string   `json:"-"`
	ContentHidden   bool       `json:"content_hidden,omitempty"`
	CanEdit         bool       `json:"-"`
	CanSeeAudit     bool       `json:"-"`
	CanManageAccess bool       `json:"-"`
}

// Name is the full name, given name first.
func (p *Person) Name() string { return strings.TrimSpace(p.GivenName + " " + p.FamilyName) }

// AgeOn is the person's age on a date: from the date of birth, or from the
// estimate and when it was made; -1 when neither is known.
func (p *Person) AgeOn(d civil.Date) int {
	switch {
	case !p.DateOfBirth.IsZero():
		return p.DateOfBirth.AgeOn(d)
	case p.EstimatedAge > 0 && !p.EstimatedOn.IsZero():
		return p.EstimatedAge + p.EstimatedOn.AgeOn(d)
	}
	return -1
}

// CurrentAddress is the address marked current, or the first.
func (p *Person) CurrentAddress() *Address {
	for i := range p.Addresses {
		if p.Addresses[i].Current {
			return &p.Addresses[i]
		}
	}
	if len(p.Addresses) > 0 {
		return &p.Addresses[0]
	}
	return nil
}

// Input is a person's details as entered on a form or sent to the API. On
// PATCH the stored record's Input is decoded over, so absent fields keep
// their values.
type Input struct {
	Kind         string    `json:"kind"`
	GivenName    string    `json:"given_name"`
	FamilyName   string    `json:"family_name"`
	KnownAs      []string  `json:"known_as"`
	Aliases      []string  `json:"aliases"`
	DateOfBirth  string    `json:"date_of_birth"`
	EstimatedAge int       `json:"estimated_age"`
	Gender       string    `json:"gender"`
	Ethnicity    string    `json:"ethnicity"`
	NHSNumber    string    `json:"nhs_number"`
	UPN          string    `json:"upn"`
	Addresses    []Address `json:"addresses"`
	Phones       []string  `json:"phones"`
	OwnerOrgID   string    `json:"owning_authority_id"`
	// Version, when set, must match the stored record's: a change made
	// from a stale copy is refused rather than overwriting another's.
	Version int `json:"version,omitempty"`
	// DateProblem carries a form's date-entry problem (e.g. a missing
	// year) so it is reported with the rest, in the form's order.
	DateProblem string `json:"-"`
}

// InputOf returns the Input that would recreate p.
func InputOf(p *Person) Input {
	return Input{
		Kind: p.Kind, GivenName: p.GivenName, FamilyName: p.FamilyName, KnownAs: p.KnownAs, Aliases: p.Aliases,
		DateOfBirth: p.DateOfBirth.String(), EstimatedAge: p.EstimatedAge, Gender: p.Gender, Ethnicity: p.Ethnicity,
		NHSNumber: p.NHSNumber, UPN: p.UPN, Addresses: p.Addresses, Phones: p.Phones, OwnerOrgID: p.OwnerOrgID,
	}
}

var (
	postcodeRE = regexp.MustCompile(`^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$`)
	phoneRE    = regexp.MustCompile(`^[0-9]{10,11}$`)
)

// NormalisePostcode upper-cases a UK postcode and puts one space before the
// inward code, or reports that it is not a postcode.
func NormalisePostcode(s string) (string, error) {
	t := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	m := postcodeRE.FindStringSubmatch(t)
	if m == nil {
		return "", fmt.Errorf("Enter a real postcode, like LS1 4AP")
	}
	return m[1] + " " + m[2], nil
}

// NormalisePhone reduces a UK phone number to its digits, with +44 turned to
// a leading 0, or reports that it is not a phone number.
func NormalisePhone(s string) (string, error) {
	var b strings.Builder
	t := strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(t, "+44"); ok {
		rest = strings.TrimLeft(rest, " ")
		rest = strings.TrimPrefix(rest, "(0)")
		rest = strings.TrimPrefix(strings.TrimLeft(rest, " "), "0")
		t = "0" + rest
	}
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '(' || r == ')':
		default:
			return "", fmt.Errorf("Enter a phone number, like 01632 960 001 or 07700 900 982")
		}
	}
	n := b.String()
	if !phoneRE.MatchString(n) || n[0] != '0' {
		return "", fmt.Errorf("Enter a phone number, like 01632 960 001 or 07700 900 982")
	}
	return n, nil
}

// FormatPhone spaces a stored phone number for reading.
func FormatPhone(n string) string {
	if len(n) == 11 && strings.HasPrefix(n, "07") {
		return n[:5] + " " + n[5:8] + " " + n[8:]
	}
	if len(n) == 11 {
		return n[:5] + " " + n[5:]
	}
	return n
}

func cleanNames(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range in {
		s = strings.Join(strings.Fields(s), " ")
		if s != "" && !seen[strings.ToLower(s)] {
			seen[strings.ToLower(s)] = true
			out = append(out, s)
		}
	}
	return out
}

// The limits of a person's details: each list (known-as names, street
// names, phone numbers, addresses) holds at most MaxItems, each name (and
// town) at most MaxName characters, an address's first line at most
// MaxAddressLine. The OpenAPI document states the same.
const (
	MaxItems       = 20
	MaxName        = 100
	MaxAddressLine = 200
)

// validate checks and normalises in, reporting every problem in the order
// of the form. today is the date in Europe/London.
func (in *Input) validate(today civil.Date, isAuthority func(id string) bool) error {
	var v errs.Validation
	in.GivenName = strings.Join(strings.Fields(in.GivenName), " ")
	in.FamilyName = strings.Join(strings.Fields(in.FamilyName), " ")
	in.KnownAs, in.Aliases = cleanNames(in.KnownAs), cleanNames(in.Aliases)
	if in.Kind == "" {
		in.Kind = Child
	}
	if in.Kind != Child && in.Kind != Adult {
		v.Add("kind", "Select whether this is a child or an adult")
	}
	for _, f := range []struct{ field, value, what string }{
		{"given_name", in.GivenName, "given name"}, {"family_name", in.FamilyName, "family name"},
	} {
		switch {
		case f.value == "":
			v.Add(f.field, "Enter a "+f.what)
		case text.TooLong(f.value, MaxName):
			v.Add(f.field, fmt.Sprintf("The %s must be %d characters or fewer", f.what, MaxName))
		}
	}
	for _, f := range []struct {
		field, what string
		names       []string
	}{{"known_as", "known-as name", in.KnownAs}, {"aliases", "street name", in.Aliases}} {
		switch {
		case len(f.names) > MaxItems:
			v.Add(f.field, fmt.Sprintf("Enter %d %ss or fewer", MaxItems, f.what))
		case slices.ContainsFunc(f.names, func(n string) bool { return text.TooLong(n, MaxName) }):
			v.Add(f.field, fmt.Sprintf("Each %s must be %d characters or fewer", f.what, MaxName))
		}
	}
	var dob civil.Date
	switch {
	case in.DateProblem != "":
		v.Add("date_of_birth", in.DateProblem)
	case in.DateOfBirth != "":
		d, err := civil.Parse(in.DateOfBirth)
		switch {
		case err != nil:
			v.Add("date_of_birth", "Date of birth must be a real date")
		case d.After(today):
			v.Add("date_of_birth", "Date of birth must be today or in the past")
		case d.Year < 1900:
			v.Add("date_of_birth", "Date of birth must be in 1900 or later")
		case in.Kind == Child && d.AgeOn(today) >= 26:
			v.Add("date_of_birth", "A child's date of birth must be less than 26 years ago: record an adult instead")
		default:
			dob = d
			in.DateOfBirth = d.String()
		}
	}
	switch {
	case in.EstimatedAge < 0 || in.EstimatedAge > 120:
		v.Add("estimated_age", "Estimated age must be a whole number of years between 1 and 120")
	case in.Kind == Child && in.EstimatedAge >= 26:
		v.Add("estimated_age", "A child's estimated age must be 25 or under: record an adult instead")
	case in.EstimatedAge > 0 && (!dob.IsZero() || in.DateProblem != ""):
		v.Add("estimated_age", "Enter a date of birth or an estimated age, not both")
	}
	if !Genders.Has(in.Gender) {
		v.Add("gender", "Select a gender, or ‘Not known’")
	}
	if in.Ethnicity != "" {
		if _, ok := EthnicityByCode(in.Ethnicity); !ok {
			v.Add("ethnicity", "Select an ethnic group from the list")
		}
	}
	if in.NHSNumber != "" {
		if n, err := NormaliseNHSNumber(in.NHSNumber); err != nil {
			v.Add("nhs_number", err.Error())
		} else {
			in.NHSNumber = n
		}
	}
	if in.UPN != "" {
		if n, err := NormaliseUPN(in.UPN); err != nil {
			v.Add("upn", err.Error())
		} else {
			in.UPN = n
		}
	}
	in.validateAddresses(&v)
	var phones []string
	for _, p := range in.Phones {
		if strings.TrimSpace(p) == "" {
			continue
		}
		if len(phones) == MaxItems {
			v.Add("phones", fmt.Sprintf("Enter %d phone numbers or fewer", MaxItems))
			break
		}
		n, err := NormalisePhone(p)
		if err != nil {
			if !v.Has("phones") {
				v.Add("phones", err.Error())
			}
			continue
		}
		phones = append(phones, n)
	}
	in.Phones = cleanNames(phones)
	if in.OwnerOrgID == "" || !isAuthority(in.OwnerOrgID) {
		v.Add("owning_authority_id", "Select the local authority that owns this record")
	}
	return v.Err()
}

func (in *Input) validateAddresses(v *errs.Validation) {
	var out []Address
	current := 0
	for i, a := range in.Addresses {
		a.Line = strings.Join(strings.Fields(a.Line), " ")
		a.Town = strings.Join(strings.Fields(a.Town), " ")
		if a.Line == "" && a.Town == "" && strings.TrimSpace(a.Postcode) == "" {
			continue
		}
		if len(out) == MaxItems {
			v.Add("addresses", fmt.Sprintf("Enter %d addresses or fewer", MaxItems))
			break
		}
		field := fmt.Sprintf("addresses-%d-", i)
		switch {
		case a.Line == "":
			v.Add(field+"line", "Enter the first line of the address")
		case text.TooLong(a.Line, MaxAddressLine):
			v.Add(field+"line", fmt.Sprintf("The first line of the address must be %d characters or fewer", MaxAddressLine))
		}
		if text.TooLong(a.Town, MaxName) {
			v.Add(field+"town", fmt.Sprintf("The town or city must be %d characters or fewer", MaxName))
		}
		if a.Postcode != "" {
			pc, err := NormalisePostcode(a.Postcode)
			if err != nil {
				v.Add(field+"postcode", err.Error())
			}
			a.Postcode = pc
		}
		if a.Current {
			current++
		}
		out = append(out, a)
	}
	if current > 1 {
		v.Add("addresses-0-current", "Mark only one address as current")
	}
	in.Addresses = out
}

// nameKey is the lower-cased, space-normalised form searches compare.
func nameKey(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
