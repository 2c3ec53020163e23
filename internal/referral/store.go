package referral

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"mace/internal/platform/civil"
	"mace/internal/platform/db"
)

func joinLines(l []string) string { return strings.Join(l, "\n") }

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// nextReference takes the next number of year's referrals. The counter row
// is written in the caller's transaction, so two servers never hand out the
// same number.
func nextReference(ctx context.Context, tx *sql.Tx, year int) (string, error) {
	var n int
	err := tx.QueryRowContext(ctx, "UPDATE referral_counters SET last = last + 1 WHERE year = $1 RETURNING last", year).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		// The first of the year; a concurrent first loses on the primary key
		// and its transaction is retried by the caller.
		n = 1
		_, err = tx.ExecContext(ctx, "INSERT INTO referral_counters (year, last) VALUES ($1, 1)", year)
	}
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("R%d-%05d", year, n), nil
}

const referralColumns = `id, reference, authority_id, created_by, referrer_org_id, referrer_name, referrer_role,
	referrer_phone, referrer_email, received_at, urgent, decision_due_at, state, given_names, family_name, known_as,
	street_names, date_of_birth, approximate_age, gender, ethnicity, address_line, town, postcode, school, phones,
	online_accounts, nhs_number, narrative, people_involved, places_involved, child_knows, child_agrees,
	family_knows, family_agrees, consultation_id, person_id, need_level, outcome, risk_level, rationale,
	referrer_feedback, decided_by, decided_at, signed_off_by, signed_off_at, sign_off_note, version`

