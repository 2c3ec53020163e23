package people_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"mace/internal/people"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
)

func basic(given, family, owner string) people.Input {
	return people.Input{GivenName: given, FamilyName: family, Gender: "not-known", OwnerOrgID: owner}
}

// fullInput fills every field, untidily, as a person might type it.
func fullInput(owner string) people.Input {
	return people.Input{
		Kind: people.Child, GivenName: "  Kiera   Jade ", FamilyName: "Ashdown",
		KnownAs: []string{"KJ", " kj ", "Kee", ""}, Aliases: []string{"Little  K"},
		DateOfBirth: "2011-04-09", Gender: "female", Ethnicity: "white-british",
		NHSNumber: "943 476 5919", UPN: strings.ToLower(validUPN("801200111001")),
		Addresses: []people.Address{
			{Line: "12  Mill Lane", Town: "Northfield", Postcode: "ls14ap", Current: true},
			{Line: "", Town: "", Postcode: " "},
			{Line: "3 Station Road", Town: "Southby", Postcode: "LS2 7EW"},
		},
		Phones:     []string{"+44 7700 900123", "07700 900123", "0113 496 0000"},
		OwnerOrgID: owner,
	}
}

// fullWant is fullInput as the service stores it.
func fullWant(owner string) people.Input {
	return people.Input{
		Kind: people.Child, GivenName: "Kiera Jade", FamilyName: "Ashdown",
		KnownAs: []string{"KJ", "Kee"}, Aliases: []string{"Little K"},
		DateOfBirth: "2011-04-09", Gender: "female", Ethnicity: "white-british",
		NHSNumber: "9434765919", UPN: validUPN("801200111001"),
		Addresses: []people.Address{
			{Line: "12 Mill Lane", Town: "Northfield", Postcode: "LS1 4AP", Current: true},
			{Line: "3 Station Road", Town: "Southby", Postcode: "LS2 7EW"},
		},
		Phones:     []string{"07700900123", "01134960000"},
		OwnerOrgID: owner,
	}
}

// numbered is n different names: name 1, name 2...
func numbered(name string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s %d", name, i+1)
	}
	return out
}

// phones is n different mobile numbers.
func phones(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("07700 900%03d", i)
	}
	return out
}

func validUPN(rest12 string) string {
	c, ok := people.UPNCheckLetter(rest12)
	if !ok {
		panic("bad UPN fixture " + rest12)
	}
	return string(c) + rest12
}

// orgList answers for organisations without a database.
type orgList []auth.Organisation

func (o orgList) ListOrganisations(context.Context) ([]auth.Organisation, error) {
	return slices.Clone(o), nil
}
func (o orgList) ListUsers(context.Context, string) ([]*auth.User, error) { return nil, nil }
func (o orgList) GetOrganisation(_ context.Context, id string) (auth.Organisation, error) {
	for _, org := range o {
		if org.ID == id {
			return org, nil
		}
	}
	return auth.Organisation{}, errs.E(errs.NotFound, "no such organisation")
}

var errAccepted = errors.New("the input passed validation")

// validate runs in through Create on a service with no database: input that
// passes validation goes on to the store, which is absent, and is reported
// as errAccepted.
func validate(svc *people.Service, ctx context.Context, in people.Input) (err error) {
	defer func() {
		if recover() != nil {
			err = errAccepted
		}
	}()
	_, err = svc.Create(ctx, in, "")
	return err
}

