package meeting

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/choice"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/text"
)

// Associations discussed at a meeting, a mapping meeting above all: which
// young person is linked to which other person, place, peer group,
// vehicle, phone or online account, and how. They are stored for the
// association map; each is about a young person, so adding and reading
// them is on the audit trail with their id.

// What a young person may be linked to.
const (
	OtherPerson    = "person"
	OtherPlace     = "place"
	OtherPeerGroup = "peer-group"
	OtherVehicle   = "vehicle"
	OtherPhone     = "phone"
	OtherOnline    = "online-account"
)

// OtherKinds are what a young person may be linked to.
var OtherKinds = choice.Choices{
	{Code: OtherPerson, Label: "A person"},
	{Code: OtherPlace, Label: "A place"},
	{Code: OtherPeerGroup, Label: "A peer group"},
	{Code: OtherVehicle, Label: "A vehicle"},
	{Code: OtherPhone, Label: "A phone number"},
	{Code: OtherOnline, Label: "An online account"},
}

// Relations are how a young person is linked to the other.
var Relations = choice.Choices{
	{Code: "associates-with", Label: "Associates with"},
	{Code: "seen-with", Label: "Seen with"},
	{Code: "suspected-exploiter", Label: "Suspected of exploiting them"},
	{Code: "peer-at-risk", Label: "A peer also at risk"},
	{Code: "frequents", Label: "Goes to"},
	{Code: "found-at", Label: "Found there when missing"},
	{Code: "stays-at", Label: "Stays there"},
	{Code: "member-of", Label: "Part of the group"},
	{Code: "uses", Label: "Uses"},
	{Code: "contacted-by", Label: "Contacted by"},
}

// RelationLabel is the plain name of a relation.
func RelationLabel(code string) string { return Relations.Label(code) }

// MaxLinks bounds the associations recorded at one meeting.
const MaxLinks = 500

// Link is an association recorded at a meeting.
type Link struct {
	ID         string `json:"id"`
	MeetingID  string `json:"meeting_id"`
	PersonID   string `json:"person_id,omitempty"`
	PersonName string `json:"person_name,omitempty"` // for a reader who may see the record
	OtherKind  string `json:"other_kind,omitempty"`
	// OtherPersonID is the other person's record, when they are on one;
	// OtherText describes the other (a place's name or address, a
	// group's name, a vehicle, a number), and names a person not on
	// record.
	OtherPersonID   string    `json:"other_person_id,omitempty"`
	OtherPersonName string    `json:"other_person_name,omitempty"`
	OtherText       string    `json:"other_text,omitempty"`
	Relation        string    `json:"relation,omitempty"`
	Note            string    `json:"note,omitempty"`
	CreatedBy       string    `json:"created_by,omitempty"`
	CreatedAt       time.Time `json:"created_at,omitzero"`
	// Hidden says the association is about a person whose record the
	// reader may not see in full: it exists, and nothing of it is given.
	Hidden bool `json:"hidden,omitempty"`
}

// LinkInput is an association to record.
type LinkInput struct {
	PersonID      string `json:"person_id"`
	OtherKind     string `json:"other_kind"`
	OtherPersonID string `json:"other_person_id"`
	OtherText     string `json:"other_text"`
	Relation      string `json:"relation"`
	Note          string `json:"note"`
	// Version, when set, must be the meeting's version: a form made before
	// another change is refused as stale.
	Version int `json:"version,omitempty"`
}

func (in *LinkInput) validate() error {
	var v errs.Validation
	in.PersonID, in.OtherPersonID = text.OneLine(in.PersonID), text.OneLine(in.OtherPersonID)
	in.OtherText, in.Note = text.OneLine(in.OtherText), text.Clean(in.Note)
	if in.PersonID == "" {
		v.Add("person_id", "Select the young person")
	}
	switch {
	case !OtherKinds.Has(in.OtherKind):
		v.Add("other_kind", "Select what the young person is linked to")
	case in.OtherKind == OtherPerson && in.OtherPersonID == "" && in.OtherText == "":
		v.Add("other_text", "Choose the person's record, or enter their name or description")
	case in.OtherKind != OtherPerson && in.OtherPersonID != "":
		v.Add("other_person_id", "Only a person can be chosen from the records")
	case in.OtherKind != OtherPerson && in.OtherText == "":
		v.Add("other_text", "Enter the "+strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(OtherKinds.Label(in.OtherKind)), "a "), "an ")+
			" the young person is linked to")
	}
	switch {
	case text.TooLong(in.OtherText, MaxSubject):
		v.Add("other_text", text.Limit("The description", MaxSubject))
	}
	if !Relations.Has(in.Relation) {
		v.Add("relation", "Select how the young person is linked to it")
	}
	if text.TooLong(in.Note, MaxText) {
		v.Add("note", text.Limit("The note", MaxText))
	}
	return v.Err()
}