func insertReferral(ctx context.Context, tx *sql.Tx, r *Referral, idemKey string) error {
	c := r.Child
	var dob any
	if c.DateOfBirth != "" {
		dob = c.DateOfBirth
	}
	var age any
	if c.ApproximateAge > 0 {
		age = c.ApproximateAge
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO referrals (id, reference, authority_id, created_by, referrer_org_id,
		referrer_name, referrer_role, referrer_phone, referrer_email, idempotency_key, received_at, urgent,
		decision_due_at, state, given_names, family_name, known_as, street_names, date_of_birth, approximate_age,
		gender, ethnicity, address_line, town, postcode, school, phones, online_accounts, nhs_number, narrative,
		people_involved, places_involved, child_knows, child_agrees, family_knows, family_agrees, consultation_id,
		version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
		$23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, $37, 1)`,
		r.ID, r.Reference, r.AuthorityID, r.CreatedBy, r.ReferrerOrgID, r.Referrer.Name, r.Referrer.Role,
		r.Referrer.Phone, r.Referrer.Email, nullText(idemKey), db.Time(r.ReceivedAt), boolInt(r.Urgent),
		db.Time(r.DecisionDueAt), r.State, c.GivenNames, c.FamilyName, joinLines(c.KnownAs), joinLines(c.StreetNames),
		dob, age, c.Gender, c.Ethnicity, c.AddressLine, c.Town, c.Postcode, c.School, joinLines(c.Phones),
		joinLines(c.OnlineAccounts), c.NHSNumber, r.Narrative, r.PeopleInvolved, r.PlacesInvolved, r.ChildKnows,
		r.ChildAgrees, r.FamilyKnows, r.FamilyAgrees, nullText(r.ConsultationID))
	if err != nil {
		return err
	}
	for _, k := range r.Concerns {
		if _, err := tx.ExecContext(ctx, "INSERT INTO referral_concerns (referral_id, concern) VALUES ($1, $2)", r.ID, k); err != nil {
			return err
		}
	}
	for _, k := range r.Indicators {
		if _, err := tx.ExecContext(ctx, "INSERT INTO referral_indicators (referral_id, indicator) VALUES ($1, $2)", r.ID, k); err != nil {
			return err
		}
	}
	return nil
}

func scanReferral(row interface{ Scan(...any) error }) (*Referral, error) {
	var r Referral
	c := &r.Child
	var urgent int
	var decidedAt, signedAt time.Time
	var knownAs, street, phones, online string
	var dob, consultation, person, outcome, risk, rationale, feedback, decidedBy, signedBy, signNote sql.NullString
	var age, need sql.NullInt64
	err := row.Scan(&r.ID, &r.Reference, &r.AuthorityID, &r.CreatedBy, &r.ReferrerOrgID, &r.Referrer.Name,
		&r.Referrer.Role, &r.Referrer.Phone, &r.Referrer.Email, db.ScanTime(&r.ReceivedAt), &urgent, db.ScanTime(&r.DecisionDueAt), &r.State, &c.GivenNames,
		&c.FamilyName, &knownAs, &street, &dob, &age, &c.Gender, &c.Ethnicity, &c.AddressLine, &c.Town, &c.Postcode,
		&c.School, &phones, &online, &c.NHSNumber, &r.Narrative, &r.PeopleInvolved, &r.PlacesInvolved, &r.ChildKnows,
		&r.ChildAgrees, &r.FamilyKnows, &r.FamilyAgrees, &consultation, &person, &need, &outcome, &risk, &rationale,
		&feedback, &decidedBy, db.ScanTime(&decidedAt), &signedBy, db.ScanTime(&signedAt), &signNote, &r.Version)
	if err != nil {
		return nil, err
	}
	r.Urgent = urgent != 0
	c.KnownAs, c.StreetNames, c.Phones, c.OnlineAccounts = splitLines(knownAs), splitLines(street), splitLines(phones), splitLines(online)
	if dob.Valid {
		if d, err := civil.Parse(dob.String); err == nil {
			c.DateOfBirth = d.String()
		}
	}
	c.ApproximateAge = int(age.Int64)
	r.ConsultationID, r.PersonID = consultation.String, person.String
	if outcome.Valid {
		d := &Decision{NeedLevel: int(need.Int64), Outcome: outcome.String, RiskLevel: risk.String,
			Rationale: rationale.String, Feedback: feedback.String, DecidedBy: decidedBy.String,
			SignedOffBy: signedBy.String, SignOffNote: signNote.String, DecidedAt: decidedAt, SignedOffAt: signedAt}
		r.Decision = d
	}
	return &r, nil
}

func loadReferral(ctx context.Context, q db.Querier, id string) (*Referral, error) {
	r, err := scanReferral(q.QueryRowContext(ctx, "SELECT "+referralColumns+" FROM referrals WHERE id = $1", id))
	if err != nil {
		return nil, err
	}
	if r.Concerns, err = codes(ctx, q, "SELECT concern FROM referral_concerns WHERE referral_id = $1 ORDER BY concern", id); err != nil {
		return nil, err
	}
	if r.Indicators, err = codes(ctx, q, "SELECT indicator FROM referral_indicators WHERE referral_id = $1 ORDER BY indicator", id); err != nil {
		return nil, err
	}
	return r, nil
}

func codes(ctx context.Context, q db.Querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
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

// listReferrals reads referrals with their concern types.
func listReferrals(ctx context.Context, q db.Querier, where string, a db.Args, order string, limit int) ([]*Referral, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+referralColumns+" FROM referrals WHERE "+where+" ORDER BY "+order+
		fmt.Sprintf(" LIMIT %d", limit), a...)
	if err != nil {
		return nil, err
	}
	var out []*Referral
	byID := map[string]*Referral{}
	for rows.Next() {
		r, err := scanReferral(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, r)
		byID[r.ID] = r
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	var b db.Args
	var ph []string
	for _, r := range out {
		ph = append(ph, b.Add(r.ID))
	}
	crow, err := q.QueryContext(ctx, "SELECT referral_id, concern FROM referral_concerns WHERE referral_id IN ("+
		strings.Join(ph, ", ")+") ORDER BY concern", b...)
	if err != nil {
		return nil, err
	}
	defer crow.Close()
	for crow.Next() {
		var id, k string
		if err := crow.Scan(&id, &k); err != nil {
			return nil, err
		}
		byID[id].Concerns = append(byID[id].Concerns, k)
	}
	return out, crow.Err()
}

func insertCheck(ctx context.Context, tx *sql.Tx, referralID string, c Check, at time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO referral_checks (id, referral_id, agency_id, contact, checked_at, findings,
		recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		c.ID, referralID, c.AgencyID, c.Contact, db.Time(c.CheckedAt), c.Findings, c.RecordedBy, db.Time(at))
	return err
}

func loadChecks(ctx context.Context, q db.Querier, referralID string) ([]Check, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.agency_id, o.name, c.contact, c.checked_at, c.findings, c.recorded_by
		FROM referral_checks c JOIN organisations o ON o.id = c.agency_id
		WHERE c.referral_id = $1 ORDER BY c.checked_at, c.recorded_at`, referralID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Check
	for rows.Next() {
		var c Check
		if err := rows.Scan(&c.ID, &c.AgencyID, &c.AgencyName, &c.Contact, db.ScanTime(&c.CheckedAt), &c.Findings, &c.RecordedBy); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// bumpVersion moves a referral on from version, or reports false when
// someone else changed it first.
func bumpVersion(ctx context.Context, tx *sql.Tx, id string, version int, set string, args ...any) (bool, error) {
	a := db.Args(args)
	q := "UPDATE referrals SET " + set + ", version = version + 1 WHERE id = " + a.Add(id) + " AND version = " + a.Add(version)
	res, err := tx.ExecContext(ctx, q, a...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
