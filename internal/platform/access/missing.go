package access

import (
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
)

// Missing episodes and return home interviews are about a person record, so
// the person's access decides first; roles decide the rest. Whoever may see
// the young person's record in full sees their missing history: staff of
// the owning authority in casework roles, and staff of organisations
// involved with the child (the police force that reported an episode is
// involved with the record). Missing coordinators and police officers who
// may change the record report episodes; a police officer changes only
// episodes of their own force (or of no force). Missing coordinators record
// return home interviews.

func policeOfficer(u *auth.User) bool {
	return u.Has(auth.Police) && u.Organisation.Type == auth.PoliceForce
}

// SeeMissing reports whether u may see the missing episodes of the person
// record r.
func SeeMissing(u *auth.User, r Record) bool { return View(u, r) == Full }

// RecordMissing reports whether u may report a missing episode of the
// person record r.
func RecordMissing(u *auth.User, r Record) bool {
	return Edit(u, r) && (u.Has(auth.MissingCoordinator) || policeOfficer(u))
}

// EditMissing reports whether u may change an episode of the person record
// r reported under the police force forceID ("" for none).
func EditMissing(u *auth.User, r Record, forceID string) bool {
	if !RecordMissing(u, r) {
		return false
	}
	return u.Has(auth.MissingCoordinator) || forceID == "" || forceID == u.Organisation.ID
}

// GrantForce reports whether u may name on an episode of the person record
// r a police force not yet involved with it, which gives the force access
// to the record: a decision for the owning authority's staff who may report
// the episode, not for a partner (a charity's coordinator, another force).
func GrantForce(u *auth.User, r Record) bool {
	return RecordMissing(u, r) && ownerStaff(u, r)
}

// RecordReturnInterview reports whether u may record the return home
// interview of an episode of the person record r.
func RecordReturnInterview(u *auth.User, r Record) bool {
	return Edit(u, r) && u.Has(auth.MissingCoordinator)
}

// MissingLists reports whether u sees the lists of children missing now
// and of overdue return interviews (each scoped by MissingScope).
func MissingLists(u *auth.User) bool {
	return u != nil && u.Active && u.Has(RecordReaders...)
}

// MissingScope is the SQL condition keeping the episodes u may see, over
// the person record they are about: its id, owning authority and restricted
// columns. It is the scope of SeeMissing: content, so a restricted record's
// episodes appear only to its named users.
func MissingScope(u *auth.User, a *db.Args, personIDCol, ownerCol, restrictedCol string) string {
	if !MissingLists(u) {
		return "FALSE"
	}
	return ContentScope(u, a, "person", personIDCol, ownerCol, restrictedCol)
}
