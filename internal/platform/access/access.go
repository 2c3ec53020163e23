// Package access is the one place that decides who may see or do what to
// which record. It knows users (organisation, roles, teams) and a record's
// owning local authority, the organisations involved with it and any
// restriction to named users; it knows nothing else about the record. The
// same rules produce the SQL that scopes every list and search, so a search
// can never show what a page would refuse.
package access

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"slices"
	"time"

	"mace/internal/platform/auth"
	"mace/internal/platform/db"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Migrations are this package's tables.
var Migrations = db.MigrationsFrom(migrationFS, "migrations")

// Record is what the rules need to know about a record.
type Record struct {
	Type        string // e.g. "person"
	ID          string
	OwnerOrgID  string   // the owning local authority
	InvolvedOrg []string // other organisations involved (created it, granted access)
	Restricted  bool
	NamedUsers  []string // who may see a restricted record
}

// Level is how much of a record a user may see.
type Level int

// Levels of sight.
const (
	None      Level = iota // the record is not shown at all
	Existence              // restricted: the user may know it exists, not its content
	Full
)

// Roles that see children's records in their own local authority.
var AuthorityStaff = []auth.Role{auth.Screener, auth.Practitioner, auth.Lead, auth.Manager,
	auth.MissingCoordinator, auth.Analyst, auth.DPO}

// Roles that see records their organisation is involved with.
var RecordReaders = []auth.Role{auth.Screener, auth.Practitioner, auth.Lead, auth.Manager,
	auth.MissingCoordinator, auth.Analyst, auth.DPO, auth.Police}

// Roles that may create and change person records.
var RecordWriters = []auth.Role{auth.Screener, auth.Practitioner, auth.Lead, auth.Manager,
	auth.MissingCoordinator, auth.Police}

func ownerStaff(u *auth.User, r Record) bool {
	return u.Organisation.Type == auth.LocalAuthority && u.Organisation.ID == r.OwnerOrgID && u.Has(AuthorityStaff...)
}

func involved(u *auth.User, r Record) bool {
	return slices.Contains(r.InvolvedOrg, u.Organisation.ID) && u.Has(RecordReaders...)
}

// View is how much of the record u may see.
func View(u *auth.User, r Record) Level {
	if u == nil || !u.Active {
		return None
	}
	if !ownerStaff(u, r) && !involved(u, r) {
		return None
	}
	if r.Restricted && !slices.Contains(r.NamedUsers, u.ID) {
		return Existence
	}
	return Full
}

// Edit reports whether u may change the record.
func Edit(u *auth.User, r Record) bool {
	return View(u, r) == Full && u.Has(RecordWriters...)
}

// Create reports whether u may create person records.
func Create(u *auth.User) bool { return u != nil && u.Active && u.Has(RecordWriters...) }

// ViewAudit reports whether u may see who has seen the record: managers who
// can see it, and the owning authority's data protection officer even when
// the record is restricted.
func ViewAudit(u *auth.User, r Record) bool {
	if u == nil || !u.Active {
		return false
	}
	if u.Has(auth.DPO) && u.Organisation.ID == r.OwnerOrgID {
		return true
	}
	return u.Has(auth.Manager) && View(u, r) == Full
}

// Manage reports whether u may restrict the record or grant another
// organisation access: a lead or manager of the owning authority who can
// see it.
func Manage(u *auth.User, r Record) bool {
	return View(u, r) == Full && ownerStaff(u, r) && u.Has(auth.Lead, auth.Manager)
}

// Merge reports whether u may merge the record dup into keep (two records
// found to be the same person) or undo that merge: a lead or manager who
// may manage both, so both are owned by the user's own authority and both
// are visible to them in full. Records owned by different authorities are
// merged after one is moved to the other's ownership, a decision for its
// owner.
func Merge(u *auth.User, keep, dup Record) bool {
	return keep.ID != dup.ID && Manage(u, keep) && Manage(u, dup)
}

