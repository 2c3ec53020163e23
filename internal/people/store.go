package people

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// The SQL of person records: this package's tables only.

const personColumns = `p.id, p.kind, p.given_name, p.family_name, p.date_of_birth, p.estimated_age, p.estimated_on,
	p.gender, p.ethnicity, p.nhs_number, p.upn, p.owner_org_id, p.restricted, p.created_at, p.updated_at, p.version`

func scanPerson(row interface{ Scan(...any) error }) (*Person, error) {
	var p Person
	var est sql.NullInt64
	err := row.Scan(&p.ID, &p.Kind, &p.GivenName, &p.FamilyName, &p.DateOfBirth, &est, &p.EstimatedOn,
		&p.Gender, &p.Ethnicity, &p.NHSNumber, &p.UPN, &p.OwnerOrgID, &p.Restricted,
		db.ScanTime(&p.CreatedAt), db.ScanTime(&p.UpdatedAt), &p.Version)
	p.EstimatedAge = int(est.Int64)
	return &p, err
}

func loadPerson(ctx context.Context, q db.Querier, id string) (*Person, error) {
	p, err := scanPerson(q.QueryRowContext(ctx, "SELECT "+personColumns+" FROM people p WHERE p.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(errs.NotFound, "There is no such person record")
	}
	if err != nil {
		return nil, fmt.Errorf("reading a person: %w", err)
	}
	return p, nil
}

// loadDetails fills the other names, addresses and phone numbers.
func loadDetails(ctx context.Context, q db.Querier, p *Person) error {
	rows, err := q.QueryContext(ctx, "SELECT kind, name FROM person_names WHERE person_id = $1 ORDER BY kind, position", p.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var kind, name string
		if err := rows.Scan(&kind, &name); err != nil {
			rows.Close()
			return err
		}
		if kind == "alias" {
			p.Aliases = append(p.Aliases, name)
		} else {
			p.KnownAs = append(p.KnownAs, name)
		}
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, "SELECT line, town, postcode, current FROM person_addresses WHERE person_id = $1 ORDER BY position", p.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var a Address
		if err := rows.Scan(&a.Line, &a.Town, &a.Postcode, &a.Current); err != nil {
			rows.Close()
			return err
		}
		p.Addresses = append(p.Addresses, a)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, "SELECT number FROM person_phones WHERE person_id = $1 ORDER BY position", p.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return err
		}
		p.Phones = append(p.Phones, n)
	}
	return rows.Err()
}

func nullInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

