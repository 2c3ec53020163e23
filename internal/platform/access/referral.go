package access

import (
	"fmt"

	"mace/internal/platform/auth"
	"mace/internal/platform/db"
)

// Referral sight: a referral is read in full by the receiving local
// authority's staff, and by the user who made it only as far as what they
// sent and the outcome. Once a referral is linked to a young person's
// record it is content about that person: staff who may not see the record
// in full see that it exists (its reference, when it arrived, its state
// and when the decision is due) and nothing of what it says.
const (
	ReferralNone      Level = iota // not shown
	ReferralExistence              // that it exists and where it is in the queue, nothing of its content
	ReferralOutcome                // the referrer's own: what they sent and the outcome
	ReferralFull                   // the whole referral, checks and decision
)

// Roles of the receiving authority that screen referrals.
var Screeners = []auth.Role{auth.Screener, auth.Lead, auth.Manager}

// ViewReferral is how much of a referral to authorityID, made by the user
// createdBy, u may see.
func ViewReferral(u *auth.User, authorityID, createdBy string) Level {
	switch {
	case u == nil || !u.Active:
		return ReferralNone
	case u.Organisation.Type == auth.LocalAuthority && u.Organisation.ID == authorityID && u.Has(AuthorityStaff...):
		return ReferralFull
	case u.ID == createdBy:
		return ReferralOutcome
	}
	return ReferralNone
}

// ViewReferralAbout is how much of a referral u may see once it is linked
// to the person record r (nil while it is linked to none): ViewReferral,
// narrowed by the record. Whoever may not see the record in full keeps
// only their own text as its referrer, or else learns that it exists.
func ViewReferralAbout(u *auth.User, authorityID, createdBy string, r *Record) Level {
	l := ViewReferral(u, authorityID, createdBy)
	if l != ReferralFull || SeeAbout(u, r) {
		return l
	}
	if u.ID == createdBy {
		return ReferralOutcome
	}
	return ReferralExistence
}

// MakeReferral reports whether u may make a referral: any active user.
func MakeReferral(u *auth.User) bool { return u != nil && u.Active }

// Screen reports whether u may screen referrals to authorityID: link the
// child, record agency checks and decide.
func Screen(u *auth.User, authorityID string) bool {
	return u != nil && u.Active && u.Organisation.Type == auth.LocalAuthority &&
		u.Organisation.ID == authorityID && u.Has(Screeners...)
}

// SignOffNoFurtherAction reports whether u may sign off a decision of no
// further action on an exploitation referral to authorityID: a manager of
// that authority other than the one who decided it.
func SignOffNoFurtherAction(u *auth.User, authorityID, decidedBy string) bool {
	return Screen(u, authorityID) && u.Has(auth.Manager) && u.ID != decidedBy
}

// ScreeningQueue reports whether u sees authorityID's screening queue.
func ScreeningQueue(u *auth.User) bool {
	return u != nil && u.Active && u.Organisation.Type == auth.LocalAuthority && u.Has(AuthorityStaff...)
}

// ReferralScope is the SQL condition keeping the referrals u may see in
// full: those to u's own authority when u works there in a casework role.
func ReferralScope(u *auth.User, a *db.Args, authorityCol string) string {
	if !ScreeningQueue(u) {
		return "FALSE"
	}
	return fmt.Sprintf("%s = %s", authorityCol, a.Add(u.Organisation.ID))
}
