package meeting

import (
	"strings"
	"time"

	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/text"
)

// Input is a meeting as entered on the form or sent to the API.
type Input struct {
	Kind           string `json:"kind"`
	Date           string `json:"date"` // YYYY-MM-DD, in London
	Time           string `json:"time"` // HH:MM, in London
	ChairID        string `json:"chair_id"`
	State          string `json:"state"`
	Reason         string `json:"reason"`
	ConvenedByType string `json:"convened_by_type"`
	ConvenedByID   string `json:"convened_by_id"`
	// Version, when set, must match the stored meeting's.
	Version int `json:"version,omitempty"`
}

// InputOf returns the Input that would recreate m.
func InputOf(m *Meeting) Input {
	return Input{Kind: m.Kind, Date: m.Date.String(), Time: m.Time, ChairID: m.ChairID, State: m.State,
		Reason: m.Reason, ConvenedByType: m.ConvenedByType, ConvenedByID: m.ConvenedByID}
}

// parseClock reads a time of day written HH:MM (or H:MM, or HH.MM).
func parseClock(s string) (h, m int, ok bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ".", ":")
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, 0, false
	}
	return t.Hour(), t.Minute(), true
}

// validate checks and normalises in, reporting every problem in the order
// of the form, and returns when the meeting starts. isChair says whether a
// user may chair the meeting.
func (in *Input) validate(now time.Time, isChair func(id string) bool) (time.Time, error) {
	var v errs.Validation
	in.Kind = strings.TrimSpace(in.Kind)
	if !Kinds.Has(in.Kind) {
		v.Add("kind", "Select the kind of meeting")
	}
	var date civil.Date
	in.Date = strings.TrimSpace(in.Date)
	switch d, err := civil.Parse(in.Date); {
	case in.Date == "":
		v.Add("date", "Enter the date of the meeting")
	case err != nil:
		v.Add("date", "The date of the meeting must be a real date")
	case d.Year < 2000 || d.Year > 2100:
		v.Add("date", "The date of the meeting must be between 2000 and 2100")
	default:
		date = d
		in.Date = d.String()
	}
	h, m, clockOK := parseClock(in.Time)
	switch {
	case strings.TrimSpace(in.Time) == "":
		v.Add("time", "Enter the time the meeting starts")
	case !clockOK:
		v.Add("time", "The time the meeting starts must be a real time, like 09:30")
	default:
		in.Time = time.Date(2000, 1, 1, h, m, 0, 0, time.UTC).Format("15:04")
	}
	in.ChairID = strings.TrimSpace(in.ChairID)
	switch {
	case in.ChairID == "":
		v.Add("chair_id", "Choose who chaired the meeting")
	case !db.ValidID(in.ChairID) || !isChair(in.ChairID):
		v.Add("chair_id", "Choose a chair from your authority’s staff who run meetings")
	}
	var start time.Time
	if !date.IsZero() && clockOK {
		start = time.Date(date.Year, date.Month, date.Day, h, m, 0, 0, civil.London).UTC()
	}
	in.State = strings.TrimSpace(in.State)
	if in.State == "" {
		in.State = Planned
	}
	switch {
	case !States.Has(in.State):
		v.Add("state", "Select whether the meeting is planned, was held or was cancelled")
	case in.State == Held && !start.IsZero() && start.After(now):
		v.Add("state", "A meeting that has not started yet cannot have been held: select Planned")
	}
	in.Reason = text.Clean(in.Reason)
	in.ConvenedByType, in.ConvenedByID = strings.TrimSpace(in.ConvenedByType), strings.TrimSpace(in.ConvenedByID)
	if in.Kind != Strategy {
		in.Reason, in.ConvenedByType, in.ConvenedByID = "", "", ""
		return start, v.Err()
	}
	switch {
	case in.Reason == "":
		v.Add("reason", "Enter the reasonable cause to suspect the child is suffering, or likely to suffer, significant harm")
	case text.TooLong(in.Reason, MaxText):
		v.Add("reason", text.Limit("The reason for the strategy discussion", MaxText))
	}
	switch {
	case in.ConvenedByType == "" && in.ConvenedByID == "":
	case !Conveners.Has(in.ConvenedByType):
		v.Add("convened_by_type", "Select what convened the strategy discussion: a screening decision, a repeat-missing task or an item at another meeting")
	case !db.ValidID(in.ConvenedByID):
		v.Add("convened_by_id", "Give the id of the record that convened the strategy discussion")
	}
	return start, v.Err()
}

