package app

import (
	"context"
	"math"
	"slices"
	"strconv"

	"mace/internal/people"
	"mace/internal/platform/civil"
	"mace/internal/referral"
)

// referralMatcher answers the front door's "who may this child be?" with
// the people feature's matcher: the child as the referrer gave them becomes
// a match query, and each match a candidate for the screener.
type referralMatcher struct {
	people *people.Service
}

func (m referralMatcher) Match(ctx context.Context, c referral.Child, limit int) ([]referral.Candidate, error) {
	// A referral may give more names and phones than a match search takes:
	// the first of each are enough to find the child.
	first := func(l []string) []string { return l[:min(len(l), people.MaxMatchItems)] }
	q := people.MatchQuery{GivenNames: c.GivenNames, FamilyName: c.FamilyName,
		OtherNames: first(slices.Concat(c.KnownAs, c.StreetNames)), AgeYears: c.ApproximateAge, Phones: first(c.Phones)}
	if c.DateOfBirth != "" {
		if d, err := civil.Parse(c.DateOfBirth); err == nil {
			q.DateOfBirth = d
		}
	}
	if c.Postcode != "" {
		q.Postcodes = []string{c.Postcode}
	}
	ms, err := m.people.Matches(ctx, q, limit)
	if err != nil {
		return nil, err
	}
	out := make([]referral.Candidate, 0, len(ms))
	for _, x := range ms {
		p := x.Person
		cand := referral.Candidate{PersonID: x.PersonID, Score: x.Score, Reasons: x.Reasons, Likely: x.Likely,
			Name: p.FamilyName + ", " + p.GivenName, Postcode: p.Postcode, ScoreOutOf: int(math.Round(x.Score * 100))}
		switch {
		case !p.DateOfBirth.IsZero():
			cand.Born = "Born " + p.DateOfBirth.Long()
		case p.EstimatedAge > 0:
			cand.Born = "About " + strconv.Itoa(p.EstimatedAge) + " years old when recorded"
		}
		out = append(out, cand)
	}
	return out, nil
}
