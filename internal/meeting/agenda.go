package meeting

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/text"
)

// Attendance, the agenda, what each agency shared and the decisions.

func (s *Service) editRule(u *auth.User) func(access.Meeting) bool {
	return func(r access.Meeting) bool { return access.EditMeeting(u, r) }
}

// change runs fn in a transaction on the meeting id, as u may change it.
func (s *Service) change(ctx context.Context, id string, version int, may func(*auth.User) func(access.Meeting) bool,
	fn func(tx *sql.Tx, u *auth.User, m *Meeting) error) error {
	u, err := auth.Actor(ctx)
	if err != nil {
		return err
	}
	return errs.Wrap(s.DB.Tx(ctx, func(tx *sql.Tx) error {
		m, err := s.readToChange(ctx, tx, u, id, version, may(u))
		if err != nil {
			return err
		}
		return fn(tx, u, m)
	}), "saving the meeting")
}

// SetAttendance replaces who attended the meeting and how: present, sent
// apologies or absent. Each attendee is a user (their name and organisation
// are their account's) or a name and one of the partnership's
// organisations.
func (s *Service) SetAttendance(ctx context.Context, meetingID string, in AttendanceInput) ([]Attendee, error) {
	orgs, err := s.orgMap(ctx)
	if err != nil {
		return nil, err
	}
	var v errs.Validation
	if len(in.Attendees) > MaxPeople {
		v.Add("attendees", fmt.Sprintf("Record %d attendees or fewer", MaxPeople))
		return nil, v.Err()
	}
	out := make([]Attendee, 0, len(in.Attendees))
	seen := map[string]bool{}
	for i, a := range in.Attendees {
		n := i + 1
		field := func(f string) string { return fmt.Sprintf("attendees.%d.%s", i, f) }
		at := Attendee{ID: db.NewID(), Status: a.Status}
		a.UserID, a.Name, a.OrganisationID = text.OneLine(a.UserID), text.OneLine(a.Name), text.OneLine(a.OrganisationID)
		switch {
		case a.UserID != "":
			user, err := s.Directory.GetUser(ctx, a.UserID)
			switch {
			case errs.Is(err, errs.NotFound) || (err == nil && !user.Active) || !db.ValidID(a.UserID):
				v.Add(field("user_id"), fmt.Sprintf("Choose attendee %d from the list of users", n))
				continue
			case err != nil:
				return nil, errs.Wrap(err, "reading an attendee")
			case seen[user.ID]:
				v.Add(field("user_id"), fmt.Sprintf("%s is already in the list of attendees", user.Name))
				continue
			}
			seen[user.ID] = true
			at.UserID, at.Name, at.OrganisationID = user.ID, user.Name, user.Organisation.ID
			at.OrganisationType = user.Organisation.Type
		default:
			switch {
			case a.Name == "":
				v.Add(field("name"), fmt.Sprintf("Enter the name of attendee %d, or choose them from the list of users", n))
			case text.TooLong(a.Name, MaxName):
				v.Add(field("name"), text.Limit(fmt.Sprintf("The name of attendee %d", n), MaxName))
			}
			o, ok := orgs[a.OrganisationID]
			if !ok {
				v.Add(field("organisation_id"), fmt.Sprintf("Select the organisation of attendee %d", n))
			}
			at.Name, at.OrganisationID, at.OrganisationType = a.Name, o.ID, o.Type
		}
		if !Attendances.Has(at.Status) {
			v.Add(field("status"), fmt.Sprintf("Select whether attendee %d was present, sent apologies or was absent", n))
		}
		out = append(out, at)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	err = s.change(ctx, meetingID, in.Version, s.editRule, func(tx *sql.Tx, u *auth.User, m *Meeting) error {
		if err := replaceAttendees(ctx, tx, m.ID, out); err != nil {
			return err
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: m.ID,
			Detail: fmt.Sprintf("recorded the attendance of %d people", len(out))})
	})
	if err != nil {
		return nil, err
	}
	names, err := s.orgNames(ctx)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].OrganisationName = names[out[i].OrganisationID]
	}
	return out, nil
}