// AttendeeInput is one attendee: a user (their name and organisation come
// from their account), or the name and organisation of someone without one.
type AttendeeInput struct {
	UserID         string `json:"user_id"`
	Name           string `json:"name"`
	OrganisationID string `json:"organisation_id"`
	Status         string `json:"status"`
}

// AttendanceInput replaces a meeting's attendance.
type AttendanceInput struct {
	Attendees []AttendeeInput `json:"attendees"`
	Version   int             `json:"version,omitempty"`
}

// ItemInput is an item added to the agenda.
type ItemInput struct {
	SubjectKind string   `json:"subject_kind"`
	PersonID    string   `json:"person_id"`
	Subject     string   `json:"subject"`
	Reasons     []string `json:"reasons"`
	Version     int      `json:"version,omitempty"`
}

func (in *ItemInput) validate() *errs.Validation {
	var v errs.Validation
	in.SubjectKind, in.PersonID, in.Subject = strings.TrimSpace(in.SubjectKind), strings.TrimSpace(in.PersonID), text.OneLine(in.Subject)
	if !Subjects.Has(in.SubjectKind) {
		v.Add("subject_kind", "Select what the item is about: a child, an adult of concern, a place, a peer group or a theme")
	}
	switch {
	case aboutPerson(in.SubjectKind) && in.PersonID == "":
		v.Add("person_id", "Select the person record the item is about")
	case aboutPerson(in.SubjectKind) && !db.ValidID(in.PersonID):
		v.Add("person_id", "Select a person record from the search results")
	case !aboutPerson(in.SubjectKind) && in.PersonID != "":
		v.Add("person_id", "Only an item about a child or an adult of concern links to a person record")
	}
	switch {
	case in.Subject == "" && in.SubjectKind == SubjectPlace:
		v.Add("subject", "Enter the place the item is about")
	case in.Subject == "" && in.SubjectKind == SubjectPeerGroup:
		v.Add("subject", "Enter the name of the peer group")
	case in.Subject == "" && in.SubjectKind == SubjectTheme:
		v.Add("subject", "Enter the theme")
	case text.TooLong(in.Subject, MaxSubject):
		v.Add("subject", text.Limit("What the item is about", MaxSubject))
	}
	var reasons []string
	for _, r := range in.Reasons {
		if r = text.OneLine(r); r == "" {
			continue
		}
		if text.TooLong(r, MaxReason) && !v.Has("reasons") {
			v.Add("reasons", text.Limit("Each reason", MaxReason))
		}
		reasons = append(reasons, r)
	}
	if len(reasons) > 20 {
		v.Add("reasons", "Give 20 reasons or fewer")
	}
	in.Reasons = reasons
	if in.Reasons == nil {
		in.Reasons = []string{}
	}
	return &v
}

// SharedInput is what an agency shared on an item.
type SharedInput struct {
	OrganisationID string `json:"organisation_id"`
	Text           string `json:"text"`
	NotBeyond      bool   `json:"not_beyond_meeting"`
	Version        int    `json:"version,omitempty"`
}

// DecisionInput is the decision on an item. Outcome is for a strategy
// discussion, which must choose one; ConferenceNeeded says a section 47
// enquiry leads to an initial child protection conference.
type DecisionInput struct {
	Decision         string `json:"decision"`
	Outcome          string `json:"outcome"`
	ConferenceNeeded bool   `json:"conference_needed"`
	Version          int    `json:"version,omitempty"`
}

