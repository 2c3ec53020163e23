// Package referral is the front door: referrals of children thought to be
// exploited or at risk of it, from any agency, and their screening by the
// receiving local authority within one working day. A referral gets a
// reference and a decision due time, lands in the screening queue, is
// matched to the right child, gathers partner agency checks and is decided:
// a Continuum of Need level, an outcome, an initial risk level and a
// rationale. The outcome creates the next tasks and tells the referrer.
package referral

import (
	"embed"
	"slices"
	"strings"
	"time"

	"mace/internal/concern"
	"mace/internal/platform/choice"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Migrations are this package's tables.
var Migrations = db.MigrationsFrom(migrationFS, "migrations")

// RecordType names referrals for tasks and the audit trail.
const RecordType = "referral"

// ConcernTypes are the kinds of exploitation a referral can be about, the
// same list consultations use.
var ConcernTypes = concern.Types

// Answers to "does the child (or family) know, and agree?".
var Answers = choice.Choices{{Code: "yes", Label: "Yes"}, {Code: "no", Label: "No"}, {Code: "not-known", Label: "Not known"}}

// States of a referral.
const (
	AwaitingScreening = "awaiting-screening"
	AwaitingSignOff   = "awaiting-sign-off"
	Decided           = "decided"
)

// StateLabel is the plain name of a state.
func StateLabel(s string) string {
	switch s {
	case AwaitingScreening:
		return "Awaiting screening"
	case AwaitingSignOff:
		return "Awaiting a manager’s sign-off"
	case Decided:
		return "Decided"
	}
	return s
}

// Outcomes of screening.
const (
	NoFurtherAction = "no-further-action"
	EarlyHelp       = "early-help"
	Locality        = "locality-social-work"
	Strategy        = "strategy-discussion"
	Assessment      = "exploitation-assessment"
	Allocated       = "allocated-worker"
)

// Outcomes lists the outcomes in the order the decision form shows them.
var Outcomes = choice.Choices{
	{Code: NoFurtherAction, Label: "No further action, with advice"},
	{Code: EarlyHelp, Label: "Step to Early Help"},
	{Code: Locality, Label: "Locality social work (child in need, section 17)"},
	{Code: Strategy, Label: "Strategy discussion (section 47)"},
	{Code: Assessment, Label: "Exploitation assessment by the specialist team"},
	{Code: Allocated, Label: "Pass to the worker already allocated"},
}

// OutcomeLabel is the plain name of an outcome.
func OutcomeLabel(code string) string { return Outcomes.Label(code) }

// NeedLevels are the Continuum of Need levels.
var NeedLevels = choice.Choices{
	{Code: "1", Label: "Level 1: universal"},
	{Code: "2", Label: "Level 2: early help"},
	{Code: "3", Label: "Level 3: targeted or complex (child in need)"},
	{Code: "4", Label: "Level 4: specialist or statutory"},
}

// Limits on what is stored.
const (
	MaxNarrative = 10000
	maxName      = 100
	maxShort     = 200
	maxList      = 20
	MaxRationale = 5000
	MaxFindings  = 5000
	maxInvolved  = 5000
)

// Referrer is who made the referral and how to reach them.
type Referrer struct {
	Name  string `json:"name"`
	Role  string `json:"role"`
	Phone string `json:"phone"`
	Email string `json:"email"`
}

// Child is the child as the referrer describes them.
type Child struct {
	GivenNames     string   `json:"given_names"`
	FamilyName     string   `json:"family_name"`
	KnownAs        []string `json:"known_as"`
	StreetNames    []string `json:"street_names"`
	DateOfBirth    string   `json:"date_of_birth,omitempty"`
	ApproximateAge int      `json:"approximate_age,omitempty"`
	Gender         string   `json:"gender"`
	Ethnicity      string   `json:"ethnicity,omitempty"`
	AddressLine    string   `json:"address_line,omitempty"`
	Town           string   `json:"town,omitempty"`
	Postcode       string   `json:"postcode,omitempty"`
	School         string   `json:"school,omitempty"`
	Phones         []string `json:"phones"`
	OnlineAccounts []string `json:"online_accounts"`
	NHSNumber      string   `json:"nhs_number,omitempty"`
}

// Name is the child's name as given.
func (c Child) Name() string { return strings.TrimSpace(c.GivenNames + " " + c.FamilyName) }

// Input is a new referral.
type Input struct {
	AuthorityID    string   `json:"authority_id"`
	Urgent         bool     `json:"urgent"`
	Referrer       Referrer `json:"referrer"`
	Child          Child    `json:"child"`
	Concerns       []string `json:"concern_types"`
	Indicators     []string `json:"indicators"`
	Narrative      string   `json:"narrative"`
	PeopleInvolved string   `json:"people_involved"`
	PlacesInvolved string   `json:"places_involved"`
	ChildKnows     string   `json:"child_knows"`
	ChildAgrees    string   `json:"child_agrees"`
	FamilyKnows    string   `json:"family_knows"`
	FamilyAgrees   string   `json:"family_agrees"`
	ConsultationID string   `json:"consultation_id,omitempty"`
	// DateProblem carries a form's date-entry problem so it is reported
	// with the rest, in the form's order.
	DateProblem string `json:"-"`
}

// Referral is a referral as stored, with its screening.
type Referral struct {
	Input
	ID            string    `json:"id"`
	Reference     string    `json:"reference"`
	CreatedBy     string    `json:"created_by"`
	ReferrerOrgID string    `json:"referrer_organisation_id"`
	ReceivedAt    time.Time `json:"received_at"`
	DecisionDueAt time.Time `json:"decision_due_at"`
	State         string    `json:"state"`
	PersonID      string    `json:"person_id,omitempty"`
	Decision      *Decision `json:"decision,omitempty"`
	Checks        []Check   `json:"agency_checks,omitempty"`
	Version       int       `json:"version"`
	// Hidden is a referral about a young person whose record the reader
	// may not see in full: only that it exists is kept, not its content.
	Hidden bool `json:"hidden,omitempty"`

	// Filled for the pages from the access rules.
	OutcomeOnly bool `json:"-"` // the referrer's own view: what they sent and the outcome
	CanScreen   bool `json:"-"`
	CanSignOff  bool `json:"-"`
}

// Decision is a screening decision.
type Decision struct {
	NeedLevel   int       `json:"need_level"`
	Outcome     string    `json:"outcome"`
	RiskLevel   string    `json:"risk_level"`
	Rationale   string    `json:"rationale"`
	Feedback    string    `json:"referrer_feedback"`
	DecidedBy   string    `json:"decided_by"`
	DecidedAt   time.Time `json:"decided_at"`
	SignedOffBy string    `json:"signed_off_by,omitempty"`
	SignedOffAt time.Time `json:"signed_off_at,omitzero"`
	SignOffNote string    `json:"sign_off_note,omitempty"`
}

// Check is one partner agency's check: which agency, who gave it, when,
// and what was found.
type Check struct {
	ID         string    `json:"id"`
	AgencyID   string    `json:"agency_id"`
	AgencyName string    `json:"agency_name"`
	Contact    string    `json:"contact"`
	CheckedAt  time.Time `json:"checked_at"`
	Findings   string    `json:"findings"`
	RecordedBy string    `json:"recorded_by"`
}

// TimeLeft is how long until the decision is due (negative when late).
func (r *Referral) TimeLeft(now time.Time) time.Duration { return r.DecisionDueAt.Sub(now) }

// Overdue reports whether the decision is late.
func (r *Referral) Overdue(now time.Time) bool {
	return r.State == AwaitingScreening && now.After(r.DecisionDueAt)
}

// IsExploitation reports whether the referral names a kind of exploitation:
// every referral does, as a concern type is required.
func (r *Referral) IsExploitation() bool { return len(r.Concerns) > 0 }

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		if s = squash(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// checkDOB validates a date of birth given as text.
func checkDOB(v *errs.Validation, field, s string, today civil.Date) civil.Date {
	d, err := civil.Parse(s)
	switch {
	case err != nil:
		v.Add(field, "Date of birth must be a real date")
	case d.After(today):
		v.Add(field, "Date of birth must be today or in the past")
	case d.Year < 1900:
		v.Add(field, "Date of birth must be in 1900 or later")
	case d.AgeOn(today) >= 26:
		v.Add(field, "Date of birth must be less than 26 years ago: referrals are about children and young people")
	default:
		return d
	}
	return civil.Date{}
}
