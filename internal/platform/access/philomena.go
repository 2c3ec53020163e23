package access

import "mace/internal/platform/auth"

// Philomena Protocol profiles: the description, photograph, associates and
// risky places of a looked-after child, kept in advance so that the police
// can search quickly when the child goes missing. They are part of the
// child's record, so only someone who sees the whole record (View is Full)
// may see them, and then only: missing coordinators; police officers of a
// force involved with the record; and the owning authority's casework staff
// (screeners, practitioners, leads, managers). Missing coordinators and the
// owning authority's practitioners, leads and managers keep them up to date.

// ViewPhilomena reports whether u may see the Philomena profile of the
// person record r.
func ViewPhilomena(u *auth.User, r Record) bool {
	if View(u, r) != Full {
		return false
	}
	switch {
	case u.Has(auth.MissingCoordinator):
		return true
	case u.Organisation.Type == auth.PoliceForce && u.Has(auth.Police):
		return true // View is Full only for a force involved with the record
	}
	return owningAuthority(u, r) && u.Has(auth.Screener, auth.Practitioner, auth.Lead, auth.Manager)
}

// EditPhilomena reports whether u may change the Philomena profile of the
// person record r, photograph included.
func EditPhilomena(u *auth.User, r Record) bool {
	if !ViewPhilomena(u, r) {
		return false
	}
	return u.Has(auth.MissingCoordinator) || (owningAuthority(u, r) && u.Has(auth.Practitioner, auth.Lead, auth.Manager))
}

func owningAuthority(u *auth.User, r Record) bool {
	return u.Organisation.Type == auth.LocalAuthority && u.Organisation.ID == r.OwnerOrgID
}