// Administer reports whether u may use the administration pages at all:
// an administrator (of their own organisation) or a partnership
// administrator.
func Administer(u *auth.User) bool { return u != nil && u.Active && u.Has(Admins...) }

// AdministerPartnership reports whether u may add and change organisations
// and keep the calendar: a partnership administrator.
func AdministerPartnership(u *auth.User) bool {
	return u != nil && u.Active && u.Has(PartnershipAdmins...)
}

// AdministerOrg reports whether u may manage the teams and users of the
// organisation orgID, and revoke their API tokens: its own administrators,
// and partnership administrators.
func AdministerOrg(u *auth.User, orgID string) bool {
	if AdministerPartnership(u) {
		return true
	}
	return Administer(u) && u.Has(auth.Administrator) && orgID != "" && u.Organisation.ID == orgID
}

// AdministerUser reports whether u may change the user target (their
// details, password, roles and teams) and revoke their API tokens: an
// administrator of target's organisation, unless target is a partnership
// administrator, whom only a partnership administrator manages (else an
// administrator could take over a wider role by resetting its password).
func AdministerUser(u, target *auth.User) bool {
	if target == nil || !AdministerOrg(u, target.Organisation.ID) {
		return false
	}
	return !target.Has(PartnershipAdmins...) || AdministerPartnership(u)
}

// GrantRole reports whether u may give a user the role: any role but the
// partnership administrator's, which only a partnership administrator
// gives.
func GrantRole(u *auth.User, r auth.Role) bool {
	if r == auth.PartnershipAdministrator {
		return AdministerPartnership(u)
	}
	return Administer(u)
}

// Scope returns a SQL condition, for a query over records of recordType,
// that keeps only the rows u may see at least the existence of. idCol and
// ownerCol name the record's id and owning organisation columns.
func Scope(u *auth.User, a *db.Args, recordType, idCol, ownerCol string) string {
	if u == nil || !u.Active || !u.Has(RecordReaders...) {
		return "FALSE"
	}
	involvedSQL := fmt.Sprintf(`EXISTS (SELECT 1 FROM record_organisations ro
		WHERE ro.record_type = %s AND ro.record_id = %s AND ro.organisation_id = %s)`,
		a.Add(recordType), idCol, a.Add(u.Organisation.ID))
	if u.Organisation.Type == auth.LocalAuthority && u.Has(AuthorityStaff...) {
		return fmt.Sprintf("(%s = %s OR %s)", ownerCol, a.Add(u.Organisation.ID), involvedSQL)
	}
	return involvedSQL
}

// ContentScope narrows Scope to rows whose content u may see: a restricted
// record only for its named users. Searches on content use it, so a search
// never reveals a restricted record through what it matched.
func ContentScope(u *auth.User, a *db.Args, recordType, idCol, ownerCol, restrictedCol string) string {
	if u == nil {
		return "FALSE"
	}
	return fmt.Sprintf(`(%s AND (NOT %s OR EXISTS (SELECT 1 FROM record_restrictions rr
		WHERE rr.record_type = %s AND rr.record_id = %s AND rr.user_id = %s)))`,
		Scope(u, a, recordType, idCol, ownerCol), restrictedCol, a.Add(recordType), idCol, a.Add(u.ID))
}

// Load reads the involvement and restriction of a record into r (whose Type,
// ID, OwnerOrgID and Restricted the caller has filled from its own table).
func Load(ctx context.Context, q db.Querier, r *Record) error {
	rows, err := q.QueryContext(ctx, `SELECT organisation_id FROM record_organisations
		WHERE record_type = $1 AND record_id = $2`, r.Type, r.ID)
	if err != nil {
		return fmt.Errorf("access: reading involvement: %w", err)
	}
	r.InvolvedOrg, err = collect(rows)
	if err != nil || !r.Restricted {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT user_id FROM record_restrictions
		WHERE record_type = $1 AND record_id = $2`, r.Type, r.ID)
	if err != nil {
		return fmt.Errorf("access: reading restriction: %w", err)
	}
	r.NamedUsers, err = collect(rows)
	return err
}

func collect(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Involve records that an organisation is involved with a record (it created
// it, or was granted access). Doing it twice changes nothing.
func Involve(ctx context.Context, tx *sql.Tx, recordType, recordID, orgID, reason string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO record_organisations (record_type, record_id, organisation_id, reason, created_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (record_type, record_id, organisation_id) DO NOTHING`,
		recordType, recordID, orgID, reason, db.Time(now))
	if err != nil {
		return fmt.Errorf("access: recording involvement: %w", err)
	}
	return nil
}

