package access

import "mace/internal/platform/auth"

// Importing the police's missing notifications. Missing coordinators and
// police officers import files; a police officer who is not also a missing
// coordinator records and imports episodes for their own force only. An
// import is its uploader's alone: only they see its rows, follow it and
// commit it. Missing coordinators work the review list of rows no record
// certainly matched.

// ImportMissing reports whether u may import missing notifications.
func ImportMissing(u *auth.User) bool {
	return u != nil && u.Active && (u.Has(auth.MissingCoordinator) || policeOfficer(u))
}

// ReviewMissingImport reports whether u may work the review list of
// imported rows.
func ReviewMissingImport(u *auth.User) bool {
	return u != nil && u.Active && u.Has(auth.MissingCoordinator)
}

// OwnForceOnly reports whether u records and imports missing episodes only
// for their own force: a police officer who is not a missing coordinator.
func OwnForceOnly(u *auth.User) bool {
	return u != nil && policeOfficer(u) && !u.Has(auth.MissingCoordinator)
}

// ImportUploader reports whether u may see and work the import uploaded by
// the user createdBy: only its uploader may.
func ImportUploader(u *auth.User, createdBy string) bool {
	return u != nil && createdBy != "" && u.ID == createdBy
}
