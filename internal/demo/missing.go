package demo

import (
	"context"
	"fmt"
	"time"

	"mace/internal/missing"
	"mace/internal/people"
	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
	"mace/internal/rhiquality"
)

// demoEpisode is one invented missing episode, in hours before the demo's
// time: open when returnedAgo is 0.
type demoEpisode struct {
	child                 int // which of the chosen children
	typ, grading          string
	leftAgo, returnedAgo  int
	lookedAfter           bool
	reference             string
	foundAt, foundWith    string
	interview, accepted   bool
	offeredAfter, heldAgo int // hours after the return; hours before the demo's time
}

var demoEpisodes = []demoEpisode{
	// Missing now: the longest first on the list.
	{child: 0, typ: missing.Missing, grading: missing.HighRisk, leftAgo: 20, lookedAfter: true, reference: "NRP-MIS-0412"},
	{child: 1, typ: missing.Away, grading: missing.LowRisk, leftAgo: 3, reference: "NRP-MIS-0419"},
	// Returned three and a half days ago, never offered: overdue.
	{child: 2, typ: missing.Missing, grading: missing.MediumRisk, leftAgo: 100, returnedAgo: 84, reference: "NRP-MIS-0377",
		foundAt: "Northfield bus station", foundWith: "Older boy known as Skinz, about 19"},
	// Returned, offered the next morning, accepted and held.
	{child: 3, typ: missing.Missing, grading: missing.MediumRisk, leftAgo: 60, returnedAgo: 48, lookedAfter: true,
		foundAt: "Flat on Canal Street", interview: true, accepted: true, offeredAfter: 14, heldAgo: 20},
	// Three in thirty days: the third asks for a strategy discussion.
	{child: 4, typ: missing.Missing, grading: missing.MediumRisk, leftAgo: 25 * 24, returnedAgo: 25*24 - 9},
	{child: 4, typ: missing.Missing, grading: missing.HighRisk, leftAgo: 15 * 24, returnedAgo: 15*24 - 30,
		interview: true, offeredAfter: 20},
	{child: 4, typ: missing.Away, grading: missing.MediumRisk, leftAgo: 6 * 24, returnedAgo: 6*24 - 7,
		foundAt: "Riverside retail park", interview: true, offeredAfter: 30},
	// Returned this morning: the interview is not yet due.
	{child: 5, typ: missing.Away, grading: missing.NoApparentRisk, leftAgo: 16, returnedAgo: 10},
}

