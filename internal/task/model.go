// Package task keeps the drift register: every step that has a timescale
// (a referral decision, a strategy discussion, a return interview) becomes a
// task with an owner (a user or a team), a due time, a link to its record
// and a state. Features create their tasks through Service.CreateTx inside
// their own transactions; "My work", the overdue lists and the API read them
// back. Every change is audited in the same transaction.
package task

import (
	"embed"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"mace/internal/platform/access"
	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Migrations are this package's tables.
var Migrations = db.MigrationsFrom(migrationFS, "migrations")

// RecordType names tasks on the audit trail.
const RecordType = "task"

// States of a task.
const (
	Open      = "open"
	Done      = "done"
	Cancelled = "cancelled"
)

// Limits on what is stored.
const (
	maxTitle  = 200
	maxReason = 500
	maxCode   = 100
)

// Task is one step with an owner and a due time. Exactly one of OwnerUserID
// and OwnerTeamID is set. Overdue is worked out when the task is read: open
// and due before now.
type Task struct {
	ID              string    `json:"id"`
	Kind            string    `json:"kind"`
	Title           string    `json:"title"`
	RecordType      string    `json:"record_type"`
	RecordID        string    `json:"record_id"`
	PersonID        string    `json:"person_id,omitempty"`
	OwnerUserID     string    `json:"owner_user_id,omitempty"`
	OwnerTeamID     string    `json:"owner_team_id,omitempty"`
	OrganisationID  string    `json:"organisation_id"`
	DueAt           time.Time `json:"due_at"`
	State           string    `json:"state"`
	Overdue         bool      `json:"overdue"`
	CreatedAt       time.Time `json:"created_at"`
	CreatedBy       string    `json:"created_by"`
	CompletedAt     time.Time `json:"completed_at,omitzero"`
	CompletedBy     string    `json:"completed_by,omitempty"`
	CancelledAt     time.Time `json:"cancelled_at,omitzero"`
	CancelledBy     string    `json:"cancelled_by,omitempty"`
	CancelledReason string    `json:"cancelled_reason,omitempty"`
	DedupeKey       string    `json:"-"`
}

// Owner is who a task belongs to: a user or a team, never both.
type Owner struct {
	UserID string
	TeamID string
}

// Owner is who the task belongs to.
func (t *Task) Owner() Owner { return Owner{UserID: t.OwnerUserID, TeamID: t.OwnerTeamID} }

// describe names the owner by id, for the audit trail.
func (o Owner) describe() string {
	if o.TeamID != "" {
		return "team " + o.TeamID
	}
	return "user " + o.UserID
}

// mark fills Overdue for the time now.
func (t *Task) mark(now time.Time) { t.Overdue = t.State == Open && t.DueAt.Before(now) }

// NewTask is a task a feature asks for. Give the due time as DueAt, or a
// date-only deadline as DueDate (due by the end of that day in London), not
// both. A DedupeKey makes creation idempotent: a second task of the same
// Kind and key is not made, and the first is returned instead.
type NewTask struct {
	Kind           string // a short code from the creating feature, like "referral-decision"
	Title          string // plain English; no personal data beyond what the record shows
	RecordType     string
	RecordID       string
	PersonID       string // the child it concerns, if any
	Owner          Owner
	OrganisationID string // the owning organisation, for scoping
	DueAt          time.Time
	DueDate        civil.Date
	DedupeKey      string
}

// EndOfDay is the deadline for something due on a date: 23:59:59 London time
// that day, as the calendar package counts "by the end of the day".
func EndOfDay(d civil.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day+1, 0, 0, 0, 0, civil.London).Add(-time.Second)
}

func trim(s string) string { return strings.TrimSpace(s) }

var codePattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// clean trims the answers.
func (in *NewTask) clean() {
	in.Kind, in.Title = strings.TrimSpace(in.Kind), strings.TrimSpace(in.Title)
	in.RecordType, in.RecordID = strings.TrimSpace(in.RecordType), strings.TrimSpace(in.RecordID)
	in.PersonID, in.OrganisationID = strings.TrimSpace(in.PersonID), strings.TrimSpace(in.OrganisationID)
	in.Owner.UserID, in.Owner.TeamID = strings.TrimSpace(in.Owner.UserID), strings.TrimSpace(in.Owner.TeamID)
	in.DedupeKey = strings.TrimSpace(in.DedupeKey)
}

