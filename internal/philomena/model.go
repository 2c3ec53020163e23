// Package philomena keeps Philomena Protocol profiles: for a looked-after
// child, what the police need at once when the child goes missing, gathered
// in advance by the people who know them. A profile holds a description, a
// photograph, associates, risky locations, phone numbers, how the child
// travels, medical needs, languages and the placement's contact, with the
// child's missing history alongside (from the missing episodes, through the
// MissingHistory interface). It has a printable one-page view for the
// police. Every view and change goes through the access rules and the audit
// trail.
package philomena

import (
	"embed"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"mace/internal/people"
	"mace/internal/platform/audit"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Migrations are this package's tables.
var Migrations = db.MigrationsFrom(migrationFS, "migrations")

// RecordType names profiles on the audit trail.
const RecordType = "philomena-profile"

// Limits on what a profile holds.
const (
	MaxShort = 200  // characters in a short answer (height, a name, a place)
	MaxText  = 2000 // characters in a longer answer (clothing, medical needs)
	MaxRows  = 30   // associates, locations or phone numbers
)

// Associate is someone the child spends time with or may go to.
type Associate struct {
	Name         string `json:"name"`
	Relationship string `json:"relationship"`
	Phone        string `json:"phone"`
	Address      string `json:"address"`
}

// Location is a place the child may go that puts them at risk.
type Location struct {
	Place string `json:"place"`
	Why   string `json:"why"`
}

// Profile is a child's Philomena profile. A person record without one has
// a Profile with Version 0 and nothing else filled.
type Profile struct {
	ID          string      `json:"id,omitempty"`
	PersonID    string      `json:"person_id"`
	LookedAfter bool        `json:"looked_after"`
	Height      string      `json:"height"`
	Build       string      `json:"build"`
	Hair        string      `json:"hair"`
	Eyes        string      `json:"eyes"`
	Marks       string      `json:"distinguishing_marks"`
	Clothing    string      `json:"usual_clothing"`
	Associates  []Associate `json:"associates"`
	Locations   []Location  `json:"risky_locations"`
	Phones      []string    `json:"phones"`
	Transport   string      `json:"transport"`
	Conditions  string      `json:"medical_conditions"`
	Medication  string      `json:"medication"`
	Allergies   string      `json:"allergies"`
	Languages   string      `json:"languages"`
	Placement   string      `json:"placement_contact"`
	// Photo describes the photograph, if there is one; its bytes are
	// served on their own.
	Photo         *PhotoInfo `json:"photo,omitempty"`
	UpdatedByID   string     `json:"updated_by_id,omitempty"`
	UpdatedByName string     `json:"updated_by,omitempty"`
	CreatedAt     time.Time  `json:"created_at,omitzero"`
	UpdatedAt     time.Time  `json:"updated_at,omitzero"`
	Version       int        `json:"version"`
}

// Exists reports whether the profile has been saved.
func (p *Profile) Exists() bool { return p.Version > 0 }

// PhotoInfo describes a stored photograph.
type PhotoInfo struct {
	ContentType    string    `json:"content_type"`
	Width          int       `json:"width"`
	Height         int       `json:"height"`
	Bytes          int       `json:"bytes"`
	UploadedAt     time.Time `json:"uploaded_at"`
	UploadedByName string    `json:"uploaded_by"`
}

// Input is a profile as entered on the form or sent to the API.
type Input struct {
	// LookedAfter confirms the child is looked after: a profile is kept
	// only for children in care.
	LookedAfter bool        `json:"looked_after"`
	Height      string      `json:"height"`
	Build       string      `json:"build"`
	Hair        string      `json:"hair"`
	Eyes        string      `json:"eyes"`
	Marks       string      `json:"distinguishing_marks"`
	Clothing    string      `json:"usual_clothing"`
	Associates  []Associate `json:"associates"`
	Locations   []Location  `json:"risky_locations"`
	Phones      []string    `json:"phones"`
	Transport   string      `json:"transport"`
	Conditions  string      `json:"medical_conditions"`
	Medication  string      `json:"medication"`
	Allergies   string      `json:"allergies"`
	Languages   string      `json:"languages"`
	Placement   string      `json:"placement_contact"`
	// Version must be the stored profile's (0 for a first save): a change
	// made from a stale copy is refused rather than overwriting another's.
	Version int `json:"version"`
}

// InputOf returns the Input that would recreate p.
func InputOf(p *Profile) Input {
	return Input{LookedAfter: p.LookedAfter, Height: p.Height, Build: p.Build, Hair: p.Hair, Eyes: p.Eyes,
		Marks: p.Marks, Clothing: p.Clothing, Associates: p.Associates, Locations: p.Locations, Phones: p.Phones,
		Transport: p.Transport, Conditions: p.Conditions, Medication: p.Medication, Allergies: p.Allergies,
		Languages: p.Languages, Placement: p.Placement, Version: p.Version}
}

// textField is one free-text answer: its field name, its plain name for
// messages, where it lives in an Input and its limit.
type textField struct {
	name, label string
	get         func(*Input) *string
	max         int
}

var textFields = []textField{
	{"height", "Height", func(in *Input) *string { return &in.Height }, MaxShort},
	{"build", "Build", func(in *Input) *string { return &in.Build }, MaxShort},
	{"hair", "Hair", func(in *Input) *string { return &in.Hair }, MaxShort},
	{"eyes", "Eyes", func(in *Input) *string { return &in.Eyes }, MaxShort},
	{"distinguishing_marks", "Distinguishing marks", func(in *Input) *string { return &in.Marks }, MaxText},
	{"usual_clothing", "Usual clothing", func(in *Input) *string { return &in.Clothing }, MaxText},
	{"transport", "How they travel", func(in *Input) *string { return &in.Transport }, MaxText},
	{"medical_conditions", "Medical conditions", func(in *Input) *string { return &in.Conditions }, MaxText},
	{"medication", "Medication", func(in *Input) *string { return &in.Medication }, MaxText},
	{"allergies", "Allergies", func(in *Input) *string { return &in.Allergies }, MaxText},
	{"languages", "Languages", func(in *Input) *string { return &in.Languages }, MaxShort},
	{"placement_contact", "Carers or placement contact", func(in *Input) *string { return &in.Placement }, MaxText},
}

func tooLong(v *errs.Validation, field, label, s string, max int) {
	if utf8.RuneCountInString(s) > max {
		v.Add(field, fmt.Sprintf("%s must be %d characters or fewer", label, max))
	}
}

// Normalise tidies in (trims text, drops empty rows, normalises phone
// numbers) and reports every problem, each against its field, in the
// order of the form. Field names of rows are like "associates-0-name".
func (in *Input) Normalise() error {
	var v errs.Validation
	if !in.LookedAfter {
		v.Add("looked_after", "Confirm that the young person is looked after: a Philomena profile is kept only for children in care")
	}
	for _, f := range textFields[:6] {
		p := f.get(in)
		*p = strings.TrimSpace(*p)
		tooLong(&v, f.name, f.label, *p, f.max)
	}
	in.Associates = normaliseAssociates(&v, in.Associates)
	in.Locations = normaliseLocations(&v, in.Locations)
	in.Phones = normalisePhones(&v, in.Phones)
	for _, f := range textFields[6:] {
		p := f.get(in)
		*p = strings.TrimSpace(*p)
		tooLong(&v, f.name, f.label, *p, f.max)
	}
	return v.Err()
}

func normaliseAssociates(v *errs.Validation, rows []Associate) []Associate {
	out := []Associate{}
	for _, a := range rows {
		a.Name, a.Relationship = strings.TrimSpace(a.Name), strings.TrimSpace(a.Relationship)
		a.Phone, a.Address = strings.TrimSpace(a.Phone), strings.TrimSpace(a.Address)
		if a == (Associate{}) {
			continue
		}
		field := fmt.Sprintf("associates-%d-", len(out))
		n := len(out) + 1
		if a.Name == "" {
			v.Add(field+"name", fmt.Sprintf("Enter the name of associate %d, or clear the row", n))
		}
		tooLong(v, field+"name", fmt.Sprintf("The name of associate %d", n), a.Name, MaxShort)
		tooLong(v, field+"relationship", fmt.Sprintf("The relationship of associate %d", n), a.Relationship, MaxShort)
		if a.Phone != "" {
			if p, err := people.NormalisePhone(a.Phone); err != nil {
				v.Add(field+"phone", fmt.Sprintf("Associate %d: %s", n, err))
			} else {
				a.Phone = p
			}
		}
		tooLong(v, field+"address", fmt.Sprintf("The address of associate %d", n), a.Address, MaxShort)
		out = append(out, a)
	}
	if len(out) > MaxRows {
		v.Add("associates", fmt.Sprintf("Record %d associates or fewer", MaxRows))
	}
	return out
}

func normaliseLocations(v *errs.Validation, rows []Location) []Location {
	out := []Location{}
	for _, l := range rows {
		l.Place, l.Why = strings.TrimSpace(l.Place), strings.TrimSpace(l.Why)
		if l == (Location{}) {
			continue
		}
		field := fmt.Sprintf("risky_locations-%d-", len(out))
		n := len(out) + 1
		if l.Place == "" {
			v.Add(field+"place", fmt.Sprintf("Enter the place of risky location %d, or clear the row", n))
		}
		tooLong(v, field+"place", fmt.Sprintf("The place of risky location %d", n), l.Place, MaxShort)
		tooLong(v, field+"why", fmt.Sprintf("Why risky location %d is a risk", n), l.Why, MaxText)
		out = append(out, l)
	}
	if len(out) > MaxRows {
		v.Add("risky_locations", fmt.Sprintf("Record %d risky locations or fewer", MaxRows))
	}
	return out
}

func normalisePhones(v *errs.Validation, list []string) []string {
	out := []string{}
	var problems []string
	for _, s := range list {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		p, err := people.NormalisePhone(s)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%q", s))
			continue
		}
		out = append(out, p)
	}
	switch {
	case len(problems) > 0:
		v.Add("phones", fmt.Sprintf("%s is not a phone number: enter UK numbers, one on each line, like 07700 900 982",
			strings.Join(problems, " and ")))
	case len(out) > MaxRows:
		v.Add("phones", fmt.Sprintf("Record %d phone numbers or fewer", MaxRows))
	}
	return out
}

// changedFields names the parts of the profile that differ, never their
// values.
func changedFields(a, b Input) audit.Changes {
	var c audit.Changes
	c.Field("looked after", a.LookedAfter == b.LookedAfter)
	for _, f := range textFields {
		c.Field(strings.ToLower(f.label), *f.get(&a) == *f.get(&b))
	}
	c.Field("associates", slices.Equal(a.Associates, b.Associates))
	c.Field("risky locations", slices.Equal(a.Locations, b.Locations))
	c.Field("phone numbers", slices.Equal(a.Phones, b.Phones))
	return c
}