// SeedMissing records invented missing episodes of six Northfield children
// through the missing service, as Northfield's missing coordinator, with
// Northfield and Riverside Police as the force, around asOf.
func SeedMissing(ctx context.Context, a *auth.Service, peopleSvc *people.Service, svc *missing.Service, asOf time.Time) error {
	u, err := a.UserByEmail(ctx, "missing-coordinator@northfield.example")
	if err != nil {
		return err
	}
	as := auth.WithUser(ctx, u)
	// The held interviews are audited through the quality audit, over the
	// same episodes.
	quality := &rhiquality.Service{DB: svc.DB, Audit: svc.Audit, Missing: svc, Now: svc.Now}
	forceID := ""
	orgs, err := a.ListOrganisations(ctx)
	if err != nil {
		return err
	}
	for _, o := range orgs {
		if o.Type == auth.PoliceForce {
			forceID = o.ID
			break
		}
	}
	children, err := missingChildren(as, peopleSvc, u.Organisation.ID, calendar.LondonDate(asOf), 6)
	if err != nil {
		return err
	}
	asOf = asOf.Truncate(time.Minute)
	hours := func(n int) time.Time { return asOf.Add(-time.Duration(n) * time.Hour) }
	for i, de := range demoEpisodes {
		in := missing.Input{PersonID: children[de.child], Type: de.typ, StartAt: hours(de.leftAgo),
			ReportedBy: "Carer", RiskGrading: de.grading, LookedAfter: de.lookedAfter,
			PoliceOrgID: forceID, PoliceReference: de.reference, FoundPlace: missing.Place{Description: de.foundAt}}
		if de.lookedAfter {
			in.ReportedBy = "Residential home staff"
		}
		if de.foundWith != "" {
			in.FoundWith = missing.ParseAssociates(de.foundWith)
		}
		if de.returnedAgo > 0 {
			end := hours(de.returnedAgo)
			in.EndAt = &end
		}
		e, err := svc.CreateEpisode(as, in, "")
		if err != nil {
			return fmt.Errorf("missing episode %d: %w", i+1, err)
		}
		if !de.interview {
			continue
		}
		iv := missing.InterviewInput{OfferedAt: e.EndAt.Add(time.Duration(de.offeredAfter) * time.Hour),
			OfferedBy: u.Name, OfferedService: "Northfield Missing from Home Team", Outcome: missing.Declined}
		if de.accepted {
			iv.Outcome, iv.HeldAt = missing.Accepted, hours(de.heldAgo)
			iv.Places = []missing.Place{{Description: "A flat on Canal Street"}}
			iv.With = missing.ParseAssociates("Two older boys, names not given")
			iv.PushFactors, iv.PullFactors = "Arguments with staff about curfew.", "Given food, cigarettes and a new phone."
			iv.Concerns, iv.Indicators = []string{"cce"}, "New phone; asked to hold a bag for someone."
			iv.SharedWithPolice = true
			iv.FollowUps = []string{"Share the Canal Street address with police intelligence"}
		}
		if _, err := svc.RecordReturnInterview(as, e.ID, iv); err != nil {
			return fmt.Errorf("return interview %d: %w", i+1, err)
		}
		if de.accepted {
			if err := auditInterview(ctx, a, quality, e.ID); err != nil {
				return fmt.Errorf("quality audit of return interview %d: %w", i+1, err)
			}
		}
	}
	return nil
}

// auditInterview is Northfield's manager auditing a held return interview
// against the standards: each scored as the record suggests where it can
// tell, otherwise met, with a comment where a standard was not fully met.
func auditInterview(ctx context.Context, a *auth.Service, svc *rhiquality.Service, episodeID string) error {
	m, err := a.UserByEmail(ctx, "manager@northfield.example")
	if err != nil {
		return err
	}
	as := auth.WithUser(ctx, m)
	sub, err := svc.AuditSubject(as, episodeID)
	if err != nil {
		return err
	}
	in := rhiquality.AuditInput{Scores: map[string]string{}, Comments: map[string]string{},
		OverallComment: "A thorough interview: the young person's account is recorded in their own words and the information was shared the same day."}
	for _, st := range sub.Standards {
		if st.Retired() {
			continue
		}
		score := rhiquality.ScoreMet
		if sg, ok := sub.Suggestions[st.Code]; ok && sg.Score != "" {
			score = sg.Score
		}
		in.Scores[st.Code] = score
		if score != rhiquality.ScoreMet && score != rhiquality.ScoreNotUsed {
			in.Comments[st.Code] = "Not fully shown in the record; discussed with the worker."
		}
	}
	_, err = svc.SaveAudit(as, episodeID, in)
	return err
}

// missingChildren picks n children of the authority aged 11 to 17 on today,
// with a date of birth, in the order the people list gives them.
func missingChildren(ctx context.Context, peopleSvc *people.Service, orgID string, today civil.Date, n int) ([]string, error) {
	var out []string
	for after := ""; len(out) < n; {
		res, err := peopleSvc.List(ctx, people.ListQuery{After: after, PerPage: 200})
		if err != nil {
			return nil, err
		}
		for _, p := range res.People {
			if p.Kind != people.Child || p.OwnerOrgID != orgID || p.Restricted || p.DateOfBirth.IsZero() {
				continue
			}
			if age := p.DateOfBirth.AgeOn(today); age >= 11 && age <= 17 && len(out) < n {
				out = append(out, p.ID)
			}
		}
		if after = res.Next; after == "" {
			break
		}
	}
	if len(out) < n {
		return nil, fmt.Errorf("only %d children for the demo missing episodes", len(out))
	}
	return out, nil
}