func TestInputValidation(t *testing.T) {
	north := auth.Organisation{ID: "la-north", Name: "Northfield City Council", Type: auth.LocalAuthority}
	force := auth.Organisation{ID: "force", Name: "Westmarch Police", Type: auth.PoliceForce}
	svc := &people.Service{Orgs: orgList{north, force}, Now: func() time.Time { return time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC) }}
	screener := &auth.User{ID: "u1", Name: "Robin Hale", Active: true, Roles: []auth.Role{auth.Screener}, Organisation: north}
	ctx := as(screener)
	if err := validate(svc, ctx, fullInput(north.ID)); err != errAccepted {
		t.Fatalf("the valid input was refused: %v %v", err, errs.Fields(err))
	}
	long := strings.Repeat("ä", 101)
	upn := validUPN("801200111001")
	wrongUPN := "B" + upn[1:]
	if upn[0] == 'B' {
		wrongUPN = "A" + upn[1:]
	}
	tests := []struct {
		name       string
		edit       func(in *people.Input)
		field, msg string
	}{
		{"no given name", func(in *people.Input) { in.GivenName = " \t " }, "given_name", "Enter a given name"},
		{"no family name", func(in *people.Input) { in.FamilyName = "" }, "family_name", "Enter a family name"},
		{"long given name", func(in *people.Input) { in.GivenName = long }, "given_name", "The given name must be 100 characters or fewer"},
		{"long known-as name", func(in *people.Input) { in.KnownAs = append(in.KnownAs, long) }, "known_as", "Each known-as name must be 100 characters or fewer"},
		{"long street name", func(in *people.Input) { in.Aliases = append(in.Aliases, long) }, "aliases", "Each street name must be 100 characters or fewer"},
		{"too many known-as names", func(in *people.Input) { in.KnownAs = numbered("KJ", 21) }, "known_as", "Enter 20 known-as names or fewer"},
		{"60,000 known-as names", func(in *people.Input) { in.KnownAs = numbered("KJ", 60000) }, "known_as", "Enter 20 known-as names or fewer"},
		{"too many street names", func(in *people.Input) { in.Aliases = numbered("Little K", 21) }, "aliases", "Enter 20 street names or fewer"},
		{"too many phones", func(in *people.Input) { in.Phones = phones(21) }, "phones", "Enter 20 phone numbers or fewer"},
		{"too many addresses", func(in *people.Input) {
			in.Addresses = nil
			for i := range 21 {
				in.Addresses = append(in.Addresses, people.Address{Line: fmt.Sprintf("%d Mill Lane", i+1)})
			}
		}, "addresses", "Enter 20 addresses or fewer"},
		{"long address line", func(in *people.Input) { in.Addresses[2].Line = strings.Repeat("a", 201) }, "addresses-2-line", "The first line of the address must be 200 characters or fewer"},
		{"long town", func(in *people.Input) { in.Addresses[0].Town = strings.Repeat("a", 101) }, "addresses-0-town", "The town or city must be 100 characters or fewer"},
		{"unknown kind", func(in *people.Input) { in.Kind = "teenager" }, "kind", "Select whether this is a child or an adult"},
		{"date not real", func(in *people.Input) { in.DateOfBirth = "2010-02-30" }, "date_of_birth", "Date of birth must be a real date"},
		{"date from the form", func(in *people.Input) { in.DateOfBirth, in.DateProblem = "", "Date of birth must include a year" }, "date_of_birth", "Date of birth must include a year"},
		{"born tomorrow", func(in *people.Input) { in.DateOfBirth = "2026-11-25" }, "date_of_birth", "Date of birth must be today or in the past"},
		{"born before 1900", func(in *people.Input) { in.Kind, in.DateOfBirth = people.Adult, "1899-12-31" }, "date_of_birth", "Date of birth must be in 1900 or later"},
		{"child aged 26", func(in *people.Input) { in.DateOfBirth = "2000-11-24" }, "date_of_birth", "A child's date of birth must be less than 26 years ago: record an adult instead"},
		{"date and estimate", func(in *people.Input) { in.EstimatedAge = 14 }, "estimated_age", "Enter a date of birth or an estimated age, not both"},
		{"estimate below 0", func(in *people.Input) { in.DateOfBirth, in.EstimatedAge = "", -1 }, "estimated_age", "Estimated age must be a whole number of years between 1 and 120"},
		{"estimate above 120", func(in *people.Input) { in.Kind, in.DateOfBirth, in.EstimatedAge = people.Adult, "", 121 }, "estimated_age", "Estimated age must be a whole number of years between 1 and 120"},
		{"no gender", func(in *people.Input) { in.Gender = "" }, "gender", "Select a gender, or ‘Not known’"},
		{"unknown gender", func(in *people.Input) { in.Gender = "boy" }, "gender", "Select a gender, or ‘Not known’"},
		{"unknown ethnicity", func(in *people.Input) { in.Ethnicity = "martian" }, "ethnicity", "Select an ethnic group from the list"},
		{"NHS check digit", func(in *people.Input) { in.NHSNumber = "943 476 5918" }, "nhs_number", people.ErrNHSNumberCheckDigit.Error()},
		{"NHS length", func(in *people.Input) { in.NHSNumber = "943 476 591" }, "nhs_number", people.ErrNHSNumberLength.Error()},
		{"UPN length", func(in *people.Input) { in.UPN = "A12345" }, "upn", people.ErrUPNLength.Error()},
		{"UPN check letter", func(in *people.Input) { in.UPN = wrongUPN }, "upn", people.ErrUPNCheckLetter.Error()},
		{"bad phone", func(in *people.Input) { in.Phones = []string{"12345"} }, "phones", "Enter a phone number, like 01632 960 001 or 07700 900 982"},
		{"foreign phone", func(in *people.Input) { in.Phones = []string{"07700 900123", "+1 202 555 0100", "ring me"} }, "phones", "Enter a phone number, like 01632 960 001 or 07700 900 982"},
		{"bad postcode", func(in *people.Input) { in.Addresses[0].Postcode = "LS1 4A" }, "addresses-0-postcode", "Enter a real postcode, like LS1 4AP"},
		{"address without first line", func(in *people.Input) { in.Addresses[2].Line = " " }, "addresses-2-line", "Enter the first line of the address"},
		{"two current addresses", func(in *people.Input) { in.Addresses[2].Current = true }, "addresses-0-current", "Mark only one address as current"},
		{"owner is police", func(in *people.Input) { in.OwnerOrgID = force.ID }, "owning_authority_id", "Select the local authority that owns this record"},
		{"no owner", func(in *people.Input) { in.OwnerOrgID = "" }, "owning_authority_id", "Select the local authority that owns this record"},
		{"unknown owner", func(in *people.Input) { in.OwnerOrgID = "la-nowhere" }, "owning_authority_id", "Select the local authority that owns this record"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := fullInput(north.ID)
			tt.edit(&in)
			err := validate(svc, ctx, in)
			want := []errs.FieldError{{Field: tt.field, Message: tt.msg}}
			if !errs.Is(err, errs.Invalid) || !slices.Equal(errs.Fields(err), want) {
				t.Fatalf("got %v %v, want %v", err, errs.Fields(err), want)
			}
			if r := []rune(tt.msg); !unicode.IsUpper(r[0]) || strings.ContainsAny(tt.msg, "_{}") ||
				strings.Contains(strings.ToLower(tt.msg), "invalid") {
				t.Errorf("message %q is not plain English", tt.msg)
			}
		})
	}

	// Several problems are reported together, in the order of the form.
	err := validate(svc, ctx, people.Input{DateOfBirth: "2030-01-01"})
	var fields []string
	for _, f := range errs.Fields(err) {
		fields = append(fields, f.Field)
	}
	if want := []string{"given_name", "family_name", "date_of_birth", "gender", "owning_authority_id"}; !slices.Equal(fields, want) {
		t.Fatalf("fields %v, want %v", fields, want)
	}
	// Only those who may create records get as far as validation.
	wantKind(t, validate(svc, context.Background(), fullInput(north.ID)), errs.Unauthenticated)
	analyst := &auth.User{ID: "u2", Active: true, Roles: []auth.Role{auth.Analyst}, Organisation: north}
	wantKind(t, validate(svc, as(analyst), fullInput(north.ID)), errs.Forbidden)
}

