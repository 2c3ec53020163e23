package access

import (
	"fmt"

	"mace/internal/platform/auth"
	"mace/internal/platform/db"
)

// Statutory returns (the SSDA903 Missing table) are made by a local
// authority about its own children: its managers, analysts and missing
// coordinators make them. A return holds every child the authority owns,
// but a restricted record's rows go only to the users named on it; the
// others are told how many were left out.

// ExportReturns reports whether u may see and download their own
// authority's statutory returns.
func ExportReturns(u *auth.User) bool {
	return u != nil && u.Active && u.Organisation.Type == auth.LocalAuthority &&
		u.Has(ReturnMakers...)
}

// ReturnScope is the SQL condition keeping the person records of u's
// authority that u may put in a return, over their owning authority
// column. Restricted records are kept: ReturnIncludes decides on each.
func ReturnScope(u *auth.User, a *db.Args, ownerCol string) string {
	if !ExportReturns(u) {
		return "FALSE"
	}
	return fmt.Sprintf("%s = %s", ownerCol, a.Add(u.Organisation.ID))
}

// ReturnIncludes reports whether a row about a record of u's authority,
// restricted or not and with u named on it or not, goes into u's return. A
// nil u is the command line, run by the service's operators, which makes
// the whole return.
func ReturnIncludes(u *auth.User, restricted, named bool) bool {
	return u == nil || !restricted || named
}
