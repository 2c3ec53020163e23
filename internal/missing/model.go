// Package missing keeps episodes of children missing from home or care:
// when a young person went missing (M) or was away without authorisation
// (A), when they came back, the police reference and risk grading, where and
// with whom they were found; the return home interview that must be offered
// within 72 hours of the return; and the repeat-missing trigger that asks for
// a strategy discussion. An episode is about a person record, so the
// person's access rules apply, with role checks on top; every view and
// change goes on the audit trail with the person's id.
package missing

import (
	"embed"
	"slices"
	"time"

	"mace/internal/platform/choice"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Migrations are this package's tables.
var Migrations = db.MigrationsFrom(migrationFS, "migrations")

// RecordType names missing episodes on the audit trail and on tasks.
const RecordType = "missing-episode"

// Kinds of task this package makes.
const (
	// TaskReturnInterview is the return home interview to offer, due a
	// number of clock hours after the return; DedupeKey the episode id.
	TaskReturnInterview = "return-interview"
	// TaskStrategyDiscussion asks someone to consider a strategy
	// discussion when a child goes missing repeatedly; DedupeKey
	// "repeat:" and the id of the episode that crossed the threshold.
	TaskStrategyDiscussion = "repeat-missing"
	// TaskFollowUp is a follow-up action agreed at a return interview.
	TaskFollowUp = "missing-follow-up"
)

// Episode types, as in the SSDA903 Missing table.
const (
	Missing = "M" // missing: whereabouts unknown
	Away    = "A" // away without authorisation: whereabouts known
)

// Types lists the episode types in the order forms show them.
var Types = choice.Choices{
	{Code: Missing, Label: "Missing (whereabouts unknown)"},
	{Code: Away, Label: "Away without authorisation (whereabouts known)"},
}

// Police risk gradings.
const (
	NoApparentRisk = "no-apparent-risk"
	LowRisk        = "low"
	MediumRisk     = "medium"
	HighRisk       = "high"
)

// Gradings lists the police risk gradings, lowest first.
var Gradings = choice.Choices{
	{Code: NoApparentRisk, Label: "No apparent risk"},
	{Code: LowRisk, Label: "Low"},
	{Code: MediumRisk, Label: "Medium"},
	{Code: HighRisk, Label: "High"},
}

// Outcomes of offering a return home interview.
const (
	Accepted    = "accepted"
	Declined    = "declined"
	NotPossible = "not-possible"
)

// Outcomes lists the answers to an offer, in the order forms show them. The
// empty code means no answer yet.
var Outcomes = choice.Choices{
	{Code: Accepted, Label: "Accepted"},
	{Code: Declined, Label: "Declined"},
	{Code: NotPossible, Label: "Not possible (for example, could not be contacted)"},
}

// Codes for "offered" and "accepted" in returns (Standard Safeguarding
// Dataset).
const (
	Yes           = "Y"
	No            = "N"
	NotApplicable = "NA"
)

// TypeLabel is the plain name of an episode type.
func TypeLabel(code string) string { return Types.Label(code) }

// GradingLabel is the plain name of a police risk grading.
func GradingLabel(code string) string { return Gradings.Label(code) }

// OutcomeLabel is the plain name of the answer to an offer.
func OutcomeLabel(code string) string { return Outcomes.Label(code) }

// Limits on the length of free text, in characters.
const (
	MaxShort     = 200
	MaxReference = 50
	MaxPostcode  = 10
	MaxText      = 5000
	MaxPeople    = 20
)

// Place is somewhere the young person was: a description ("the park behind
// Mill Street shops", "a flat above the takeaway") and a postcode when
// known. Kept apart from the episode's other text so the network map can
// link it to a place of concern later.
type Place struct {
	Description string `json:"description"`
	Postcode    string `json:"postcode,omitempty"`
}

// Associate is someone the young person was with: a name as given and what
// is known of them ("adult male, drives a grey car"). Kept apart so the
// network map can link it to a person record later.
type Associate struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// Episode is one time a young person was missing or away, as its reader
// may see it. EndAt is zero while the episode is open.
type Episode struct {
	ID                 string      `json:"id"`
	PersonID           string      `json:"person_id"`
	PersonName         string      `json:"person_name"`
	Type               string      `json:"type"`
	StartAt            time.Time   `json:"start_at"`
	EndAt              time.Time   `json:"end_at,omitzero"`
	ReportedBy         string      `json:"reported_by"`
	PoliceOrgID        string      `json:"police_organisation_id,omitempty"`
	PoliceOrgName      string      `json:"police_organisation,omitempty"`
	PoliceReference    string      `json:"police_reference,omitempty"`
	RiskGrading        string      `json:"risk_grading"`
	FoundPlace         Place       `json:"found_place"`
	FoundWith          []Associate `json:"found_with"`
	LookedAfter        bool        `json:"looked_after"`
	InterviewDueAt     time.Time   `json:"return_interview_due_at,omitzero"`
	AuthorityID        string      `json:"local_authority_id"`
	RecordedByID       string      `json:"recorded_by_id"`
	RecordedByName     string      `json:"recorded_by"`
	CreatedAt          time.Time   `json:"created_at"`
	UpdatedAt          time.Time   `json:"updated_at"`
	Version            int         `json:"version"`
	Interview          *Interview  `json:"return_interview,omitempty"`
	CanEdit            bool        `json:"-"`
	CanRecordInterview bool        `json:"-"`
}

// Open reports whether the young person has not yet been found or returned.
func (e *Episode) Open() bool { return e.EndAt.IsZero() }

// Duration is how long the episode lasted, or has lasted by now when open.
func (e *Episode) Duration(now time.Time) time.Duration {
	end := e.EndAt
	if end.IsZero() {
		end = now
	}
	if end.Before(e.StartAt) {
		return 0
	}
	return end.Sub(e.StartAt)
}

// Held reports whether the episode's return interview took place, so it
// can be audited.
func (e *Episode) Held() bool {
	return e.Interview != nil && e.Interview.Outcome == Accepted && !e.Interview.HeldAt.IsZero()
}

// OfferedCode is whether a return interview was offered, as Y, N or NA
// (NA while the young person is still missing).
func (e *Episode) OfferedCode() string {
	switch {
	case e.Open():
		return NotApplicable
	case e.Interview != nil && !e.Interview.OfferedAt.IsZero():
		return Yes
	}
	return No
}

// AcceptedCode is whether the young person accepted the interview, as Y, N
// or NA (NA when none was offered, no answer is known or it was not
// possible).
func (e *Episode) AcceptedCode() string {
	if e.OfferedCode() != Yes {
		return NotApplicable
	}
	switch e.Interview.Outcome {
	case Accepted:
		return Yes
	case Declined:
		return No
	}
	return NotApplicable
}

// Input is an episode as entered on the form or sent to the API. On PATCH
// the stored episode's Input is decoded over, so absent fields keep their
// values; an end_at of null reopens the episode.
type Input struct {
	PersonID        string      `json:"person_id"`
	Type            string      `json:"type"`
	StartAt         time.Time   `json:"start_at"`
	EndAt           *time.Time  `json:"end_at"`
	ReportedBy      string      `json:"reported_by"`
	PoliceOrgID     string      `json:"police_organisation_id"`
	PoliceReference string      `json:"police_reference"`
	RiskGrading     string      `json:"risk_grading"`
	FoundPlace      Place       `json:"found_place"`
	FoundWith       []Associate `json:"found_with"`
	LookedAfter     bool        `json:"looked_after"`
	// Version, when set, must match the stored episode's.
	Version int `json:"version,omitempty"`
	// StartProblem and EndProblem carry the form's date and time entry
	// problems, so they are reported with the rest in the form's order.
	StartProblem string `json:"-"`
	EndProblem   string `json:"-"`
}

// InputOf returns the Input that would recreate e.
func InputOf(e *Episode) Input {
	in := Input{PersonID: e.PersonID, Type: e.Type, StartAt: e.StartAt, ReportedBy: e.ReportedBy,
		PoliceOrgID: e.PoliceOrgID, PoliceReference: e.PoliceReference, RiskGrading: e.RiskGrading,
		FoundPlace: e.FoundPlace, FoundWith: slices.Clone(e.FoundWith), LookedAfter: e.LookedAfter,
		Version: e.Version}
	if !e.EndAt.IsZero() {
		end := e.EndAt
		in.EndAt = &end
	}
	return in
}

// Interview is the return home interview of an episode. OfferedAt is zero
// until one is offered; Outcome empty until the young person answers.
type Interview struct {
	OfferedAt        time.Time   `json:"offered_at,omitzero"`
	OfferedBy        string      `json:"offered_by"`
	OfferedService   string      `json:"offered_service"`
	Outcome          string      `json:"outcome"`
	HeldAt           time.Time   `json:"held_at,omitzero"`
	Places           []Place     `json:"places"`
	With             []Associate `json:"with"`
	PushFactors      string      `json:"push_factors"`
	PullFactors      string      `json:"pull_factors"`
	Concerns         []string    `json:"exploitation_concerns"`
	Indicators       string      `json:"exploitation_indicators"`
	Disclosures      string      `json:"disclosures"`
	SharedWithPolice bool        `json:"shared_with_police"`
	FollowUps        []string    `json:"follow_up_actions"`
	FollowUpTaskIDs  []string    `json:"follow_up_task_ids"`
	RecordedByID     string      `json:"recorded_by_id"`
	RecordedByName   string      `json:"recorded_by"`
	CreatedAt        time.Time   `json:"created_at"`
	UpdatedAt        time.Time   `json:"updated_at"`
	Version          int         `json:"version"`
}

// OfferedWithin reports whether the interview was offered within the
// given number of clock hours of the return at end.
func (iv *Interview) OfferedWithin(end time.Time, hours int) bool {
	return iv != nil && !iv.OfferedAt.IsZero() && !iv.OfferedAt.After(end.Add(time.Duration(hours)*time.Hour))
}

// InterviewInput is a return interview as entered on the form or sent to
// the API. It replaces what was recorded before. Follow-up actions new since
// the last save each become a task for the user who records them.
type InterviewInput struct {
	OfferedAt        time.Time   `json:"offered_at"`
	OfferedBy        string      `json:"offered_by"`
	OfferedService   string      `json:"offered_service"`
	Outcome          string      `json:"outcome"`
	HeldAt           time.Time   `json:"held_at"`
	Places           []Place     `json:"places"`
	With             []Associate `json:"with"`
	PushFactors      string      `json:"push_factors"`
	PullFactors      string      `json:"pull_factors"`
	Concerns         []string    `json:"exploitation_concerns"`
	Indicators       string      `json:"exploitation_indicators"`
	Disclosures      string      `json:"disclosures"`
	SharedWithPolice bool        `json:"shared_with_police"`
	FollowUps        []string    `json:"follow_up_actions"`
	// Version, when set, must match the stored interview's.
	Version int `json:"version,omitempty"`
	// OfferedProblem and HeldProblem carry the form's date and time
	// entry problems.
	OfferedProblem string `json:"-"`
	HeldProblem    string `json:"-"`
}

// Summary is one line of the "missing now" and overdue lists.
type Summary struct {
	EpisodeID      string    `json:"episode_id"`
	PersonID       string    `json:"person_id"`
	PersonName     string    `json:"person_name"`
	Type           string    `json:"type"`
	StartAt        time.Time `json:"start_at"`
	EndAt          time.Time `json:"end_at,omitzero"`
	RiskGrading    string    `json:"risk_grading"`
	LookedAfter    bool      `json:"looked_after"`
	InterviewDueAt time.Time `json:"return_interview_due_at,omitzero"`
}

// The errors of the rules on an episode's times, each with its own field
// and message. Use errors.Is to tell them apart: they are Invalid errors,
// and when several problems are found at once the combined error still
// wraps them.
var (
	ErrOverlap = &errs.Error{Kind: errs.Invalid, Message: "This episode overlaps another episode of this young person",
		Fields: []errs.FieldError{{Field: "start_at", Message: "This episode overlaps another episode of this young person: check the start and end"}}}
	ErrEndBeforeStart = &errs.Error{Kind: errs.Invalid, Message: "The end of the episode is before its start",
		Fields: []errs.FieldError{{Field: "end_at", Message: "The date and time they were found or returned must be after they went missing"}}}
	ErrStartBeforeBirth = &errs.Error{Kind: errs.Invalid, Message: "The episode starts before the young person’s date of birth",
		Fields: []errs.FieldError{{Field: "start_at", Message: "The date they went missing must be on or after their date of birth"}}}
	// ErrDuplicateReference is a police reference already given to another
	// episode by the same force.
	ErrDuplicateReference = &errs.Error{Kind: errs.Conflict, Message: "Another episode already has this police reference",
		Fields: []errs.FieldError{{Field: "police_reference", Message: "Another episode already has this police reference"}}}
	// ErrNotReturned is an interview recorded for an episode still open.
	ErrNotReturned = errs.E(errs.Invalid, "Record when the young person was found or returned before the return interview")
)

var errNotFound = errs.E(errs.NotFound, "There is no such missing episode")

// ErrStale is a change made over a version that has moved on.
var ErrStale = errs.E(errs.Conflict, "Someone else changed this record while you were editing it: check it and try again")