func TestNormalise(t *testing.T) {
	for in, want := range map[string]string{
		"LS1 4AP": "LS1 4AP", "ls14ap": "LS1 4AP", " ls1  4ap ": "LS1 4AP", "sw1a1aa": "SW1A 1AA",
		"m11ae": "M1 1AE", "DN551PT": "DN55 1PT", "ec1a 1bb": "EC1A 1BB",
		"LS1": "", "LS1 4A": "", "1LS 4AP": "", "LS1 4AP X": "", "": "",
	} {
		if got, err := people.NormalisePostcode(in); got != want || (err == nil) != (want != "") {
			t.Errorf("NormalisePostcode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, want := range map[string]string{
		"07700 900123": "07700900123", "+44 7700 900123": "07700900123", "+447700900123": "07700900123",
		"+44(0)7700 900123": "07700900123", "+44 (0)7700 900123": "07700900123", "+44 07700 900123": "07700900123", "(0113) 496-0000": "01134960000", "01632 96000": "0163296000",
		"7700 900123": "", "+1 202 555 0100": "", "0770090012345": "", "0113 496 0000 ext 2": "", "": "",
	} {
		if got, err := people.NormalisePhone(in); got != want || (err == nil) != (want != "") {
			t.Errorf("NormalisePhone(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if got := people.FormatPhone("07700900123"); got != "07700 900 123" {
		t.Errorf("FormatPhone = %q", got)
	}
}

var postcodePattern = regexp.MustCompile(`^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$`)

func FuzzNormalisePostcode(f *testing.F) {
	for _, s := range []string{"LS1 4AP", "ls14ap", " sw1a 1aa ", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "EC1A 1BB",
		"", "LS1", "LS1 4A", "1LS 4AP", "ſw1a1aa", "LS1\u00a04AP", "LS1 4AP\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := people.NormalisePostcode(s)
		if err != nil {
			if out != "" {
				t.Fatalf("%q: error %v with output %q", s, err, out)
			}
			return
		}
		if !postcodePattern.MatchString(out) {
			t.Fatalf("%q gave %q, not a UK postcode", s, out)
		}
		if again, err := people.NormalisePostcode(out); err != nil || again != out {
			t.Fatalf("%q gave %q, which normalises to %q, %v", s, out, again, err)
		}
	})
}

var phonePattern = regexp.MustCompile(`^0[0-9]{9,10}$`)

func FuzzNormalisePhone(f *testing.F) {
	for _, s := range []string{"07700 900123", "+44 7700 900123", "+44(0)113 496 0000", "(01632) 960-001", "0113",
		"+1 202 555 0100", "", "++44", "+44", "０７７００９００１２３", "0", "07700-900-123 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := people.NormalisePhone(s)
		if err != nil {
			if out != "" {
				t.Fatalf("%q: error %v with output %q", s, err, out)
			}
			return
		}
		if !phonePattern.MatchString(out) {
			t.Fatalf("%q gave %q", s, out)
		}
		if again, err := people.NormalisePhone(out); err != nil || again != out {
			t.Fatalf("%q gave %q, which normalises to %q, %v", s, out, again, err)
		}
		if again, err := people.NormalisePhone(people.FormatPhone(out)); err != nil || again != out {
			t.Fatalf("%q: formatted %q reads back as %q, %v", out, people.FormatPhone(out), again, err)
		}
	})
}

func TestValidBoundaries(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		in := func(kind, dob string, est int) people.NewRecord {
			r := basic("Nell", "Ashby", e.north.ID)
			r.Kind, r.DateOfBirth, r.EstimatedAge = kind, dob, est
			return people.NewRecord{Input: r}
		}
		recs := []people.NewRecord{
			in(people.Child, "2026-11-24", 0), // born today
			in(people.Child, "2000-11-25", 0), // 25 until tomorrow
			in(people.Adult, "1900-01-01", 0),
			in(people.Adult, "", 120),
			in(people.Child, "", 1),
			in("", "", 0), // a child unless said otherwise
		}
		if _, err := e.svc.CreateMany(as(e.screener), recs); err != nil {
			t.Fatal(err)
		}
		// "Today" is the date in London: just after midnight in summer
		// is still the day before in UTC.
		summer := *e.svc
		summer.Now = func() time.Time { return time.Date(2026, 6, 30, 23, 30, 0, 0, time.UTC) }
		p, err := summer.Create(as(e.screener), in(people.Child, "2026-07-01", 0).Input, "")
		if err != nil || p.Kind != people.Child || p.DateOfBirth.String() != "2026-07-01" {
			t.Fatalf("born today in London: %+v %v", p, err)
		}
	})
}

