package meeting

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// Content about a person. An item about a child or an adult, and
// everything under it (its reasons, what each agency shared, the decision,
// the actions agreed on it, the assessment arranged from it), and an
// association are shown under the same decision as the person's record
// (access.SeeAbout): whoever may not see the record in full is told that
// the item exists and nothing of it. Attending the meeting does not open
// an item; the chair recording that it was discussed with everyone present
// does, by involving each organisation present with the record.

// Hidden names an item, an action or an association about a person whose
// record the reader may not see.
const (
	HiddenChild  = "A young person you cannot see"
	HiddenPerson = "A person you cannot see"
)

// hiddenLabel is what an item hidden from its reader says it is about.
func hiddenLabel(kind string) string {
	if kind == SubjectAdult {
		return HiddenPerson
	}
	return HiddenChild
}

// errCannotSee refuses content about a person whose record the reader may
// not see in full.
var errCannotSee error = errs.E(errs.Forbidden, "You cannot see this young person's record, so you cannot see or arrange what is about them")

// peopleOf are the ids of the people m's agenda is about.
func peopleOf(m *Meeting) []string {
	var ids []string
	for _, it := range m.Items {
		if it.PersonID != "" && !slices.Contains(ids, it.PersonID) {
			ids = append(ids, it.PersonID)
		}
	}
	return ids
}

// records are the access facts of the people ids, read in q.
func records(ctx context.Context, q db.Querier, ids []string) (map[string]*people.Facts, error) {
	if len(ids) == 0 {
		return map[string]*people.Facts{}, nil
	}
	f, err := people.LoadManyFacts(ctx, q, ids)
	if err != nil {
		return nil, errs.Wrap(err, "reading the people on the agenda")
	}
	return f, nil
}

// sight says whether content about the person id may be shown; a person
// with no record here (or an id of no one) is not.
type sight func(id string) bool

func userSight(u *auth.User, facts map[string]*people.Facts) sight {
	return func(id string) bool {
		p := facts[id]
		return p != nil && access.SeeAbout(u, &p.Record)
	}
}

func orgSight(o access.Organisation, facts map[string]*people.Facts) sight {
	return func(id string) bool {
		p := facts[id]
		return p != nil && access.OrgSeesAbout(o, &p.Record)
	}
}

// redact leaves out of m everything about a person see refuses: each such
// item keeps its place on the agenda and says only that it exists, and the
// actions agreed on it only that they exist. It returns the people whose
// content is left in.
func redact(m *Meeting, see sight) []string {
	hidden := map[string]bool{}
	var shown []string
	for i := range m.Items {
		it := &m.Items[i]
		if it.Hidden {
			hidden[it.ID] = true
			continue
		}
		if it.PersonID == "" {
			continue
		}
		if see(it.PersonID) {
			if !slices.Contains(shown, it.PersonID) {
				shown = append(shown, it.PersonID)
			}
			continue
		}
		hidden[it.ID] = true
		*it = Item{ID: it.ID, Position: it.Position, SubjectKind: it.SubjectKind, Subject: hiddenLabel(it.SubjectKind),
			Reasons: []string{}, Shared: []Shared{}, Hidden: true}
	}
	for i := range m.Actions {
		a := &m.Actions[i]
		if a.ItemID != "" && hidden[a.ItemID] {
			*a = Action{ID: a.ID, ItemID: a.ItemID, Hidden: true}
		}
	}
	return shown
}

// redactLinks leaves out of ls everything about a person see refuses: an
// association is about its young person and the other person on record,
// and is hidden when either is. It returns the people whose content is
// left in.
func redactLinks(ls []Link, see sight) []string {
	var shown []string
	for i := range ls {
		l := &ls[i]
		if !see(l.PersonID) || (l.OtherPersonID != "" && !see(l.OtherPersonID)) {
			*l = Link{ID: l.ID, MeetingID: l.MeetingID, Hidden: true}
			continue
		}
		for _, id := range []string{l.PersonID, l.OtherPersonID} {
			if id != "" && !slices.Contains(shown, id) {
				shown = append(shown, id)
			}
		}
	}
	return shown
}

// seesAbout reports whether u may see content about the person id (read
// in q); content about no one is open.
func seesAbout(ctx context.Context, q db.Querier, u *auth.User, id string) (bool, error) {
	if id == "" {
		return true, nil
	}
	p, err := people.LoadFacts(ctx, q, id)
	if errs.Is(err, errs.NotFound) {
		return false, nil
	}
	if err != nil {
		return false, errs.Wrap(err, "reading the person record")
	}
	return access.SeeAbout(u, &p.Record), nil
}

// DiscussedWithPresent records that an item about a person was discussed
// with everyone present: each organisation with someone present that is
// not yet involved with the person's record is involved from now on, for
// that reason, and each grant is on the person's audit trail. Only whoever
// may change the meeting and see the record in full may record it, and
// not for a restricted record, whose content is for its named users only.
// It returns the names of the organisations newly involved.
func (s *Service) DiscussedWithPresent(ctx context.Context, meetingID, itemID string, version int) ([]string, error) {
	orgs, err := s.orgNames(ctx)
	if err != nil {
		return nil, err
	}
	var granted []string
	err = s.change(ctx, meetingID, version, s.editRule, func(tx *sql.Tx, u *auth.User, m *Meeting) error {
		it, err := itemOf(m, itemID)
		if err != nil {
			return err
		}
		if it.PersonID == "" {
			return errs.E(errs.Invalid, "This item is not about a person record")
		}
		p, err := people.LoadFacts(ctx, tx, it.PersonID)
		if err != nil {
			return errs.Wrap(err, "reading the person record")
		}
		switch {
		case !access.SeeAbout(u, &p.Record):
			return errs.E(errs.Forbidden, "Only people who may see this record can record that it was discussed with everyone present")
		case p.Record.Restricted:
			return errs.E(errs.Conflict, "This record is restricted: what is said about it is for the people named on it only, so it cannot be shared with everyone present")
		case p.Record.OwnerOrgID != m.OwnerOrgID:
			return errs.E(errs.Conflict, "This record belongs to another local authority: ask it to let the organisations present see it")
		}
		reason := "Discussed with everyone present at the " + strings.ToLower(KindLabel(m.Kind)) + " on " + longDate(m.Date)
		now := s.now()
		for _, orgID := range rules(m).PresentOrgs {
			if orgID == p.Record.OwnerOrgID || slices.Contains(p.Record.InvolvedOrg, orgID) {
				continue
			}
			if err := access.Involve(ctx, tx, people.RecordType, p.ID, orgID, reason, now); err != nil {
				return err
			}
			if err := s.Audit.Record(ctx, tx, audit.Event{Action: audit.Grant, RecordType: people.RecordType, RecordID: p.ID,
				PersonID: p.ID, Detail: fmt.Sprintf("granted access to %s, as the item was discussed with everyone present at a meeting",
					orgs[orgID])}); err != nil {
				return err
			}
			granted = append(granted, orgs[orgID])
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: m.ID,
			PersonID: p.ID, Detail: fmt.Sprintf("recorded that an agenda item was discussed with everyone present: %d organisations newly involved", len(granted))})
	})
	if err != nil {
		return nil, err
	}
	if granted == nil {
		granted = []string{}
	}
	return granted, nil
}
