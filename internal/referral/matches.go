package referral

import (
	"context"

	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
)

// Matcher finds existing people a referral's child may be. The people
// feature answers it; the app wires the two together.
type Matcher interface {
	Match(ctx context.Context, c Child, limit int) ([]Candidate, error)
}

// Candidate is a person the child may be, with a score and the reasons in
// plain words, best first.
type Candidate struct {
	PersonID string   `json:"person_id"`
	Score    float64  `json:"score"`
	Reasons  []string `json:"reasons"`
	// For the pages: how the record reads, and whether the score makes it
	// likely to be the same young person.
	Name       string `json:"-"`
	Born       string `json:"-"`
	Postcode   string `json:"-"`
	OwnerName  string `json:"-"`
	Likely     bool   `json:"-"`
	ScoreOutOf int    `json:"-"`
}

// Matches proposes the people the referral's child may be, ranked, among
// those the caller may see. Only the receiving authority's staff may ask.
func (s *Service) Matches(ctx context.Context, id string, limit int) (*Referral, []Candidate, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, nil, err
	}
	r, err := s.load(ctx, s.DB.Read(), u, id)
	if err != nil {
		return nil, nil, err
	}
	if r.Hidden {
		return nil, nil, errRestricted
	}
	if r.OutcomeOnly {
		return nil, nil, errs.E(errs.Forbidden, "Only the receiving authority can look for the child’s records")
	}
	if s.Matcher == nil {
		return r, nil, nil
	}
	if limit <= 0 || limit > 50 {
		limit = 10
	}
	cs, err := s.Matcher.Match(ctx, r.Child, limit)
	if err != nil {
		return nil, nil, errs.Wrap(err, "finding the child’s records")
	}
	return r, cs, nil
}
