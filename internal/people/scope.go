package people

import (
	"fmt"

	"mace/internal/platform/auth"
	"mace/internal/platform/db"
)

// ScopeRule is one of access's scope functions: an SQL condition, for u,
// over a person record's id, owning authority and restricted columns.
type ScopeRule func(u *auth.User, a *db.Args, idCol, ownerCol, restrictedCol string) string

// ScopeSQL is the SQL condition keeping the rows of another feature's table
// whose column personIDCol holds the id of a person record, not merged into
// another, that rule keeps for u. People builds it, so the people table is
// named only by this package. It is a correlated lookup by the people
// table's primary key, so the caller's own indexes choose the rows and each
// row costs one lookup, on SQLite as on PostgreSQL (where it is a semi-join).
func ScopeSQL(u *auth.User, a *db.Args, personIDCol string, rule ScopeRule) string {
	return fmt.Sprintf("EXISTS (SELECT 1 FROM people p WHERE p.id = %s AND p.merged_into IS NULL AND %s)",
		personIDCol, rule(u, a, "p.id", "p.owner_org_id", "p.restricted"))
}