func (in *DecisionInput) validate(kind string) error {
	var v errs.Validation
	in.Decision, in.Outcome = text.Clean(in.Decision), strings.TrimSpace(in.Outcome)
	if kind == Strategy {
		switch {
		case in.Outcome == "":
			v.Add("outcome", "Select the decision of the strategy discussion")
		case !Outcomes.Has(in.Outcome):
			v.Add("outcome", "Select a decision from the list")
		case in.ConferenceNeeded && in.Outcome != S47Single && in.Outcome != S47Joint:
			v.Add("conference_needed", "An initial child protection conference follows a section 47 enquiry: select a section 47 decision, or say no conference is needed")
		}
	} else {
		switch {
		case in.Outcome != "":
			v.Add("outcome", "Only a strategy discussion records a section 47 decision")
		case in.ConferenceNeeded:
			v.Add("conference_needed", "Only a strategy discussion can start an initial child protection conference")
		}
	}
	switch {
	case in.Decision == "" && kind != Strategy:
		v.Add("decision", "Enter the decision on the item")
	case text.TooLong(in.Decision, MaxText):
		v.Add("decision", text.Limit("The decision", MaxText))
	}
	return v.Err()
}

// ActionInput is an action agreed at a meeting: what, who owns it (a user
// or a team) and by when. ItemID, when set, is the agenda item it comes
// from.
type ActionInput struct {
	ItemID      string `json:"item_id"`
	Text        string `json:"text"`
	OwnerUserID string `json:"owner_user_id"`
	OwnerTeamID string `json:"owner_team_id"`
	DueDate     string `json:"due_date"`
	// Disruption is the kind of disruption the action is (Disruptions),
	// or "" for another action.
	Disruption string `json:"disruption,omitempty"`
	Version    int    `json:"version,omitempty"`
}

func (in *ActionInput) validate(today civil.Date) (civil.Date, *errs.Validation) {
	var v errs.Validation
	in.ItemID, in.Text = strings.TrimSpace(in.ItemID), text.Clean(in.Text)
	in.OwnerUserID, in.OwnerTeamID = strings.TrimSpace(in.OwnerUserID), strings.TrimSpace(in.OwnerTeamID)
	if in.ItemID != "" && !db.ValidID(in.ItemID) {
		v.Add("item_id", "Select an item on the agenda, or none")
	}
	if in.Disruption = strings.TrimSpace(in.Disruption); in.Disruption != "" && !Disruptions.Has(in.Disruption) {
		v.Add("disruption", "Select the kind of disruption from the list, or none")
	}
	switch {
	case in.Text == "":
		v.Add("text", "Enter the action")
	case text.TooLong(in.Text, MaxText):
		v.Add("text", text.Limit("The action", MaxText))
	}
	switch {
	case in.OwnerUserID == "" && in.OwnerTeamID == "":
		v.Add("owner", "Choose who owns the action: a person or a team")
	case in.OwnerUserID != "" && in.OwnerTeamID != "":
		v.Add("owner", "Choose a person or a team to own the action, not both")
	case !db.ValidID(in.OwnerUserID + in.OwnerTeamID):
		v.Add("owner", "Choose a person or a team from the list")
	}
	var due civil.Date
	in.DueDate = strings.TrimSpace(in.DueDate)
	switch d, err := civil.Parse(in.DueDate); {
	case in.DueDate == "":
		v.Add("due_date", "Enter the date the action is due")
	case err != nil:
		v.Add("due_date", "The date the action is due must be a real date")
	case d.Before(today.AddDays(-365)) || d.After(today.AddDays(3*365)):
		v.Add("due_date", "The date the action is due must be within a year before, or three years after, today")
	default:
		due = d
		in.DueDate = d.String()
	}
	return due, &v
}
