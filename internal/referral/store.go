package referral

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

func joinLines(l []string) string { return strings.Join(l, "\n") }

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// nextReference takes the next number of year's referrals. The counter row
// is written in the caller's transaction in one statement, so two servers
// never hand out the same number, and the first two referrals of a year
// made at once both get theirs: the second waits for the first's row.
func nextReference(ctx context.Context, tx *sql.Tx, year int) (string, error) {
	var n int
	err := tx.QueryRowContext(ctx, `INSERT INTO referral_counters (year, last) VALUES ($1, 1)
		ON CONFLICT (year) DO UPDATE SET last = referral_counters.last + 1 RETURNING last`, year).Scan(&n)
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

func insertReferral(ctx context.Context, tx *sql.Tx, r *Referral) error {
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
		referrer_name, referrer_role, referrer_phone, referrer_email, received_at, urgent,
		decision_due_at, state, given_names, family_name, known_as, street_names, date_of_birth, approximate_age,
		gender, ethnicity, address_line, town, postcode, school, phones, online_accounts, nhs_number, narrative,
		people_involved, places_involved, child_knows, child_agrees, family_knows, family_agrees, consultation_id,
		version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
		$23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, 1)`,
		r.ID, r.Reference, r.AuthorityID, r.CreatedBy, r.ReferrerOrgID, r.Referrer.Name, r.Referrer.Role,
		r.Referrer.Phone, r.Referrer.Email, db.Time(r.ReceivedAt), boolInt(r.Urgent),
		db.Time(r.DecisionDueAt), r.State, c.GivenNames, c.FamilyName, joinLines(c.KnownAs), joinLines(c.StreetNames),
		dob, age, c.Gender, c.Ethnicity, c.AddressLine, c.Town, c.Postcode, c.School, joinLines(c.Phones),
		joinLines(c.OnlineAccounts), c.NHSNumber, r.Narrative, r.PeopleInvolved, r.PlacesInvolved, r.ChildKnows,
		r.ChildAgrees, r.FamilyKnows, r.FamilyAgrees, db.NullText(r.ConsultationID))
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

// Orders a list of referrals can take.
const (
	byReceived     = iota // earliest received first
	byReceivedDesc        // latest received first
	byDue                 // soonest due first
	byDecided             // earliest decided first
	byDecidedDesc         // latest decided first
)

var orders = map[int]string{
	byReceived:     "received_at, id",
	byReceivedDesc: "received_at DESC, id DESC",
	byDue:          "decision_due_at, received_at, id",
	byDecided:      "decided_at, id",
	byDecidedDesc:  "decided_at DESC, id DESC",
}

// listFilter picks referrals for a list or a count. The store makes the
// SQL; a filter with neither Scope nor CreatedBy finds nothing.
type listFilter struct {
	// Scope limits the list to the referrals this user's authority
	// received, as the access rules allow.
	Scope *auth.User
	// CreatedBy limits the list to one user's referrals.
	CreatedBy string
	State     string
	// ReceivedFrom and ReceivedTo bound when a referral arrived: from
	// (inclusive) up to to (exclusive); zero for open.
	ReceivedFrom, ReceivedTo time.Time
	// DueBefore keeps referrals whose decision is due before it.
	DueBefore time.Time
	Order     int
	Limit     int
	// After is the cursor the page starts after: the sort keys of the
	// last referral of the page before, in Order (orderKeys).
	After []string
}

// orderKeys are the columns of each order a list can be paged in, and
// whether it is descending; a cursor holds a referral's values of them.
var orderKeys = map[int]struct {
	cols []string
	desc bool
}{
	byReceivedDesc: {[]string{"received_at", "id"}, true},
	byDue:          {[]string{"decision_due_at", "received_at", "id"}, false},
}

// orderName names an order, for its cursors.
func orderName(order int) string { return fmt.Sprintf("referrals-%d", order) }

// cursorKeys are r's values of the columns of order, as stored.
func cursorKeys(order int, r *Referral) []string {
	t := func(at time.Time) string { s, _ := db.Time(at).(string); return s }
	if order == byDue {
		return []string{t(r.DecisionDueAt), t(r.ReceivedAt), r.ID}
	}
	return []string{t(r.ReceivedAt), r.ID}
}

func (f listFilter) where(a *db.Args) string {
	var conds []string
	if f.Scope == nil && f.CreatedBy == "" {
		return "FALSE"
	}
	if f.Scope != nil {
		conds = append(conds, access.ReferralScope(f.Scope, a, "authority_id"))
	}
	if f.CreatedBy != "" {
		conds = append(conds, "created_by = "+a.Add(f.CreatedBy))
	}
	if f.State != "" {
		conds = append(conds, "state = "+a.Add(f.State))
	}
	if !f.ReceivedFrom.IsZero() {
		conds = append(conds, "received_at >= "+a.Add(db.Time(f.ReceivedFrom)))
	}
	if !f.ReceivedTo.IsZero() {
		conds = append(conds, "received_at < "+a.Add(db.Time(f.ReceivedTo)))
	}
	if !f.DueBefore.IsZero() {
		conds = append(conds, "decision_due_at < "+a.Add(db.Time(f.DueBefore)))
	}
	if k, ok := orderKeys[f.Order]; ok && len(f.After) == len(k.cols) {
		op, vals := ">", make([]string, len(f.After))
		if k.desc {
			op = "<"
		}
		for i, v := range f.After {
			vals[i] = a.Add(v)
		}
		conds = append(conds, "("+strings.Join(k.cols, ", ")+") "+op+" ("+strings.Join(vals, ", ")+")")
	}
	return strings.Join(conds, " AND ")
}

// countReferrals counts the referrals f finds.
func countReferrals(ctx context.Context, q db.Querier, f listFilter) (int, error) {
	var a db.Args
	var n int
	err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM referrals WHERE "+f.where(&a), a...).Scan(&n)
	return n, err
}

// listReferrals reads the referrals f finds, with their concern types.
func listReferrals(ctx context.Context, q db.Querier, f listFilter) ([]*Referral, error) {
	var a db.Args
	order, ok := orders[f.Order]
	if !ok {
		return nil, fmt.Errorf("listing referrals: no order %d", f.Order)
	}
	query := "SELECT " + referralColumns + " FROM referrals WHERE " + f.where(&a) + " ORDER BY " + order +
		" LIMIT " + a.Add(max(f.Limit, 1))
	rows, err := q.QueryContext(ctx, query, a...)
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
	ids := make([]string, len(out))
	for i, r := range out {
		ids[i] = r.ID
	}
	crow, err := q.QueryContext(ctx, "SELECT referral_id, concern FROM referral_concerns WHERE referral_id IN "+
		b.In(ids)+" ORDER BY concern", b...)
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
	rows, err := q.QueryContext(ctx, `SELECT id, agency_id, contact, checked_at, findings, recorded_by
		FROM referral_checks WHERE referral_id = $1 ORDER BY checked_at, recorded_at`, referralID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Check
	for rows.Next() {
		var c Check
		if err := rows.Scan(&c.ID, &c.AgencyID, &c.Contact, db.ScanTime(&c.CheckedAt), &c.Findings, &c.RecordedBy); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

var errStale = errs.E(errs.Conflict, "Someone else changed this referral while you were working on it: check it again")

// The writes below move a referral on from version, or report false when
// someone else changed it first.

func changed(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// setPerson links the referral to the young person's record.
func setPerson(ctx context.Context, tx *sql.Tx, id string, version int, personID, by string, at time.Time) (bool, error) {
	return changed(tx.ExecContext(ctx, `UPDATE referrals SET person_id = $1, linked_by = $2, linked_at = $3,
		version = version + 1 WHERE id = $4 AND version = $5`, personID, by, db.Time(at), id, version))
}

// setDecision records a screening decision, clearing any earlier sign-off.
func setDecision(ctx context.Context, tx *sql.Tx, id string, version int, state string, d *Decision) (bool, error) {
	return changed(tx.ExecContext(ctx, `UPDATE referrals SET state = $1, need_level = $2, outcome = $3, risk_level = $4,
		rationale = $5, referrer_feedback = $6, decided_by = $7, decided_at = $8, signed_off_by = NULL,
		signed_off_at = NULL, sign_off_note = NULL, version = version + 1 WHERE id = $9 AND version = $10`,
		state, d.NeedLevel, d.Outcome, d.RiskLevel, d.Rationale, d.Feedback, d.DecidedBy, db.Time(d.DecidedAt), id, version))
}

// setSignOff records a manager's answer to a decision of no further
// action. A referral sent back to screening loses the decision.
func setSignOff(ctx context.Context, tx *sql.Tx, id string, version int, state, by string, at time.Time, note string) (bool, error) {
	query := `UPDATE referrals SET state = $1, signed_off_by = $2, signed_off_at = $3, sign_off_note = $4,
		version = version + 1 WHERE id = $5 AND version = $6`
	if state == AwaitingScreening {
		query = `UPDATE referrals SET state = $1, signed_off_by = $2, signed_off_at = $3, sign_off_note = $4,
			need_level = NULL, outcome = NULL, risk_level = NULL, rationale = NULL, referrer_feedback = NULL,
			decided_by = NULL, decided_at = NULL, version = version + 1 WHERE id = $5 AND version = $6`
	}
	return changed(tx.ExecContext(ctx, query, state, by, db.Time(at), note, id, version))
}