func insertPerson(ctx context.Context, tx *sql.Tx, p *Person, createdBy string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO people (id, kind, given_name, family_name, given_key, family_key,
		date_of_birth, estimated_age, estimated_on, gender, ethnicity, nhs_number, upn, owner_org_id, restricted,
		created_by, created_at, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, 1)`,
		p.ID, p.Kind, p.GivenName, p.FamilyName, nameKey(p.GivenName), nameKey(p.FamilyName),
		p.DateOfBirth, nullInt(p.EstimatedAge), p.EstimatedOn, p.Gender, p.Ethnicity, p.NHSNumber, p.UPN,
		p.OwnerOrgID, p.Restricted, createdBy, db.Time(p.CreatedAt))
	if err != nil {
		return fmt.Errorf("inserting a person: %w", err)
	}
	if err := writeDetails(ctx, tx, p); err != nil {
		return err
	}
	return syncMatchKeys(ctx, tx, p, true)
}

// updatePerson writes p over the stored record if its version is still
// fromVersion.
func updatePerson(ctx context.Context, tx *sql.Tx, p *Person, fromVersion int) error {
	res, err := tx.ExecContext(ctx, `UPDATE people SET kind = $1, given_name = $2, family_name = $3, given_key = $4,
		family_key = $5, date_of_birth = $6, estimated_age = $7, estimated_on = $8, gender = $9, ethnicity = $10,
		nhs_number = $11, upn = $12, owner_org_id = $13, updated_at = $14, version = version + 1
		WHERE id = $15 AND version = $16`,
		p.Kind, p.GivenName, p.FamilyName, nameKey(p.GivenName), nameKey(p.FamilyName), p.DateOfBirth,
		nullInt(p.EstimatedAge), p.EstimatedOn, p.Gender, p.Ethnicity, p.NHSNumber, p.UPN, p.OwnerOrgID,
		db.Time(p.UpdatedAt), p.ID, fromVersion)
	if err != nil {
		return fmt.Errorf("updating a person: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.Conflict, "Someone else changed this record while you were editing it. Your changes have not been saved: check the record and make them again.")
	}
	for _, t := range []string{"person_names", "person_name_words", "person_addresses", "person_phones"} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t+" WHERE person_id = $1", p.ID); err != nil {
			return err
		}
	}
	if err := writeDetails(ctx, tx, p); err != nil {
		return err
	}
	return syncMatchKeys(ctx, tx, p, false)
}

func writeDetails(ctx context.Context, tx *sql.Tx, p *Person) error {
	for kind, names := range map[string][]string{"known-as": p.KnownAs, "alias": p.Aliases} {
		for i, n := range names {
			if _, err := tx.ExecContext(ctx, `INSERT INTO person_names (person_id, kind, name, name_key, position)
				VALUES ($1, $2, $3, $4, $5)`, p.ID, kind, n, nameKey(n), i); err != nil {
				return fmt.Errorf("inserting a name: %w", err)
			}
		}
	}
	for _, w := range nameWords(p) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO person_name_words (person_id, word) VALUES ($1, $2)`, p.ID, w); err != nil {
			return fmt.Errorf("inserting a name word: %w", err)
		}
	}
	for i, a := range p.Addresses {
		if _, err := tx.ExecContext(ctx, `INSERT INTO person_addresses (person_id, position, line, town, postcode, current)
			VALUES ($1, $2, $3, $4, $5, $6)`, p.ID, i, a.Line, a.Town, a.Postcode, a.Current); err != nil {
			return fmt.Errorf("inserting an address: %w", err)
		}
	}
	for i, n := range p.Phones {
		if _, err := tx.ExecContext(ctx, `INSERT INTO person_phones (person_id, position, number) VALUES ($1, $2, $3)`,
			p.ID, i, n); err != nil {
			return fmt.Errorf("inserting a phone number: %w", err)
		}
	}
	return nil
}

func setRestricted(ctx context.Context, tx *sql.Tx, id string, restricted bool, now time.Time) error {
	_, err := tx.ExecContext(ctx, "UPDATE people SET restricted = $1, updated_at = $2, version = version + 1 WHERE id = $3",
		restricted, db.Time(now), id)
	return err
}

// Summary is a row of a list of people.
type Summary struct {
	ID            string
	Kind          string
	GivenName     string
	FamilyName    string
	DateOfBirth   civil.Date
	EstimatedAge  int
	Gender        string
	Postcode      string
	OwnerOrgID    string
	Restricted    bool
	ContentHidden bool

	familyKey, givenKey string // the sort keys of the name, for a cursor
}

// Name is the full name, given name first.
func (s Summary) Name() string { return s.GivenName + " " + s.FamilyName }

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// splitWords splits a name into its lower-cased words, at spaces, hyphens
// and apostrophes ("Mary-Jane O'Brien" is mary, jane, o, brien).
func splitWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == '-' || r == '\'' || r == '’' || r == '\t'
	})
}

