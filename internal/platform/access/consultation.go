package access

import (
	"fmt"

	"mace/internal/platform/auth"
	"mace/internal/platform/db"
)

// Consultations are a local authority's log of professionals' calls for
// advice. Only the authority that took the call sees its log: its screeners,
// leads, managers and practitioners log and change consultations; its data
// protection officer and analysts read them. Nobody outside the authority
// sees them, whatever their role.

// Roles that log and change consultations.
var ConsultationWriters = []auth.Role{auth.Screener, auth.Lead, auth.Manager, auth.Practitioner}

// Roles that read the consultation log.
var ConsultationReaders = []auth.Role{auth.Screener, auth.Lead, auth.Manager, auth.Practitioner, auth.DPO, auth.Analyst}

func authorityStaff(u *auth.User) bool {
	return u != nil && u.Active && u.Organisation.Type == auth.LocalAuthority
}

// LogConsultation reports whether u may log a consultation (for their own
// local authority).
func LogConsultation(u *auth.User) bool {
	return authorityStaff(u) && u.Has(ConsultationWriters...)
}

// ReadConsultations reports whether u may see a consultation log at all.
func ReadConsultations(u *auth.User) bool {
	return authorityStaff(u) && u.Has(ConsultationReaders...)
}

// ViewConsultation reports whether u may see a consultation taken by the
// local authority ownerOrgID.
func ViewConsultation(u *auth.User, ownerOrgID string) bool {
	return ReadConsultations(u) && u.Organisation.ID == ownerOrgID
}

// ViewConsultationAbout is how much of a consultation taken by ownerOrgID
// u may see when it is linked to the person record r (nil while it is
// linked to none). A consultation about a young person is content about
// them: whoever may not see the record in full learns only that the call
// was taken (when, and whether a referral followed), never who asked, about
// whom, what or the advice.
func ViewConsultationAbout(u *auth.User, ownerOrgID string, r *Record) Level {
	switch {
	case !ViewConsultation(u, ownerOrgID):
		return None
	case !SeeAbout(u, r):
		return Existence
	}
	return Full
}

// EditConsultationAbout reports whether u may change a consultation taken
// by ownerOrgID and linked to the person record r (nil for none): only
// when u may also see the record in full.
func EditConsultationAbout(u *auth.User, ownerOrgID string, r *Record) bool {
	return EditConsultation(u, ownerOrgID) && SeeAbout(u, r)
}

// EditConsultation reports whether u may change a consultation taken by the
// local authority ownerOrgID.
func EditConsultation(u *auth.User, ownerOrgID string) bool {
	return LogConsultation(u) && u.Organisation.ID == ownerOrgID
}

// ConsultationScope returns a SQL condition keeping the consultations u may
// see; ownerCol names the column of the authority that took the call.
func ConsultationScope(u *auth.User, a *db.Args, ownerCol string) string {
	if !ReadConsultations(u) {
		return "FALSE"
	}
	return fmt.Sprintf("%s = %s", ownerCol, a.Add(u.Organisation.ID))
}
