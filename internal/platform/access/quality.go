package access

import (
	"fmt"
	"strings"

	"mace/internal/platform/auth"
	"mace/internal/platform/db"
)

// The quality audit of return home interviews. Managers of the local
// authority audit the interviews of children whose records it owns; a
// manager of a commissioned return interview service (an organisation that
// is not a local authority or police force) audits the interviews its own
// service offered, named as the organisation is named, of records it may
// see. Analysts and data protection officers of the authority read the
// summaries, as do the managers. Administrators and the authority's
// managers keep the list of standards.

// commissioned reports whether u works for an organisation that may offer
// return interviews on an authority's behalf.
func commissioned(u *auth.User) bool {
	t := u.Organisation.Type
	return t != auth.LocalAuthority && t != auth.PoliceForce
}

// AuditInterviews reports whether u audits return interviews at all.
func AuditInterviews(u *auth.User) bool {
	return u != nil && u.Active && u.Has(auth.Manager) &&
		(u.Organisation.Type == auth.LocalAuthority || commissioned(u))
}

// AuditInterview reports whether u may audit the return interview offered
// by service about the person record r.
func AuditInterview(u *auth.User, r Record, service string) bool {
	if !AuditInterviews(u) || View(u, r) != Full {
		return false
	}
	if u.Organisation.Type == auth.LocalAuthority {
		return u.Organisation.ID == r.OwnerOrgID
	}
	return SameService(u.Organisation.Name, service)
}

// ReadQualitySummary reports whether u may read the summaries of audits.
func ReadQualitySummary(u *auth.User) bool {
	if u == nil || !u.Active {
		return false
	}
	if u.Organisation.Type == auth.LocalAuthority {
		return u.Has(auth.Manager, auth.Analyst, auth.DPO)
	}
	return AuditInterviews(u)
}

// ManageStandards reports whether u may add and retire audit standards.
func ManageStandards(u *auth.User) bool {
	return u != nil && u.Active && (u.Has(auth.Administrator) ||
		(u.Has(auth.Manager) && u.Organisation.Type == auth.LocalAuthority))
}

// ServiceKey is how services are compared: case and spacing ignored.
func ServiceKey(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// SameService reports whether two names are of the same service.
func SameService(a, b string) bool { return ServiceKey(a) != "" && ServiceKey(a) == ServiceKey(b) }

// QualityScope is the SQL condition keeping the interviews whose audits u
// may read or make, over the person record (its id, owning authority and
// restricted columns) and the column of the interview's service key.
// Counts in summaries use it without the restriction check (withContent
// false): a number reveals no one's record.
func QualityScope(u *auth.User, a *db.Args, personIDCol, ownerCol, restrictedCol, serviceKeyCol string, withContent bool) string {
	people := QualityPeopleScope(u, a, personIDCol, ownerCol, restrictedCol, withContent)
	if key := QualityServiceKey(u); key != "" && people != "FALSE" {
		return fmt.Sprintf("(%s = %s AND %s)", serviceKeyCol, a.Add(key), people)
	}
	return people
}

// QualityPeopleScope is the part of QualityScope over the person record
// alone; QualityServiceKey is the rest.
func QualityPeopleScope(u *auth.User, a *db.Args, personIDCol, ownerCol, restrictedCol string, withContent bool) string {
	if !ReadQualitySummary(u) {
		return "FALSE"
	}
	if u.Organisation.Type == auth.LocalAuthority {
		own := fmt.Sprintf("%s = %s", ownerCol, a.Add(u.Organisation.ID))
		if withContent {
			return fmt.Sprintf("(%s AND %s)", own, ContentScope(u, a, "person", personIDCol, ownerCol, restrictedCol))
		}
		return own
	}
	if withContent {
		return ContentScope(u, a, "person", personIDCol, ownerCol, restrictedCol)
	}
	return Scope(u, a, "person", personIDCol, ownerCol)
}

// QualityServiceKey is the service (as ServiceKey compares it) whose
// interviews alone u audits and reads: u's organisation's, for a
// commissioned service; empty for a local authority's staff, who see every
// service's interviews of their records.
func QualityServiceKey(u *auth.User) string {
	if !ReadQualitySummary(u) || u.Organisation.Type == auth.LocalAuthority {
		return ""
	}
	return ServiceKey(u.Organisation.Name)
}
