package consultation

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// The SQL of consultations: this package's tables only.

const columns = `c.id, c.owner_org_id, c.occurred_at, c.method, c.professional_name, c.professional_role,
	c.professional_contact, COALESCE(c.organisation_id, ''), c.other_organisation, c.child_name, c.child_date_of_birth,
	c.child_age, COALESCE(c.person_id, ''), c.question, c.advice, c.referral_state, COALESCE(c.referral_id, ''),
	c.taken_by, c.taken_by_name, c.created_at, c.updated_at, c.version`

var errNotFound = errs.E(errs.NotFound, "There is no such consultation")

func scan(row interface{ Scan(...any) error }) (*Consultation, error) {
	var c Consultation
	var age sql.NullInt64
	err := row.Scan(&c.ID, &c.OwnerOrgID, db.ScanTime(&c.OccurredAt), &c.Method, &c.ProfessionalName,
		&c.ProfessionalRole, &c.ProfessionalContact, &c.OrganisationID, &c.OtherOrganisation, &c.ChildName,
		&c.ChildDateOfBirth, &age, &c.PersonID, &c.Question, &c.Advice, &c.ReferralState, &c.ReferralID,
		&c.TakenByID, &c.TakenByName, db.ScanTime(&c.CreatedAt), db.ScanTime(&c.UpdatedAt), &c.Version)
	c.ChildAge = int(age.Int64)
	return &c, err
}

func load(ctx context.Context, q db.Querier, id string) (*Consultation, error) {
	c, err := scan(q.QueryRowContext(ctx, "SELECT "+columns+" FROM consultations c WHERE c.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("reading a consultation: %w", err)
	}
	if c.ConcernTypes, err = loadConcerns(ctx, q, id); err != nil {
		return nil, err
	}
	return c, nil
}

func loadConcerns(ctx context.Context, q db.Querier, id string) ([]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT concern FROM consultation_concerns WHERE consultation_id = $1", id)
	if err != nil {
		return nil, fmt.Errorf("reading kinds of exploitation: %w", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sortConcerns(out)
	return out, nil
}

func nullInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

func insert(ctx context.Context, tx *sql.Tx, c *Consultation) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO consultations (id, owner_org_id, occurred_at, method, professional_name,
		professional_role, professional_contact, organisation_id, other_organisation, child_name, child_date_of_birth,
		child_age, person_id, question, advice, referral_state, taken_by, taken_by_name,
		created_at, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19, 1)`,
		c.ID, c.OwnerOrgID, db.Time(c.OccurredAt), c.Method, c.ProfessionalName, c.ProfessionalRole,
		c.ProfessionalContact, db.NullText(c.OrganisationID), c.OtherOrganisation, c.ChildName, c.ChildDateOfBirth,
		nullInt(c.ChildAge), db.NullText(c.PersonID), c.Question, c.Advice, c.ReferralState, c.TakenByID, c.TakenByName,
		db.Time(c.CreatedAt))
	if err != nil {
		return fmt.Errorf("inserting a consultation: %w", err)
	}
	return writeConcerns(ctx, tx, c)
}

var errStale = errs.E(errs.Conflict, "Someone else changed this consultation while you were editing it. Your changes have not been saved: check the consultation and make them again.")

// update writes c over the stored consultation if its version is still
// fromVersion.
func update(ctx context.Context, tx *sql.Tx, c *Consultation, fromVersion int) error {
	res, err := tx.ExecContext(ctx, `UPDATE consultations SET occurred_at = $1, method = $2, professional_name = $3,
		professional_role = $4, professional_contact = $5, organisation_id = $6, other_organisation = $7,
		child_name = $8, child_date_of_birth = $9, child_age = $10, person_id = $11, question = $12, advice = $13,
		referral_state = $14, updated_at = $15, version = version + 1
		WHERE id = $16 AND version = $17`,
		db.Time(c.OccurredAt), c.Method, c.ProfessionalName, c.ProfessionalRole, c.ProfessionalContact,
		db.NullText(c.OrganisationID), c.OtherOrganisation, c.ChildName, c.ChildDateOfBirth, nullInt(c.ChildAge),
		db.NullText(c.PersonID), c.Question, c.Advice, c.ReferralState, db.Time(c.UpdatedAt), c.ID, fromVersion)
	if err != nil {
		return fmt.Errorf("updating a consultation: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errStale
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM consultation_concerns WHERE consultation_id = $1", c.ID); err != nil {
		return err
	}
	return writeConcerns(ctx, tx, c)
}

func writeConcerns(ctx context.Context, tx *sql.Tx, c *Consultation) error {
	for _, t := range c.ConcernTypes {
		if _, err := tx.ExecContext(ctx, "INSERT INTO consultation_concerns (consultation_id, concern) VALUES ($1, $2)",
			c.ID, t); err != nil {
			return fmt.Errorf("inserting a kind of exploitation: %w", err)
		}
	}
	return nil
}

func setReferral(ctx context.Context, tx *sql.Tx, id, referralID string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE consultations SET referral_id = $1, referral_state = $2, updated_at = $3,
		version = version + 1 WHERE id = $4`, referralID, ReferralMade, db.Time(now), id)
	if err != nil {
		return fmt.Errorf("linking a referral: %w", err)
	}
	return nil
}

// Summary is a row of the consultation log.
type Summary struct {
	ID                string
	OccurredAt        time.Time
	Method            string
	ProfessionalName  string
	OrganisationID    string
	OtherOrganisation string
	OrganisationName  string
	ChildName         string
	ChildDateOfBirth  civil.Date
	ChildAge          int
	PersonID          string
	ReferralState     string
	ReferralID        string
	// Hidden is a row about a young person whose record the reader may
	// not see in full: when it was and whether a referral followed, no
	// more.
	Hidden bool
}

// listFilter picks a page of the log. The store makes the SQL; Scope is
// the reader, whose authority's consultations the access rules allow.
type listFilter struct {
	Scope    *auth.User
	State    string     // a referral state, or "" for all
	From, To civil.Date // inclusive, in Europe/London; zero for open
	// After is where the page starts: after the consultation at AfterAt
	// (as stored) with id AfterID, newest first; "" for the first page.
	AfterAt, AfterID string
	Limit            int
}

func (f listFilter) where(a *db.Args) string {
	conds := []string{access.ConsultationScope(f.Scope, a, "c.owner_org_id")}
	if f.State != "" {
		conds = append(conds, "c.referral_state = "+a.Add(f.State))
	}
	if !f.From.IsZero() {
		conds = append(conds, "c.occurred_at >= "+a.Add(db.Time(startOfDay(f.From))))
	}
	if !f.To.IsZero() {
		conds = append(conds, "c.occurred_at < "+a.Add(db.Time(startOfDay(f.To.AddDays(1)))))
	}
	return strings.Join(conds, " AND ")
}

// CountUpTo is how far the count of the log goes: beyond it the page says
// "more than 1,000" rather than read every consultation.
const CountUpTo = 1000

// count is how many consultations f picks (whatever the page), up to
// CountUpTo, and whether there are more.
func count(ctx context.Context, q db.Querier, f listFilter) (int, bool, error) {
	var a db.Args
	where := f.where(&a)
	var n int
	if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM consultations c WHERE "+where+
		" LIMIT "+a.Add(CountUpTo+1)+") n", a...).Scan(&n); err != nil {
		return 0, false, fmt.Errorf("counting consultations: %w", err)
	}
	if n > CountUpTo {
		return CountUpTo, true, nil
	}
	return n, false, nil
}