func TestCreateManyAllOrNothing(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := as(e.screener)
		recs := []people.NewRecord{
			{Input: basic("Kiera", "Ashdown", e.north.ID)},
			{Input: basic("Tobias", " ", e.north.ID)},
			{Input: basic("Amara", "Fenwick", e.north.ID)},
		}
		nothingSaved := func(when string) {
			t.Helper()
			if n := e.count("SELECT COUNT(*) FROM people"); n != 0 {
				t.Fatalf("%s: %d people saved", when, n)
			}
			if n := e.count("SELECT COUNT(*) FROM audit_events WHERE record_type = $1", people.RecordType); n != 0 {
				t.Fatalf("%s: %d events written", when, n)
			}
		}
		_, err := e.svc.CreateMany(ctx, recs)
		wantKind(t, err, errs.Invalid)
		if msg := err.Error(); !strings.Contains(msg, "row 2") || !strings.Contains(msg, "family_name: Enter a family name") ||
			strings.Contains(msg, "row 1") || strings.Contains(msg, "row 3") {
			t.Fatalf("error %q does not name row 2", msg)
		}
		nothingSaved("invalid row")

		// A failure in the database part-way through saves nothing either.
		recs[1] = people.NewRecord{Input: basic("Tobias", "Fenwick", e.north.ID), InvolvedOrgIDs: []string{"no-such-organisation"}}
		if _, err := e.svc.CreateMany(ctx, recs); err == nil {
			t.Fatal("an unknown organisation was accepted")
		}
		nothingSaved("unknown organisation")

		recs[1].InvolvedOrgIDs = []string{e.police.ID}
		ids, err := e.svc.CreateMany(ctx, recs)
		if err != nil || len(ids) != 3 || e.count("SELECT COUNT(*) FROM people") != 3 {
			t.Fatalf("%v %v", ids, err)
		}
		// The involvement lets the police see that record, and only that one.
		if p, err := e.svc.Get(as(e.officer), ids[1]); err != nil || p.Name() != "Tobias Fenwick" {
			t.Fatalf("police: %+v %v", p, err)
		}
		_, err = e.svc.Get(as(e.officer), ids[0])
		wantKind(t, err, errs.NotFound)
		res, err := e.svc.List(as(e.officer), people.ListQuery{})
		if err != nil || res.Total != 1 || res.People[0].ID != ids[1] {
			t.Fatalf("police list: %+v %v", res, err)
		}
		if evs := e.trail(ids[2]); len(evs) != 1 || evs[0].Action != audit.Create || evs[0].Detail != "loaded in bulk" ||
			evs[0].ActorID != e.screener.ID {
			t.Fatalf("events %+v", evs)
		}

		// From the command line, the system is the creator.
		ids, err = e.svc.CreateMany(context.Background(), []people.NewRecord{{Input: basic("Percy", "Lowe", e.north.ID)}})
		if err != nil || e.count("SELECT COUNT(*) FROM people WHERE created_by = 'system'") != 1 || e.trail(ids[0])[0].ActorID != "system" {
			t.Fatalf("command line load: %v", err)
		}
		_, err = e.svc.CreateMany(as(e.user(e.north, "Ada Quist", auth.Analyst)), recs)
		wantKind(t, err, errs.Forbidden)
		e.verify()
	})
}

// FuzzPersonJSON feeds arbitrary API bodies through decoding and
// validation: never a panic, and a body that validates stays valid when
// validated again.
func FuzzPersonJSON(f *testing.F) {
	f.Add(`{"given_name":"Ada","family_name":"Lark","gender":"female","date_of_birth":"2011-02-03","phones":["07700 900123"],"addresses":[{"line":"1 Mill Lane","postcode":"ls1 4ap","current":true}]}`)
	f.Add(`{"date_of_birth":"2011-02-30","estimated_age":-4,"nhs_number":"x"}`)
	f.Add(`{"known_as":[" ","a","A"],"addresses":[{},{"current":true},{"current":true}]}`)
	f.Fuzz(func(t *testing.T, body string) {
		var in people.Input
		if err := json.Unmarshal([]byte(body), &in); err != nil {
			return
		}
		in.OwnerOrgID = "la"
		err := people.ValidateForTest(&in)
		if err != nil {
			return
		}
		again := in
		if err := people.ValidateForTest(&again); err != nil {
			t.Fatalf("valid input became invalid on a second pass: %v %v", err, errs.Fields(err))
		}
	})
}