// subjectPerson checks that the person record an item is about is one u
// may see in full, of the kind the item says.
func (s *Service) subjectPerson(ctx context.Context, u *auth.User, in ItemInput) (*people.Facts, error) {
	what := "a child"
	if in.SubjectKind == SubjectAdult {
		what = "an adult"
	}
	p, err := people.LoadFacts(ctx, s.DB.Read(), in.PersonID)
	switch {
	case errs.Is(err, errs.NotFound) || (err == nil && access.View(u, p.Record) != access.Full):
		return nil, errs.FieldErr("person_id", "Select the record of "+what+" you can see")
	case err != nil:
		return nil, errs.Wrap(err, "reading the person record")
	case p.MergedInto != "":
		return nil, errs.FieldErr("person_id", "This record was merged into another: choose the record kept")
	case in.SubjectKind == SubjectChild && p.Kind != people.Child,
		in.SubjectKind == SubjectAdult && p.Kind != people.Adult:
		return nil, errs.FieldErr("person_id", "Select the record of "+what+": this one is not")
	}
	return p, nil
}

// AddItem adds an item to the end of the agenda.
func (s *Service) AddItem(ctx context.Context, meetingID string, in ItemInput) (*Item, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := in.validate().Err(); err != nil {
		return nil, err
	}
	it := &Item{ID: db.NewID(), SubjectKind: in.SubjectKind, PersonID: in.PersonID, Subject: in.Subject,
		Reasons: in.Reasons, Shared: []Shared{}}
	if in.PersonID != "" {
		p, err := s.subjectPerson(ctx, u, in)
		if err != nil {
			return nil, err
		}
		it.PersonName = p.Name
	}
	err = s.change(ctx, meetingID, in.Version, s.editRule, func(tx *sql.Tx, u *auth.User, m *Meeting) error {
		if len(m.Items) >= MaxItems {
			return errs.E(errs.Invalid, "An agenda can have %d items at most", MaxItems)
		}
		if err := insertItem(ctx, tx, m.ID, it, u.ID, s.now()); err != nil {
			return err
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: m.ID,
			PersonID: it.PersonID, Detail: "added an agenda item about " + Subjects.Label(it.SubjectKind)})
	})
	if err != nil {
		return nil, err
	}
	return it, nil
}

// ReorderItems puts the agenda in the order of itemIDs, which must name
// every item on it once.
func (s *Service) ReorderItems(ctx context.Context, meetingID string, itemIDs []string, version int) error {
	return s.change(ctx, meetingID, version, s.editRule, func(tx *sql.Tx, u *auth.User, m *Meeting) error {
		current := make([]string, len(m.Items))
		for i, it := range m.Items {
			current[i] = it.ID
		}
		sorted := slices.Clone(itemIDs)
		slices.Sort(sorted)
		slices.Sort(current)
		if !slices.Equal(sorted, current) {
			return errs.FieldErr("item_ids", "List every item on the agenda once, in the new order")
		}
		now := s.now()
		for i, id := range itemIDs {
			if err := setPosition(ctx, tx, id, i+1, now); err != nil {
				return err
			}
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: m.ID,
			Detail: "reordered the agenda"})
	})
}

// itemOf finds an item on m's agenda.
func itemOf(m *Meeting, itemID string) (*Item, error) {
	for i := range m.Items {
		if m.Items[i].ID == itemID {
			return &m.Items[i], nil
		}
	}
	return nil, errs.E(errs.NotFound, "There is no such item on the agenda of this meeting")
}