// validate checks what can be checked without the database.
func (in *NewTask) validate() *errs.Validation {
	var v errs.Validation
	switch {
	case in.Kind == "":
		v.Add("kind", "Enter the kind of task")
	case len(in.Kind) > maxCode || !codePattern.MatchString(in.Kind):
		v.Add("kind", "Enter the kind of task as a short code of lower-case letters, numbers and hyphens, like referral-decision")
	}
	switch {
	case in.Title == "":
		v.Add("title", "Enter a title for the task")
	case utf8.RuneCountInString(in.Title) > maxTitle:
		v.Add("title", fmt.Sprintf("Enter a title that is %d characters or fewer", maxTitle))
	}
	if in.RecordType == "" || in.RecordID == "" {
		v.Add("record", "Link the task to the record it belongs to")
	}
	checkOwner(&v, in.Owner)
	if in.OrganisationID == "" {
		v.Add("organisation_id", "Choose the organisation that owns the task")
	}
	switch {
	case in.DueAt.IsZero() && in.DueDate.IsZero():
		v.Add("due_at", "Enter when the task is due")
	case !in.DueAt.IsZero() && !in.DueDate.IsZero():
		v.Add("due_at", "Enter either a due date or a due time, not both")
	}
	if len(in.DedupeKey) > maxTitle {
		v.Add("dedupe_key", fmt.Sprintf("Enter a key that is %d characters or fewer", maxTitle))
	}
	return &v
}

// due is the due time as stored: UTC, to the microsecond.
func (in *NewTask) due() time.Time {
	if !in.DueDate.IsZero() {
		return EndOfDay(in.DueDate).UTC()
	}
	return in.DueAt.UTC().Truncate(time.Microsecond)
}

func checkOwner(v *errs.Validation, o Owner) {
	switch {
	case o.UserID == "" && o.TeamID == "":
		v.Add("owner", "Choose a user or a team to own the task")
	case o.UserID != "" && o.TeamID != "":
		v.Add("owner", "Choose a user or a team to own the task, not both")
	}
}

// Assignment is what platform/access needs to decide who may see and act
// on the task: its owner and owning organisation.
func (t *Task) Assignment() access.Assignment {
	return access.Assignment{OwnerUserID: t.OwnerUserID, OwnerTeamID: t.OwnerTeamID, OrganisationID: t.OrganisationID}
}

// Query asks for a list of tasks. Assignee is "me" (the user's own tasks
// and their teams', as in My work), "team:<id>" (the team's work: its own
// tasks and its members') or "teams" (the work of all the user's teams);
// State is open, overdue, done or cancelled. The empty values mean "me"
// and open. Limit is the page size (DefaultPageSize when 0, at most
// MaxPageSize), After the cursor of the page a list gave as Next, and
// Count asks for the sizes of the list's groups.
type Query struct {
	Assignee string
	State    string
	Limit    int
	After    string
	Count    bool
}

// States a query may ask for.
var queryStates = []string{Open, "overdue", Done, Cancelled}

// AllTeams is the Assignee for the work of all the user's teams.
const AllTeams = "teams"

// validate cleans q and returns the team asked for, if any.
func (q *Query) validate() (teamID string, err error) {
	var v errs.Validation
	q.Assignee, q.State = strings.TrimSpace(q.Assignee), strings.TrimSpace(q.State)
	if q.Assignee == "" {
		q.Assignee = "me"
	}
	if q.State == "" {
		q.State = Open
	}
	if id, ok := strings.CutPrefix(q.Assignee, "team:"); ok && db.ValidID(id) {
		teamID = id
	} else if q.Assignee != "me" && q.Assignee != AllTeams {
		v.Add("assignee", "Assignee must be me, teams, or team: followed by a team's id")
	}
	if !slices.Contains(queryStates, q.State) {
		v.Add("state", "State must be open, overdue, done or cancelled")
	}
	switch {
	case q.Limit <= 0:
		q.Limit = DefaultPageSize
	case q.Limit > MaxPageSize:
		q.Limit = MaxPageSize
	}
	return teamID, v.Err()
}

// MyWork is a user's open tasks, and their teams', in three groups each in
// due order. TeamTasks is filled for managers: the open tasks of the other
// members of the manager's teams (the teams' own tasks are already in the
// groups), in due order.
//
// Each group is its first page (DefaultPageSize tasks at most); Counts are
// the groups' sizes and Next the cursors of their next pages ("" when a
// group is shown whole), for a list of open tasks (Next.Overdue for one of
// overdue tasks).
type MyWork struct {
	Overdue   []Task `json:"overdue"`
	DueToday  []Task `json:"due_today"`
	Later     []Task `json:"later"`
	TeamTasks []Task `json:"team_tasks,omitempty"`
	Counts    Counts `json:"-"`
	Next      struct {
		Overdue, DueToday, Later string
	} `json:"-"`
	// TeamCount is the size of TeamTasks' whole list.
	TeamCount Count `json:"-"`
}

// Group puts open tasks in due order into My work's groups at time now:
// due before now, due later today in London, and the rest.
func Group(tasks []Task, now time.Time) MyWork {
	var w MyWork
	today := calendar.LondonDate(now)
	for _, t := range tasks {
		switch {
		case t.DueAt.Before(now):
			w.Overdue = append(w.Overdue, t)
		case calendar.LondonDate(t.DueAt) == today:
			w.DueToday = append(w.DueToday, t)
		default:
			w.Later = append(w.Later, t)
		}
	}
	return w
}