// nameWords is every distinct word of every name of p.
func nameWords(p *Person) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range slices.Concat([]string{p.GivenName, p.FamilyName}, p.KnownAs, p.Aliases) {
		for _, w := range splitWords(n) {
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}

// searchCondition matches every word of the query against the start of a
// word of a given, family, known-as or street name (an index range on
// person_name_words), or the whole query against an NHS number.
func searchCondition(a *db.Args, query string) string {
	if n, err := NormaliseNHSNumber(query); err == nil {
		return "p.nhs_number = " + a.Add(n)
	}
	var conds []string
	for _, w := range splitWords(query) {
		// The range finds the words that start with w; LIKE keeps the
		// match exact whatever the database's collation.
		conds = append(conds, fmt.Sprintf(`p.id IN (SELECT nw.person_id FROM person_name_words nw
			WHERE nw.word >= %s AND nw.word < %s AND nw.word LIKE %s ESCAPE '\')`,
			a.Add(w), a.Add(w+"\U0010FFFF"), a.Add(escapeLike(w)+"%")))
	}
	if len(conds) == 0 {
		return "TRUE"
	}
	return strings.Join(conds, " AND ")
}

// listFilter picks the people of a list: the records User may know of, or
// with a Search only those whose content User may see and that match it;
// never a merged record; Limit of them after the cursor After (the family
// key, given key and id of the last one of the page before) when set.
type listFilter struct {
	User   *auth.User
	Search string
	After  []string
	Limit  int
}

// where is the filter's condition, its values added to a.
func (f listFilter) where(a *db.Args) string {
	var where string
	if f.Search != "" {
		where = access.ContentScope(f.User, a, RecordType, "p.id", "p.owner_org_id", "p.restricted") + " AND " + searchCondition(a, f.Search)
	} else {
		where = access.Scope(f.User, a, RecordType, "p.id", "p.owner_org_id")
	}
	return where + " AND p.merged_into IS NULL"
}

// nameOrder names the order of the people list (family name, given name,
// id: the index people_family) for its cursors.
const nameOrder = "people-by-name"

// CountUpTo is how far the count of a list of people goes: beyond it a
// list says "more than 1,000" rather than read every record.
const CountUpTo = 1000

// countPeople is how many people the filter picks, up to CountUpTo, and
// whether there are more.
func countPeople(ctx context.Context, q db.Querier, f listFilter) (int, bool, error) {
	var args db.Args
	where := f.where(&args)
	var n int
	err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM people p WHERE "+where+" LIMIT "+args.Add(CountUpTo+1)+") c", args...).Scan(&n)
	if err != nil {
		return 0, false, fmt.Errorf("counting people: %w", err)
	}
	if n > CountUpTo {
		return CountUpTo, true, nil
	}
	return n, false, nil
}

// listPeople is a page of the people the filter picks, in name order.
func listPeople(ctx context.Context, q db.Querier, f listFilter) ([]Summary, error) {
	var la db.Args
	where := f.where(&la)
	if len(f.After) == 3 {
		where += " AND (p.family_key, p.given_key, p.id) > (" + la.Add(f.After[0]) + ", " + la.Add(f.After[1]) + ", " + la.Add(f.After[2]) + ")"
	}
	query := `SELECT p.id, p.kind, p.given_name, p.family_name, p.date_of_birth, p.estimated_age, p.gender,
		p.owner_org_id, p.restricted, p.family_key, p.given_key,
		COALESCE((SELECT a.postcode FROM person_addresses a WHERE a.person_id = p.id ORDER BY a.current DESC, a.position LIMIT 1), '')
		FROM people p WHERE ` + where + ` ORDER BY p.family_key, p.given_key, p.id LIMIT ` + la.Add(f.Limit)
	rows, err := q.QueryContext(ctx, query, la...)
	if err != nil {
		return nil, fmt.Errorf("listing people: %w", err)
	}
	defer rows.Close()
	var out []Summary
	for rows.Next() {
		var s Summary
		var est sql.NullInt64
		if err := rows.Scan(&s.ID, &s.Kind, &s.GivenName, &s.FamilyName, &s.DateOfBirth, &est, &s.Gender,
			&s.OwnerOrgID, &s.Restricted, &s.familyKey, &s.givenKey, &s.Postcode); err != nil {
			return nil, err
		}
		s.EstimatedAge = int(est.Int64)
		out = append(out, s)
	}
	return out, rows.Err()
}
