package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mace/internal/platform/errs"
	"slices"

	"mace/internal/people"
	"mace/internal/philomena"
	"mace/internal/platform/auth"
)

// demoProfiles are invented Philomena profiles, given to the first of
// Northfield's demo children.
var demoProfiles = []philomena.Input{
	{
		LookedAfter: true, Height: "5ft 3in (160cm)", Build: "Slim", Hair: "Dark brown, short at the sides",
		Eyes: "Brown", Marks: "Small scar through the left eyebrow; pierced right ear",
		Clothing:   "Black padded jacket with the hood up, grey tracksuit, white trainers; carries a small crossbody bag",
		Associates: []philomena.Associate{{Name: "Tyler Mason", Relationship: "Friend from school", Phone: "07700 900 415"}, {Name: "\"Ghost\"", Relationship: "Older male, about 20", Address: "Seen around the Kingsway estate"}},
		Locations:  []philomena.Location{{Place: "Northfield bus station", Why: "Seen there late at night with older males"}, {Place: "Takeaways on Station Road", Why: "Reported handing over packages"}},
		Phones:     []string{"07700 900 982"},
		Transport:  "Buses into the city centre; has been found on trains to the coast. Seen getting into a grey hatchback.",
		Conditions: "Asthma", Medication: "Blue reliever inhaler, carried at all times", Allergies: "None known",
		Languages: "English", Placement: "Foster carers, the Hartleys: 01632 960 201 (day), 01632 960 202 (night). Out of hours: 01632 960 999",
	},
	{
		LookedAfter: true, Height: "5ft 6in (168cm)", Build: "Medium", Hair: "Black, shoulder length, often tied back",
		Eyes: "Dark brown", Marks: "Tattoo of a star on the back of the right hand",
		Clothing:   "Long dark coat, jeans, black boots",
		Associates: []philomena.Associate{{Name: "Jade Ellis", Relationship: "Friend", Phone: "07700 900 633", Address: "Riverside"}},
		Locations:  []philomena.Location{{Place: "The retail park car park after dark", Why: "Meets older people in cars there"}},
		Phones:     []string{"07700 900 271", "07700 900 272"},
		Transport:  "Taxis paid for by others; walks long distances at night",
		Conditions: "Type 1 diabetes", Medication: "Insulin twice a day: without it she becomes unwell within a day",
		Allergies: "Nuts", Languages: "English, Urdu",
		Placement: "Harbour House children's home: 01632 960 300, staffed day and night",
	},
}

// Silhouette draws an invented placeholder photograph: the outline of a
// head and shoulders on a plain background, so the demo shows where a
// photograph goes without showing anyone.
func Silhouette(w, h int, shade uint8) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	bg := color.RGBA{0xDE, 0xE0, 0xE2, 0xFF}
	fg := color.RGBA{shade, shade, shade + 8, 0xFF}
	hx, hy, hr := float64(w)/2, float64(h)*0.38, float64(w)*0.2
	sx, sy, srx, sry := float64(w)/2, float64(h)*1.02, float64(w)*0.42, float64(h)*0.36
	for y := range h {
		for x := range w {
			fx, fy := float64(x)+0.5, float64(y)+0.5
			dx, dy := (fx-hx)/hr, (fy-hy)/hr
			ex, ey := (fx-sx)/srx, (fy-sy)/sry
			if dx*dx+dy*dy <= 1 || ex*ex+ey*ey <= 1 {
				img.SetRGBA(x, y, fg)
			} else {
				img.SetRGBA(x, y, bg)
			}
		}
	}
	return img
}

// SeedPhilomena gives the first few of Northfield's demo children a
// Philomena profile with a placeholder photograph, kept by the demo missing
// coordinator, and involves the demo police force with them.
func SeedPhilomena(ctx context.Context, a *auth.Service, ps *people.Service, svc *philomena.Service) error {
	coordinator, err := a.UserByEmail(ctx, "missing-coordinator@northfield.example")
	if err != nil {
		return err
	}
	manager, err := a.UserByEmail(ctx, "manager@northfield.example")
	if err != nil {
		return err
	}
	officer, err := a.UserByEmail(ctx, "officer@police.example")
	if err != nil {
		return err
	}
	as := auth.WithUser(ctx, coordinator)
	res, err := ps.List(as, people.ListQuery{PerPage: 200})
	if err != nil {
		return err
	}
	i := 0
	for _, p := range res.People {
		if i == len(demoProfiles) {
			break
		}
		if p.Kind != people.Child || p.ContentHidden || p.Restricted || p.OwnerOrgID != coordinator.Organisation.ID {
			continue
		}
		// The police may be involved already, through a missing episode
		// they reported; then the record needs no grant.
		err := ps.Grant(auth.WithUser(ctx, manager), p.ID, officer.Organisation.ID,
			"Joint work with the police on missing episodes")
		if err != nil && !slices.ContainsFunc(errs.Fields(err), func(f errs.FieldError) bool { return f.Field == "organisation_id" }) {
			return fmt.Errorf("involving the police: %w", err)
		}
		if _, err := svc.Save(as, p.ID, demoProfiles[i]); err != nil {
			return fmt.Errorf("profile %d: %w", i+1, err)
		}
		var b bytes.Buffer
		if err := png.Encode(&b, Silhouette(300, 400, uint8(0x50+0x20*i))); err != nil {
			return err
		}
		if _, err := svc.SetPhoto(as, p.ID, b.Bytes(), 0); err != nil {
			return fmt.Errorf("photograph %d: %w", i+1, err)
		}
		i++
	}
	return nil
}
