package demo

import (
	"context"
	"fmt"
	"time"

	"mace/internal/people"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/referral"
)

// demoReferral is one referral of the demo's front door: who sends it, about
// which child (an existing record, its name given as a referrer might spell
// it, or a child not yet known), how long ago, and how far screening has got.
type demoReferral struct {
	from      string // referrer's email
	existing  int    // index into the authority's children, or -1 for a new child
	spell     func(g *Generator, c *referral.Child)
	ago       time.Duration
	urgent    bool
	concerns  []string
	story     string
	decide    string // an outcome, or "" to leave it in the queue
	authority string // "northfield" or "riverside"
}

var demoReferrals = []demoReferral{
	{from: "referrer@hollinsby-academy.example", existing: 0, spell: nickname, ago: 2 * time.Hour, concerns: []string{"cce", "county-lines"},
		story: "Seen getting into a car with older boys at the end of the school day. Has a second phone and new trainers.", authority: "northfield"},
	{from: "referrer@health.example", existing: 1, spell: swapDayMonth, ago: 20 * time.Hour, concerns: []string{"cse"},
		story: "Attended the sexual health clinic with an adult male who answered questions for her.", authority: "northfield"},
	{from: "officer@police.example", existing: 2, spell: typo, ago: 40 * time.Hour, urgent: true, concerns: []string{"cce"},
		story: "Found in a flat used to supply drugs, 30 miles from home, during a warrant.", authority: "northfield"},
	{from: "referrer@northfield-yjs.example", existing: -1, ago: 3 * time.Hour, concerns: []string{"cce", "trafficking"},
		story: "Told his worker he owes money to people who make him carry parcels.", authority: "northfield"},
	{from: "referrer@waymark.example", existing: 3, spell: nickname, ago: 26 * time.Hour, concerns: []string{"online"},
		story: "Sharing images with an online contact who asks her to keep it secret.", decide: referral.Strategy, authority: "northfield"},
	{from: "referrer@wharfside-high.example", existing: 4, spell: typo, ago: 30 * time.Hour, concerns: []string{"cse"},
		story: "Friends say she is picked up from the park by a man in a silver car.", decide: referral.NoFurtherAction, authority: "northfield"},
	{from: "referrer@community-safety.example", existing: 0, spell: swapDayMonth, ago: 5 * time.Hour, concerns: []string{"county-lines"},
		story: "Stopped at the railway station with cash and two phones.", authority: "riverside"},
	{from: "referrer@health.example", existing: -1, ago: 50 * time.Minute, concerns: []string{"cse", "online"},
		story: "Disclosed to the school nurse that an older boyfriend shares her photos.", authority: "riverside"},
}

// nickname gives the child by a known-as name the referrer uses.
func nickname(g *Generator, c *referral.Child) {
	if short := g.t.nicknames[c.GivenNames]; len(short) > 0 {
		c.KnownAs = []string{short[0]}
		c.GivenNames = short[0]
	}
}

// swapDayMonth gives the date of birth with day and month swapped, as
// happens between date formats.
func swapDayMonth(_ *Generator, c *referral.Child) {
	d, err := civil.Parse(c.DateOfBirth)
	if err == nil && d.Day <= 12 && int(d.Month) != d.Day {
		if s, ok := civil.FromParts(d.Year, d.Day, int(d.Month)); ok {
			c.DateOfBirth = s.String()
		}
	}
}

// typo misspells the family name by doubling or dropping a letter.
func typo(_ *Generator, c *referral.Child) {
	n := []rune(c.FamilyName)
	if len(n) > 4 {
		c.FamilyName = string(append(append([]rune{}, n[:3]...), n[4:]...))
	}
}

// SeedReferrals adds the demo front door's referrals: some about children
// already on record, their names as a referrer might give them, some about
// new children, at different stages of screening. It is run after Seed.
func SeedReferrals(ctx context.Context, svc *referral.Service, auths *auth.Service, peopleSvc *people.Service, seed uint64, asOf time.Time) error {
	g := NewGenerator(seed + 1)
	children := map[string][]people.Summary{}
	for _, la := range []string{"northfield", "riverside"} {
		screener, err := auths.UserByEmail(ctx, "screener@"+la+".example")
		if err != nil {
			return err
		}
		res, err := peopleSvc.List(auth.WithUser(ctx, screener), people.ListQuery{PerPage: 200})
		if err != nil {
			return err
		}
		for _, p := range res.People {
			if p.Kind == people.Child && !p.ContentHidden && !p.DateOfBirth.IsZero() && p.OwnerOrgID == screener.Organisation.ID {
				children[la] = append(children[la], p)
			}
		}
	}
	for i, d := range demoReferrals {
		u, err := auths.UserByEmail(ctx, d.from)
		if err != nil {
			return err
		}
		screener, err := auths.UserByEmail(ctx, "screener@"+d.authority+".example")
		if err != nil {
			return err
		}
		in := referral.Input{AuthorityID: screener.Organisation.ID, Urgent: d.urgent,
			Referrer: referral.Referrer{Name: u.Name, Role: "Safeguarding lead", Email: u.Email},
			Concerns: d.concerns, Narrative: d.story, ChildKnows: "yes", ChildAgrees: "no", FamilyKnows: "not-known",
			FamilyAgrees: "not-known", Indicators: []string{"missing", "older-associates"}}
		if d.existing >= 0 && d.existing < len(children[d.authority]) {
			p := children[d.authority][d.existing]
			in.Child = referral.Child{GivenNames: p.GivenName, FamilyName: p.FamilyName, DateOfBirth: p.DateOfBirth.String(),
				Gender: p.Gender, Postcode: p.Postcode}
			if d.spell != nil {
				d.spell(g, &in.Child)
			}
		} else {
			c := g.Child(asOf)
			in.Child = referral.Child{GivenNames: c.GivenName, FamilyName: c.FamilyName, DateOfBirth: civil.Of(c.DateOfBirth).String(),
				Gender: c.Gender, School: "Wharfside High School"}
		}
		at := asOf.Add(-d.ago)
		s := *svc
		s.Now = func() time.Time { return at }
		r, err := s.Submit(auth.WithUser(ctx, u), in, fmt.Sprintf("demo-%d", i))
		if err != nil {
			return fmt.Errorf("demo referral %d: %w", i+1, err)
		}
		if d.decide == "" {
			continue
		}
		sctx := auth.WithUser(ctx, screener)
		if d.existing >= 0 && d.existing < len(children[d.authority]) {
			_, err = s.LinkPerson(sctx, r.ID, children[d.authority][d.existing].ID)
		} else {
			_, err = s.CreatePerson(sctx, r.ID)
		}
		if err != nil {
			return fmt.Errorf("demo referral %d: %w", i+1, err)
		}
		s.Now = func() time.Time { return at.Add(3 * time.Hour) }
		if _, err := s.Decide(sctx, r.ID, referral.DecisionInput{NeedLevel: 3, Outcome: d.decide, RiskLevel: "medium",
			Rationale: "Indicators of exploitation confirmed by agency checks.",
			Feedback:  "Thank you for the referral. The front door has decided what happens next."}); err != nil {
			return fmt.Errorf("demo referral %d: %w", i+1, err)
		}
	}
	return nil
}