// Uninvolve removes an organisation's involvement with a record (undoing
// what Involve recorded).
func Uninvolve(ctx context.Context, tx *sql.Tx, recordType, recordID, orgID string) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM record_organisations
		WHERE record_type = $1 AND record_id = $2 AND organisation_id = $3`, recordType, recordID, orgID)
	if err != nil {
		return fmt.Errorf("access: removing involvement: %w", err)
	}
	return nil
}

// SetNamedUsers replaces the users who may see a restricted record.
func SetNamedUsers(ctx context.Context, tx *sql.Tx, recordType, recordID string, userIDs []string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM record_restrictions WHERE record_type = $1 AND record_id = $2",
		recordType, recordID); err != nil {
		return fmt.Errorf("access: clearing restriction: %w", err)
	}
	for _, id := range userIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO record_restrictions (record_type, record_id, user_id, created_at)
			VALUES ($1, $2, $3, $4) ON CONFLICT (record_type, record_id, user_id) DO NOTHING`,
			recordType, recordID, id, db.Time(now)); err != nil {
			return fmt.Errorf("access: naming a user: %w", err)
		}
	}
	return nil
}

// LoadMany fills in the involved organisations and named users of many
// records of one type at once, as Load does for one: a list of a hundred
// items reads access in a few queries, not a hundred.
func LoadMany(ctx context.Context, q db.Querier, recordType string, records map[string]*Record) error {
	ids := make([]string, 0, len(records))
	for id := range records {
		ids = append(ids, id)
	}
	return db.Chunks(db.Distinct(ids), func(part []string) error {
		for _, s := range []struct {
			table, column string
			add           func(r *Record, v string)
		}{
			{"record_organisations", "organisation_id", func(r *Record, v string) { r.InvolvedOrg = append(r.InvolvedOrg, v) }},
			{"record_restrictions", "user_id", func(r *Record, v string) {
				if r.Restricted {
					r.NamedUsers = append(r.NamedUsers, v)
				}
			}},
		} {
			a := db.Args{recordType}
			rows, err := q.QueryContext(ctx, "SELECT record_id, "+s.column+" FROM "+s.table+
				" WHERE record_type = $1 AND record_id IN "+a.In(part), a...)
			if err != nil {
				return fmt.Errorf("access: reading access to records: %w", err)
			}
			for rows.Next() {
				var id, v string
				if err := rows.Scan(&id, &v); err != nil {
					rows.Close()
					return err
				}
				if r := records[id]; r != nil {
					s.add(r, v)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
}

// Involvement is one organisation's involvement with a record: why, and
// since when.
type Involvement struct {
	OrganisationID string
	Reason         string
	Since          time.Time
}

// Involvements lists the organisations involved with a record, with the
// reason each was recorded (created it, a missing episode, a grant and why,
// discussed with everyone present at a meeting), earliest first: what a
// record's "Who may see this record" shows.
func Involvements(ctx context.Context, q db.Querier, recordType, recordID string) ([]Involvement, error) {
	rows, err := q.QueryContext(ctx, `SELECT organisation_id, reason, created_at FROM record_organisations
		WHERE record_type = $1 AND record_id = $2 ORDER BY created_at, organisation_id`, recordType, recordID)
	if err != nil {
		return nil, fmt.Errorf("access: reading involvement: %w", err)
	}
	defer rows.Close()
	var out []Involvement
	for rows.Next() {
		var in Involvement
		if err := rows.Scan(&in.OrganisationID, &in.Reason, db.ScanTime(&in.Since)); err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, rows.Err()
}