// DropItem takes an item off the agenda. It is kept, out of the agenda, on
// the meeting's trail.
func (s *Service) DropItem(ctx context.Context, meetingID, itemID string, version int) error {
	return s.change(ctx, meetingID, version, s.editRule, func(tx *sql.Tx, u *auth.User, m *Meeting) error {
		it, err := itemOf(m, itemID)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(m.Actions, func(a Action) bool { return a.ItemID == it.ID }) {
			return errs.E(errs.Conflict, "Actions were agreed on this item, so it stays on the agenda")
		}
		if err := dropItem(ctx, tx, it.ID, s.now()); err != nil {
			return err
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: m.ID,
			PersonID: it.PersonID, Detail: "dropped an agenda item"})
	})
}

// RecordShared records what an agency shared on an item. Whoever runs the
// meeting records it for any organisation present; a police or health
// attendee's organisation records its own.
func (s *Service) RecordShared(ctx context.Context, meetingID, itemID string, in SharedInput) (*Shared, error) {
	var v errs.Validation
	in.OrganisationID, in.Text = text.OneLine(in.OrganisationID), text.Clean(in.Text)
	if in.OrganisationID == "" {
		v.Add("organisation_id", "Select the organisation that shared the information")
	}
	switch {
	case in.Text == "":
		v.Add("text", "Enter what the organisation shared")
	case text.TooLong(in.Text, MaxText):
		v.Add("text", text.Limit("What the organisation shared", MaxText))
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	may := func(u *auth.User) func(access.Meeting) bool {
		return func(r access.Meeting) bool { return access.ShareAtMeeting(u, r, in.OrganisationID) }
	}
	var sh *Shared
	err := s.change(ctx, meetingID, in.Version, may, func(tx *sql.Tx, u *auth.User, m *Meeting) error {
		it, err := itemOf(m, itemID)
		if err != nil {
			return err
		}
		if !slices.Contains(rules(m).PresentOrgs, in.OrganisationID) {
			return errs.FieldErr("organisation_id", "Select an organisation that was present at the meeting")
		}
		sh = &Shared{ID: db.NewID(), OrganisationID: in.OrganisationID, Text: in.Text, NotBeyond: in.NotBeyond,
			RecordedBy: u.ID, CreatedAt: s.now()}
		if err := insertShared(ctx, tx, m.ID, it.ID, sh); err != nil {
			return err
		}
		detail := "recorded what an agency shared"
		if sh.NotBeyond {
			detail += ", not to go beyond the meeting"
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: m.ID,
			PersonID: it.PersonID, Detail: detail})
	})
	if err != nil {
		return nil, err
	}
	names, err := s.orgNames(ctx)
	if err != nil {
		return nil, err
	}
	sh.OrganisationName = names[sh.OrganisationID]
	return sh, nil
}

// SetDecision records the decision on an item. At a strategy discussion a
// section 47 enquiry that leads to an initial child protection conference
// makes a task for the chair: hold the conference within the configured
// working days of the discussion.
func (s *Service) SetDecision(ctx context.Context, meetingID, itemID string, in DecisionInput) (*Item, error) {
	var it *Item
	err := s.change(ctx, meetingID, in.Version, s.editRule, func(tx *sql.Tx, u *auth.User, m *Meeting) error {
		var err error
		if it, err = itemOf(m, itemID); err != nil {
			return err
		}
		if err := in.validate(m.Kind); err != nil {
			return err
		}
		if err := setDecision(ctx, tx, it.ID, in, s.now()); err != nil {
			return err
		}
		it.Decision, it.Outcome, it.ConferenceNeeded = in.Decision, in.Outcome, in.ConferenceNeeded
		detail := "recorded the decision on an agenda item"
		if in.Outcome != "" {
			detail += ": " + OutcomeLabel(in.Outcome)
		}
		if err := s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: m.ID,
			PersonID: it.PersonID, Detail: detail}); err != nil {
			return err
		}
		if in.ConferenceNeeded {
			return s.conferenceTask(ctx, tx, m, it)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return it, nil
}