// AddLink records an association discussed at the meeting. The young
// person, and the other person when chosen from the records, must be
// records the user may see in full; the other person must not be the young
// person.
func (s *Service) AddLink(ctx context.Context, meetingID string, in LinkInput) (*Link, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	p, err := s.subjectPerson(ctx, u, ItemInput{SubjectKind: SubjectChild, PersonID: in.PersonID})
	if err != nil {
		return nil, err
	}
	l := &Link{ID: db.NewID(), PersonID: p.Record.ID, PersonName: p.Name, OtherKind: in.OtherKind, OtherText: in.OtherText,
		Relation: in.Relation, Note: in.Note, CreatedBy: u.ID, CreatedAt: s.now()}
	if in.OtherPersonID != "" {
		o, err := people.LoadFacts(ctx, s.DB.Read(), in.OtherPersonID)
		switch {
		case errs.Is(err, errs.NotFound) || (err == nil && access.View(u, o.Record) != access.Full):
			return nil, errs.FieldErr("other_person_id", "Select the record of a person you can see")
		case err != nil:
			return nil, errs.Wrap(err, "reading the person record")
		case o.MergedInto != "":
			return nil, errs.FieldErr("other_person_id", "This record was merged into another: choose the record kept")
		case o.Record.ID == p.Record.ID:
			return nil, errs.FieldErr("other_person_id", "Choose someone other than the young person")
		}
		l.OtherPersonID, l.OtherPersonName = o.Record.ID, o.Name
	}
	err = s.change(ctx, meetingID, in.Version, s.editRule, func(tx *sql.Tx, u *auth.User, m *Meeting) error {
		n, err := countLinks(ctx, tx, m.ID)
		if err != nil {
			return err
		}
		if n >= MaxLinks {
			return errs.E(errs.Invalid, "A meeting can record %d associations at most", MaxLinks)
		}
		l.MeetingID = m.ID
		if err := insertLink(ctx, tx, l); err != nil {
			return err
		}
		events := []audit.Event{{Action: audit.Update, RecordType: RecordType, RecordID: m.ID, PersonID: l.PersonID,
			Detail: "recorded an association: " + OtherKinds.Label(l.OtherKind) + ", " + RelationLabel(l.Relation)}}
		if l.OtherPersonID != "" {
			events = append(events, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: m.ID,
				PersonID: l.OtherPersonID, Detail: "recorded as linked to a young person at a meeting"})
		}
		return s.record(ctx, tx, events...)
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// Links are the associations recorded at the meeting, in the order they
// were recorded, for a reader who may see the meeting. An association is
// given only to a reader who may see the record of its young person and of
// the other person on record; to another it is hidden (it exists, and
// nothing of it is given). Reading them is on the audit trail with each
// young person's id.
func (s *Service) Links(ctx context.Context, meetingID string) ([]Link, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	var out []Link
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		m, err := read(ctx, tx, u, meetingID)
		if err != nil {
			return err
		}
		if out, err = loadLinks(ctx, tx, m.ID); err != nil {
			return err
		}
		seen := map[string]bool{}
		var events []audit.Event
		var ids []string
		for i := range out {
			for _, id := range []string{out[i].PersonID, out[i].OtherPersonID} {
				if id == "" || seen[id] {
					continue
				}
				seen[id] = true
				ids = append(ids, id)
				events = append(events, audit.Event{Action: audit.View, RecordType: RecordType, RecordID: m.ID,
					PersonID: id, Detail: "associations recorded at a meeting"})
			}
		}
		facts, err := records(ctx, tx, ids)
		if err != nil {
			return err
		}
		redactLinks(out, userSight(u, facts))
		for i := range out {
			if l := &out[i]; !l.Hidden {
				l.PersonName = facts[l.PersonID].Name
				if p := facts[l.OtherPersonID]; p != nil {
					l.OtherPersonName = p.Name
				}
			}
		}
		if len(events) == 0 {
			events = append(events, audit.Event{Action: audit.View, RecordType: RecordType, RecordID: m.ID,
				Detail: "associations recorded at a meeting: none"})
		}
		return s.record(ctx, tx, events...)
	})
	if err != nil {
		return nil, errs.Wrap(err, "reading the associations")
	}
	if out == nil {
		out = []Link{}
	}
	return out, nil
}

// personNames are the names of the person records ids that u may see in
// full, by id; a record u may not see in full (or none) has no name.
func personNames(ctx context.Context, q db.Querier, u *auth.User, ids []string) (map[string]string, error) {
	facts, err := people.LoadManyFacts(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(facts))
	for id, p := range facts {
		if access.View(u, p.Record) == access.Full {
			out[id] = p.Name
		}
	}
	return out, nil
}
