package people

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"mace/internal/platform/choice"
	"mace/internal/platform/civil"
	"mace/internal/platform/web"
)

// Handlers serve the person pages and API.
type Handlers struct {
	Svc *Service
	R   *web.Renderer
}

// formData is what the person form template needs besides the form.
type formData struct {
	Person      *Person // nil when creating
	Authorities []choice.Option
	Ethnicities []optionGroup
	Genders     []choice.Option
	Addresses   []int // indexes of address rows to show
	IdemKey     string
}

type optionGroup struct {
	Label   string
	Options []choice.Option
}

func (h *Handlers) formData(r *http.Request, f *web.Form, p *Person) (formData, error) {
	d := formData{Person: p}
	las, err := h.Svc.Authorities(r.Context())
	if err != nil {
		return d, err
	}
	for _, o := range las {
		d.Authorities = append(d.Authorities, choice.Option{Value: o.ID, Label: o.Name})
	}
	d.Genders = Genders.Options()
	for _, grp := range append(slices.Clone(EthnicGroups), EthnicGroupNotStated) {
		og := optionGroup{Label: grp}
		for _, e := range Ethnicities {
			if e.Group == grp {
				og.Options = append(og.Options, choice.Option{Value: e.Code, Label: e.Label})
			}
		}
		d.Ethnicities = append(d.Ethnicities, og)
	}
	n := 0
	for k := range f.Values {
		if strings.HasPrefix(k, "addresses-") && strings.HasSuffix(k, "-line") {
			if i, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(k, "addresses-"), "-line")); err == nil && i+1 > n {
				n = i + 1
			}
		}
	}
	for i := 0; i <= n && i < 20; i++ {
		d.Addresses = append(d.Addresses, i)
	}
	d.IdemKey = f.Get("idempotency_key")
	return d, nil
}

// inputFromForm reads the person form into an Input.
func inputFromForm(f *web.Form) Input {
	in := Input{
		Kind: f.Get("kind"), GivenName: f.Get("given_name"), FamilyName: f.Get("family_name"),
		KnownAs: f.Lines("known_as"), Aliases: f.Lines("aliases"),
		Gender: f.Get("gender"), Ethnicity: f.Get("ethnicity"), NHSNumber: f.Get("nhs_number"), UPN: f.Get("upn"),
		Phones: f.Lines("phones"), OwnerOrgID: f.Get("owning_authority_id"),
	}
	dob, problem := f.FormDate("date_of_birth", "Date of birth")
	in.DateOfBirth, in.DateProblem = dob.String(), problem
	if age := f.Get("estimated_age"); age != "" {
		n, err := strconv.Atoi(age)
		if err != nil {
			n = -1
		}
		in.EstimatedAge = n
	}
	for i := 0; i < 20; i++ {
		p := "addresses-" + strconv.Itoa(i) + "-"
		if _, ok := f.Values[p+"line"]; !ok {
			break
		}
		in.Addresses = append(in.Addresses, Address{Line: f.Get(p + "line"), Town: f.Get(p + "town"),
			Postcode: f.Get(p + "postcode"), Current: f.Get(p+"current") == "yes"})
	}
	if v := f.Get("version"); v != "" {
		in.Version, _ = strconv.Atoi(v)
	}
	return in
}

// formOf fills the person form from a stored record.
func formOf(p *Person, today civil.Date) *web.Form {
	f := web.NewForm(nil)
	v := f.Values
	v.Set("kind", p.Kind)
	v.Set("given_name", p.GivenName)
	v.Set("family_name", p.FamilyName)
	v.Set("known_as", strings.Join(p.KnownAs, "\n"))
	v.Set("aliases", strings.Join(p.Aliases, "\n"))
	f.SetDate("date_of_birth", p.DateOfBirth)
	if p.EstimatedAge > 0 {
		v.Set("estimated_age", strconv.Itoa(p.AgeOn(today)))
	}
	v.Set("gender", p.Gender)
	v.Set("ethnicity", p.Ethnicity)
	if p.NHSNumber != "" {
		v.Set("nhs_number", FormatNHSNumber(p.NHSNumber))
	}
	v.Set("upn", p.UPN)
	var phones []string
	for _, n := range p.Phones {
		phones = append(phones, FormatPhone(n))
	}
	v.Set("phones", strings.Join(phones, "\n"))
	v.Set("owning_authority_id", p.OwnerOrgID)
	for i, a := range p.Addresses {
		pre := "addresses-" + strconv.Itoa(i) + "-"
		v.Set(pre+"line", a.Line)
		v.Set(pre+"town", a.Town)
		v.Set(pre+"postcode", a.Postcode)
		if a.Current {
			v.Set(pre+"current", "yes")
		}
	}
	v.Set("addresses-"+strconv.Itoa(len(p.Addresses))+"-line", "")
	v.Set("version", strconv.Itoa(p.Version))
	return f
}
