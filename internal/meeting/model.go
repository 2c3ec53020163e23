// Package meeting keeps a local authority's multi-agency meetings: the daily
// meeting, strategy discussions, MACE panels and mapping meetings. One model
// serves all four: a date and time, a chair, who attended from which
// agency, an agenda of items (a child, an adult of concern, a place, a peer
// group or a theme) with what each agency shared and the decision, and
// actions that become tasks in their owners' work. Each kind names the
// agencies it needs; a meeting that lacks one says so, and an absence
// report counts how often each agency was missing. Every view and change
// goes through the access rules and the audit trail.
package meeting

import (
	"embed"
	"time"

	"mace/internal/platform/auth"
	"mace/internal/platform/choice"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Migrations are this package's tables.
var Migrations = db.MigrationsFrom(migrationFS, "migrations")

// RecordType names meetings on the audit trail and on their tasks.
const RecordType = "meeting"

// KeyScope and AssessmentKeyScope are the kinds of the idempotency keys
// (idem.Scope) of a user's requests that arrange a meeting and an
// assessment.
const (
	KeyScope           = "meeting"
	AssessmentKeyScope = "meeting-assessment"
)

// Task kinds this package makes.
const (
	TaskAction     = "meeting-action"
	TaskConference = "initial-child-protection-conference"
)

// Kinds of meeting.
const (
	Daily    = "daily"
	Strategy = "strategy"
	Panel    = "mace"
	Mapping  = "mapping"
)

// Kinds lists the kinds of meeting in the order forms show them.
var Kinds = choice.Choices{
	{Code: Daily, Label: "Daily multi-agency meeting"},
	{Code: Strategy, Label: "Strategy discussion"},
	{Code: Panel, Label: "MACE panel"},
	{Code: Mapping, Label: "Mapping meeting"},
}

// KindLabel is the plain name of a kind of meeting.
func KindLabel(code string) string { return Kinds.Label(code) }

// States of a meeting.
const (
	Planned   = "planned"
	Held      = "held"
	Cancelled = "cancelled"
)

// States lists a meeting's states in the order forms show them.
var States = choice.Choices{
	{Code: Planned, Label: "Planned"},
	{Code: Held, Label: "Held"},
	{Code: Cancelled, Label: "Cancelled"},
}

// Attendance.
const (
	Present   = "present"
	Apologies = "apologies"
	Absent    = "absent"
)

// Attendances lists the attendance choices in the order forms show them.
var Attendances = choice.Choices{
	{Code: Present, Label: "Present"},
	{Code: Apologies, Label: "Sent apologies"},
	{Code: Absent, Label: "Absent"},
}

// What an agenda item is about.
const (
	SubjectChild     = "child"
	SubjectAdult     = "adult"
	SubjectPlace     = "place"
	SubjectPeerGroup = "peer-group"
	SubjectTheme     = "theme"
)

// Subjects lists what an agenda item may be about.
var Subjects = choice.Choices{
	{Code: SubjectChild, Label: "A child"},
	{Code: SubjectAdult, Label: "An adult of concern"},
	{Code: SubjectPlace, Label: "A place"},
	{Code: SubjectPeerGroup, Label: "A peer group"},
	{Code: SubjectTheme, Label: "A theme"},
}

// aboutPerson reports whether a subject kind is a person record.
func aboutPerson(kind string) bool { return kind == SubjectChild || kind == SubjectAdult }

// A strategy discussion's decisions.
const (
	S47Single      = "s47-single"
	S47Joint       = "s47-joint"
	ExploitationAs = "exploitation-assessment"
	NoFurther      = "no-further-action"
)

// Outcomes lists a strategy discussion's decisions.
var Outcomes = choice.Choices{
	{Code: S47Single, Label: "Section 47 enquiry, single agency"},
	{Code: S47Joint, Label: "Section 47 enquiry, joint with police"},
	{Code: ExploitationAs, Label: "Exploitation assessment"},
	{Code: NoFurther, Label: "No further action"},
}

// OutcomeLabel is the plain name of a strategy discussion's decision.
func OutcomeLabel(code string) string { return Outcomes.Label(code) }

// What may convene a strategy discussion.
var Conveners = choice.Choices{
	{Code: "referral", Label: "A screening decision"},
	{Code: "task", Label: "A repeat-missing task"},
	{Code: "meeting-item", Label: "An item at another meeting"},
}

// DefaultRequired are the agencies each kind of meeting needs: a strategy
// discussion needs local authority social work, police and health (Working
// Together); the others need the authority and the police unless a
// partnership sets otherwise.
func DefaultRequired() map[string][]auth.OrgType {
	return map[string][]auth.OrgType{
		Daily:    {auth.LocalAuthority, auth.PoliceForce},
		Strategy: {auth.LocalAuthority, auth.PoliceForce, auth.Health},
		Panel:    {auth.LocalAuthority, auth.PoliceForce},
		Mapping:  {auth.LocalAuthority, auth.PoliceForce},
	}
}

// Limits on the length of free text, in characters.
const (
	MaxName    = 100
	MaxSubject = 200
	MaxReason  = 500
	MaxText    = 5000
	MaxItems   = 200
	MaxPeople  = 100
)

// Meeting is a meeting as its reader may see it.
type Meeting struct {
	ID             string         `json:"id"`
	Kind           string         `json:"kind"`
	OwnerOrgID     string         `json:"local_authority_id"`
	OwnerOrgName   string         `json:"local_authority"`
	StartAt        time.Time      `json:"start_at"`
	Date           civil.Date     `json:"date"`
	Time           string         `json:"time"` // HH:MM in London
	ChairID        string         `json:"chair_id"`
	ChairName      string         `json:"chair"`
	State          string         `json:"state"`
	Reason         string         `json:"reason,omitempty"`
	ConvenedByType string         `json:"convened_by_type,omitempty"`
	ConvenedByID   string         `json:"convened_by_id,omitempty"`
	Attendees      []Attendee     `json:"attendees"`
	Items          []Item         `json:"items"`
	Actions        []Action       `json:"actions"`
	Required       []auth.OrgType `json:"required_agencies"`
	Missing        []auth.OrgType `json:"missing_agencies"`
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
	Version        int            `json:"version"`
	CanEdit        bool           `json:"-"`
	// Withheld counts what was shared on the understanding that it goes no
	// further than the meeting and is left out for this reader.
	Withheld int `json:"withheld,omitempty"`
}

// Attendee is one person at (or invited to) a meeting.
type Attendee struct {
	ID               string       `json:"id"`
	UserID           string       `json:"user_id,omitempty"`
	Name             string       `json:"name"`
	OrganisationID   string       `json:"organisation_id"`
	OrganisationName string       `json:"organisation"`
	OrganisationType auth.OrgType `json:"organisation_type"`
	Status           string       `json:"status"`
}

// Item is one item on the agenda.
type Item struct {
	ID               string   `json:"id"`
	Position         int      `json:"position"`
	SubjectKind      string   `json:"subject_kind"`
	PersonID         string   `json:"person_id,omitempty"`
	PersonName       string   `json:"person_name,omitempty"` // only for a reader who may see the record
	Subject          string   `json:"subject"`
	Reasons          []string `json:"reasons"`
	Shared           []Shared `json:"shared"`
	Decision         string   `json:"decision"`
	Outcome          string   `json:"outcome,omitempty"`
	ConferenceNeeded bool     `json:"conference_needed"`
	// Hidden says the item is about a person whose record the reader may
	// not see in full: it exists, and nothing of it is given.
	Hidden bool `json:"hidden,omitempty"`
}

// Shared is what one agency shared on an item.
type Shared struct {
	ID               string    `json:"id"`
	OrganisationID   string    `json:"organisation_id"`
	OrganisationName string    `json:"organisation"`
	Text             string    `json:"text"`
	NotBeyond        bool      `json:"not_beyond_meeting"`
	RecordedBy       string    `json:"recorded_by"`
	CreatedAt        time.Time `json:"created_at"`
}

// Action is an action agreed at a meeting, with its task.
type Action struct {
	ID               string     `json:"id"`
	ItemID           string     `json:"item_id,omitempty"`
	Text             string     `json:"text,omitempty"`
	OwnerUserID      string     `json:"owner_user_id,omitempty"`
	OwnerTeamID      string     `json:"owner_team_id,omitempty"`
	OrganisationID   string     `json:"organisation_id,omitempty"`
	OrganisationName string     `json:"organisation,omitempty"`
	DueDate          civil.Date `json:"due_date,omitzero"`
	Disruption       string     `json:"disruption,omitempty"`
	TaskID           string     `json:"task_id,omitempty"`
	CreatedAt        time.Time  `json:"created_at,omitzero"`
	// Hidden says the action is about a person whose record the reader
	// may not see in full: it exists, and nothing of it is given.
	Hidden bool `json:"hidden,omitempty"`
}

// Summary is a row of a list of meetings.
type Summary struct {
	ID        string     `json:"id"`
	Kind      string     `json:"kind"`
	OwnerOrg  string     `json:"local_authority_id"`
	StartAt   time.Time  `json:"start_at"`
	Date      civil.Date `json:"date"`
	Time      string     `json:"time"`
	ChairID   string     `json:"chair_id"`
	ChairName string     `json:"chair"`
	State     string     `json:"state"`
}
