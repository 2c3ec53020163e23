package app

import (
	"context"
	"strings"
	"time"

	"mace/internal/meeting"
	"mace/internal/missing"
	"mace/internal/platform/auth"
	"mace/internal/referral"
)

// agendaSources gives the daily meeting's agenda its facts from the
// referral and missing services, as the signed-in user may see them.
type agendaSources struct {
	referrals *referral.Service
	missing   *missing.Service
	auth      *auth.Service
}

func (a agendaSources) ReferralsReceived(ctx context.Context, from, to time.Time) ([]meeting.ReferralFact, error) {
	rs, err := a.referrals.ReceivedBetween(ctx, from, to)
	if err != nil {
		return nil, err
	}
	orgs, err := a.auth.ListOrganisations(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, o := range orgs {
		names[o.ID] = o.Name
	}
	out := make([]meeting.ReferralFact, 0, len(rs))
	for _, r := range rs {
		f := meeting.ReferralFact{ReferralID: r.ID, Reference: r.Reference, PersonID: r.PersonID,
			ChildName:   strings.TrimSpace(r.Child.GivenNames + " " + r.Child.FamilyName),
			ReferrerOrg: names[r.ReferrerOrgID], ReceivedAt: r.ReceivedAt, Urgent: r.Urgent,
			State: strings.ToLower(referral.StateLabel(r.State)), DecisionDueAt: r.DecisionDueAt}
		if f.ReferrerOrg == "" {
			f.ReferrerOrg = "an unknown organisation"
		}
		if r.Decision != nil && r.State == referral.Decided {
			f.Outcome = strings.ToLower(referral.OutcomeLabel(r.Decision.Outcome))
		}
		out = append(out, f)
	}
	return out, nil
}

func (a agendaSources) MissingFacts(ctx context.Context, from, to time.Time) ([]meeting.MissingFact, error) {
	f, err := a.missing.ForAgenda(ctx, from, to)
	if err != nil {
		return nil, err
	}
	var out []meeting.MissingFact
	add := func(kind string, ss []missing.Summary) {
		for _, s := range ss {
			k := kind
			if kind == meeting.FactInterviewDue && s.InterviewDueAt.Before(to) {
				k = meeting.FactInterviewLate
			}
			grading := strings.ToLower(missing.GradingLabel(s.RiskGrading))
			if s.RiskGrading != missing.NoApparentRisk && grading != "" {
				grading += " risk"
			}
			out = append(out, meeting.MissingFact{Kind: k, EpisodeID: s.EpisodeID, PersonID: s.PersonID,
				PersonName: s.PersonName, StartAt: s.StartAt, EndAt: s.EndAt, RiskGrading: grading,
				InterviewDueAt: s.InterviewDueAt})
		}
	}
	add(meeting.FactStillMissing, f.StillMissing)
	add(meeting.FactReported, f.Reported)
	add(meeting.FactInterviewDue, f.InterviewsDue)
	return out, nil
}
