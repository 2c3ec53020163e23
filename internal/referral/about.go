package referral

import (
	"context"
	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// A referral linked to a young person's record is content about them: it is
// shown under the record's decision (access.ViewReferralAbout), and whoever
// may not see the record in full learns only that the referral exists.

// recordOf is the access record of a linked person's facts. A linked
// record that cannot be found is one no one may see.
func recordOf(f *people.Facts) *access.Record {
	if f == nil {
		return &access.Record{Type: people.RecordType, Restricted: true}
	}
	return &f.Record
}

// hide keeps of r only that it exists: its reference, when it arrived, its
// state and when the decision is due. It is about a young person whose
// record the reader may not see in full.
func hide(r *Referral) {
	*r = Referral{ID: r.ID, Reference: r.Reference, Input: Input{AuthorityID: r.AuthorityID, Urgent: r.Urgent},
		ReceivedAt: r.ReceivedAt, DecisionDueAt: r.DecisionDueAt, State: r.State, PersonID: r.PersonID,
		Version: r.Version, Hidden: true}
}

// errRestricted refuses work on a referral about a young person whose
// record the user may not see in full.
var errRestricted = errs.E(errs.Forbidden, "This referral is about a young person whose record is restricted to the people named on it: ask one of them, or your manager, to deal with it")

// narrow applies the access rules to a list of referrals u may see, by the
// records they are linked to, read in bulk in q: the referrer's own keep
// what they sent; the rest about a record u may not see in full keep only
// that they exist.
func narrow(ctx context.Context, q db.Querier, u *auth.User, rs []*Referral) error {
	var ids []string
	for _, r := range rs {
		if r.PersonID != "" {
			ids = append(ids, r.PersonID)
		}
	}
	facts, err := people.LoadManyFacts(ctx, q, ids)
	if err != nil {
		return errs.Wrap(err, "reading the young people's records")
	}
	for _, r := range rs {
		var rec *access.Record
		if r.PersonID != "" {
			rec = recordOf(facts[r.PersonID])
		}
		switch access.ViewReferralAbout(u, r.AuthorityID, r.CreatedBy, rec) {
		case access.ReferralFull:
		case access.ReferralOutcome:
			r.OutcomeOnly = true
		default:
			hide(r)
		}
	}
	return nil
}
