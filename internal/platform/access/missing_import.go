package access

import (
	"slices"

	"mace/internal/platform/auth"
)

// Importing the police's missing notifications.
//
// Who imports: police officers of a police force, and the missing
// coordinators of a local authority; a missing coordinator of any other
// organisation (a voluntary service commissioned for return interviews,
// say) does not. Each imports for their own organisation only. A police
// force's user imports episodes of their own force: the file's force column
// names it or is blank. An authority's coordinator imports a file a force
// sent the authority, on the force's behalf: the force column names a
// police force. An import is made for one local authority: the
// coordinator's own, or the one the officer names on upload.
//
// Matching a row uses every record, but the importer learns only what they
// may see. A row is imported at once only when ImportRow allows it: the
// importer may record missing episodes on the record matched (a force's
// officer on records the force is involved with, an authority's
// coordinator on records the authority owns or is involved with), and the
// row's force already is involved with the record, or the importer is a
// coordinator of the authority that owns it (whose import then grants the
// force access, audited as a grant). Every other row goes to review, and
// the importer's preview says the same of it whether no record matched,
// several may be the young person, or the one matched is a record they
// may not see; it gives none of that record's dates or episodes (an
// overlap is checked by whoever reviews the row).
//
// The review: a row belongs to the authority that owns the record it best
// matched, and with no record matched at all to the authority the import
// was made for. Only that authority's missing coordinators see it on the
// review list and decide (ReviewRow): choosing a record the force is not
// involved with is the decision that gives the force access, audited as a
// grant. The uploader follows their import's rows on its own page, where a
// row to review says only that the authority will match it.
//
// An import is its uploader's alone: only they see its rows, follow it and
// commit it.

// ImportMissing reports whether u may import missing notifications.
func ImportMissing(u *auth.User) bool {
	return u != nil && u.Active && (policeOfficer(u) || authorityCoordinator(u))
}

func authorityCoordinator(u *auth.User) bool {
	return u.Has(auth.MissingCoordinator) && u.Organisation.Type == auth.LocalAuthority
}

// ReviewMissingImport reports whether u may work a review list of imported
// rows (their own authority's, see ReviewRow).
func ReviewMissingImport(u *auth.User) bool {
	return u != nil && u.Active && authorityCoordinator(u)
}

// ReviewRow reports whether u may see and decide a row to review that
// belongs to the authority ownerOrgID.
func ReviewRow(u *auth.User, ownerOrgID string) bool {
	return ReviewMissingImport(u) && ownerOrgID != "" && u.Organisation.ID == ownerOrgID
}

// OwnForceOnly reports whether u imports missing episodes only for their
// own force: any user of a police force.
func OwnForceOnly(u *auth.User) bool {
	return u != nil && u.Organisation.Type == auth.PoliceForce
}

// ImportRow reports whether u may import, without review, a row of the
// police force forceID as an episode of the person record r.
func ImportRow(u *auth.User, r Record, forceID string) bool {
	if !RecordMissing(u, r) || !ImportMissing(u) {
		return false
	}
	return !GrantsForce(r, forceID) || (authorityCoordinator(u) && ownerStaff(u, r))
}

// GrantsForce reports whether an episode of the force forceID on the
// record r would give the force access to it: the force is not yet
// involved with the record.
func GrantsForce(r Record, forceID string) bool {
	return forceID != "" && forceID != r.OwnerOrgID && !slices.Contains(r.InvolvedOrg, forceID)
}

// ImportUploader reports whether u may see and work the import uploaded by
// the user createdBy: only its uploader may.
func ImportUploader(u *auth.User, createdBy string) bool {
	return u != nil && createdBy != "" && u.ID == createdBy
}
