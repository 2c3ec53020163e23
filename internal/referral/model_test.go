package referral

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
)

func good() Input {
	return Input{AuthorityID: "la", Referrer: Referrer{Name: "Ann", Role: "DSL", Phone: "07700 900123"},
		Child: Child{GivenNames: " Bill ", FamilyName: "Smyth", Gender: "male", DateOfBirth: "2011-04-03", Postcode: "nf1 2ab",
			Phones: []string{"+44 7700 900456", "07700 900456"}},
		Concerns: []string{"cce"}, Narrative: "x", ChildKnows: "yes", ChildAgrees: "no", FamilyKnows: "not-known", FamilyAgrees: "yes"}
}

var today = civil.Date{Year: 2026, Month: 11, Day: 23}

func isLA(id string) bool { return id == "la" }

func TestValidateNormalises(t *testing.T) {
	in := good()
	if err := in.validate(DefaultSettings(), today, isLA); err != nil {
		t.Fatal(err)
	}
	if in.Child.GivenNames != "Bill" || in.Child.Postcode != "NF1 2AB" || len(in.Child.Phones) != 1 ||
		in.Child.Phones[0] != "07700900456" || in.Referrer.Phone != "07700900123" {
		t.Fatalf("%+v", in)
	}
}

func TestValidateRefuses(t *testing.T) {
	for _, c := range []struct {
		field, message string
		change         func(*Input)
	}{
		{"authority_id", "Select the local authority", func(in *Input) { in.AuthorityID = "school" }},
		{"given_names", "Enter the child’s given name", func(in *Input) { in.Child.GivenNames = "" }},
		{"date_of_birth", "today or in the past", func(in *Input) { in.Child.DateOfBirth = "2026-11-24" }},
		{"date_of_birth", "in 1900 or later", func(in *Input) { in.Child.DateOfBirth = "1899-12-31" }},
		{"approximate_age", "not both", func(in *Input) { in.Child.ApproximateAge = 14 }},
		{"nhs_number", "check digit", func(in *Input) { in.Child.NHSNumber = "485 777 3458" }},
		{"concern_types", "Select at least one", func(in *Input) { in.Concerns = nil }},
		{"concern_types", `"theft" is not a kind of exploitation`, func(in *Input) { in.Concerns = []string{"theft"} }},
		{"indicators", "not one of the indicators", func(in *Input) { in.Indicators = []string{"nope"} }},
		{"narrative", "Describe what has happened", func(in *Input) { in.Narrative = "  " }},
		{"narrative", "10000 characters or fewer; it is 10001", func(in *Input) { in.Narrative = strings.Repeat("é", 10001) }},
		{"child_agrees", "Select whether the child agrees", func(in *Input) { in.ChildAgrees = "maybe" }},
		{"referrer_phone", "phone number or an email", func(in *Input) { in.Referrer.Phone = "" }},
		{"referrer_email", "Enter an email address", func(in *Input) { in.Referrer.Email = "Ann <ann@x.example>" }},
		{"postcode", "real postcode", func(in *Input) { in.Child.Postcode = "NOT A PC" }},
		{"phones", "is not a phone number", func(in *Input) { in.Child.Phones = []string{"call me"} }},
	} {
		in := good()
		c.change(&in)
		err := in.validate(DefaultSettings(), today, isLA)
		fs := errs.Fields(err)
		if len(fs) != 1 || fs[0].Field != c.field || !strings.Contains(fs[0].Message, c.message) {
			t.Errorf("%s: %v, want one error containing %q", c.field, fs, c.message)
		}
	}
}

func TestTimeLeft(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{30 * time.Second, "less than a minute left"},
		{45 * time.Minute, "45 minutes left"},
		{time.Hour + 5*time.Minute, "1 hour 5 minutes left"},
		{13*time.Hour + 59*time.Minute, "13 hours left"},
		{-2 * time.Hour, "2 hours overdue"},
		{-72 * time.Hour, "3 days overdue"},
	} {
		if got := timeLeft(now.Add(c.d), now); got != c.want {
			t.Errorf("%s: %q, want %q", c.d, got, c.want)
		}
	}
}

func TestSettings(t *testing.T) {
	s, err := LoadSettings(strings.NewReader(`{"indicators":[{"code":"a","label":"A"}],"risk_levels":[{"code":"1","label":"Category 1","band":""}]}`))
	if err != nil || len(s.Indicators) != 1 || s.riskLabel("1") != "Category 1" {
		t.Fatalf("%+v %v", s, err)
	}
	if _, err := LoadSettings(strings.NewReader(`{"indicators":[{"code":"a","label":"A"},{"code":"a","label":"B"}],"risk_levels":[]}`)); len(errs.Fields(err)) != 2 {
		t.Fatalf("a repeated code and no risk levels: %v", err)
	}
	if _, err := LoadSettings(strings.NewReader(`{"indicator":[]}`)); err == nil {
		t.Fatal("an unknown field is accepted")
	}
}

// FuzzReferralInput feeds the API's JSON through the checks: whatever comes
// in, validation never panics, and what it accepts is tidy.
func FuzzReferralInput(f *testing.F) {
	b, _ := json.Marshal(good())
	f.Add(string(b))
	f.Add(`{"child":{"given_names":"\u0000","date_of_birth":"2011-02-30","phones":["+44(0)7700 900 123"]},"concern_types":["cse","cse"]}`)
	f.Add(`{"child":{"approximate_age":-1,"postcode":"sw1a1aa","nhs_number":"943 476 5919"}}`)
	f.Fuzz(func(t *testing.T, s string) {
		var in Input
		if json.Unmarshal([]byte(s), &in) != nil {
			return
		}
		if err := in.validate(DefaultSettings(), today, isLA); err != nil {
			if len(errs.Fields(err)) == 0 {
				t.Fatalf("an error without fields: %v", err)
			}
			return
		}
		if utf8.RuneCountInString(in.Narrative) > MaxNarrative {
			t.Fatal("an over-long narrative was accepted")
		}
		for _, p := range in.Child.Phones {
			if len(p) < 10 || p[0] != '0' {
				t.Fatalf("an untidy phone number was accepted: %q", p)
			}
		}
		if in.Child.DateOfBirth != "" {
			d, err := civil.Parse(in.Child.DateOfBirth)
			if err != nil || d.After(today) || d.Year < 1900 {
				t.Fatalf("a bad date of birth was accepted: %q", in.Child.DateOfBirth)
			}
		}
	})
}