// list reads the page of the log f asks for: up to f.Limit consultations,
// newest first, after the cursor's.
func list(ctx context.Context, q db.Querier, f listFilter) ([]Summary, error) {
	var a db.Args
	where := f.where(&a)
	if f.AfterID != "" {
		at := a.Add(f.AfterAt)
		where += " AND (c.occurred_at < " + at + " OR (c.occurred_at = " + at + " AND c.id < " + a.Add(f.AfterID) + "))"
	}
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.occurred_at, c.method, c.professional_name,
		COALESCE(c.organisation_id, ''), c.other_organisation, c.child_name, c.child_date_of_birth, c.child_age,
		COALESCE(c.person_id, ''), c.referral_state, COALESCE(c.referral_id, '')
		FROM consultations c WHERE `+where+` ORDER BY c.occurred_at DESC, c.id DESC LIMIT `+a.Add(f.Limit), a...)
	if err != nil {
		return nil, fmt.Errorf("listing consultations: %w", err)
	}
	defer rows.Close()
	out := []Summary{}
	for rows.Next() {
		var s Summary
		var age sql.NullInt64
		if err := rows.Scan(&s.ID, db.ScanTime(&s.OccurredAt), &s.Method, &s.ProfessionalName, &s.OrganisationID,
			&s.OtherOrganisation, &s.ChildName, &s.ChildDateOfBirth, &age, &s.PersonID, &s.ReferralState,
			&s.ReferralID); err != nil {
			return nil, err
		}
		s.ChildAge = int(age.Int64)
		out = append(out, s)
	}
	return out, rows.Err()
}
