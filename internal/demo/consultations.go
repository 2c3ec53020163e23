package demo

import (
	"context"
	"fmt"
	"time"

	"mace/internal/consultation"
	"mace/internal/people"
	"mace/internal/platform/auth"
)

// demoConsultation is one invented call for advice.
type demoConsultation struct {
	takenBy    string // a demo user's email
	hoursAgo   int
	method     string
	name, role string
	orgKey     string // a demo organisation, or "" for Other
	otherOrg   string
	child      string
	age        int
	linkChild  bool // link to one of the authority's children
	concerns   []string
	question   string
	advice     string
	state      string
}

var demoConsultations = []demoConsultation{
	{"screener@northfield.example", 3, consultation.Phone, "Andrew Bennett", "Designated safeguarding lead", "hollinsby-academy", "",
		"", 14, true, []string{"cce", "county-lines"},
		"A Year 9 pupil has new clothes and a second phone, and has missed afternoons. Is this enough to refer?",
		"Yes: make a referral today, describing the changes you have seen and the dates of the missed afternoons.", consultation.AdvisedToRefer},
	{"lead@northfield.example", 26, consultation.Video, "Kwame Asante", "Case manager", "northfield-yjs", "",
		"Jay (known as J-Boy)", 16, false, []string{"cce"},
		"A young person on an order was stopped in another county with cash. What should happen next?",
		"Share with police intelligence, and refer: we will consider a strategy discussion at tomorrow's morning meeting.", consultation.ReferralMade},
	{"practitioner@northfield.example", 50, consultation.Email, "Fiona Mackay", "Named nurse for safeguarding", "health", "",
		"", 15, false, []string{"cse", "online"},
		"A patient disclosed contact with an older man she met online. She asked us not to tell anyone.",
		"Explain to her why you must share this; refer the same day. Keep a note of her exact words.", consultation.NotYet},
	{"screener@northfield.example", 74, consultation.InPerson, "Ruth Calloway", "Youth worker", "", "Meadowbank Youth Club",
		"", 0, false, nil,
		"Older teenagers have been waiting outside the club at closing time. No particular child is named.",
		"No referral for now: pass the times and descriptions to police via the community safety partnership, and call back if a child is named.", consultation.NoReferral},
	{"manager@northfield.example", 98, consultation.Phone, "Lucy Turner", "Young people's worker", "waymark", "",
		"", 13, false, []string{"cce"},
		"A 13-year-old says he is 'holding' for an older cousin. Does this meet the threshold?",
		"Possible criminal exploitation: refer, and keep him engaged with your service meanwhile.", consultation.AdvisedToRefer},
	{"practitioner@riverside.example", 8, consultation.Phone, "Yasmin Akhtar", "Head of year", "wharfside-high", "",
		"", 15, false, []string{"trafficking"},
		"A pupil has not been seen for a week and her family say she is 'with relatives'.",
		"Report her missing to police now, then refer.", consultation.AdvisedToRefer},
}

// SeedConsultations logs a handful of invented consultations through the
// consultation service, as the demo staff who took them, around asOf.
func SeedConsultations(ctx context.Context, a *auth.Service, svc *consultation.Service, asOf time.Time) error {
	orgs, err := a.ListOrganisations(ctx)
	if err != nil {
		return err
	}
	orgNames, _ := Partnership()
	ids := map[string]string{}
	for _, o := range orgNames {
		for _, created := range orgs {
			if created.Name == o.Name {
				ids[o.Key] = created.ID
			}
		}
	}
	for i, dc := range demoConsultations {
		u, err := a.UserByEmail(ctx, dc.takenBy)
		if err != nil {
			return fmt.Errorf("consultation %d: %w", i+1, err)
		}
		as := auth.WithUser(ctx, u)
		in := consultation.Input{
			OccurredAt: asOf.Add(-time.Duration(dc.hoursAgo) * time.Hour), Method: dc.method,
			ProfessionalName: dc.name, ProfessionalRole: dc.role, OrganisationID: consultation.OtherOrganisation,
			OtherOrganisation: dc.otherOrg, ChildName: dc.child, ChildAge: dc.age, ConcernTypes: dc.concerns,
			Question: dc.question, Advice: dc.advice, ReferralState: dc.state,
		}
		if dc.orgKey != "" {
			in.OrganisationID, in.OtherOrganisation = ids[dc.orgKey], ""
		}
		if dc.linkChild {
			res, err := svc.People.List(as, people.ListQuery{PerPage: 20})
			if err != nil {
				return err
			}
			for _, p := range res.People {
				if p.Kind == people.Child && !p.ContentHidden {
					in.PersonID, in.ChildName, in.ChildAge = p.ID, p.Name(), 0
					in.ChildDateOfBirth = p.DateOfBirth.String()
					if p.DateOfBirth.IsZero() {
						in.ChildAge = p.EstimatedAge
					}
					break
				}
			}
		}
		if _, err := svc.Create(as, in, fmt.Sprintf("demo-%d", i)); err != nil {
			return fmt.Errorf("consultation %d: %w", i+1, err)
		}
	}
	return nil
}
