package meeting

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/idem"
	"mace/internal/platform/text"
)

// Minutes and the daily meeting recorded from its generated agenda.

// Minutes returns a meeting's minutes as the signed-in user may see them,
// and records on the audit trail that they were viewed, or, when forOrgID
// is set, downloaded for that organisation. Minutes for an organisation
// leave out what was shared on the understanding that it goes no further
// than the meeting, unless someone from that organisation was present.
func (s *Service) Minutes(ctx context.Context, id, forOrgID string) (*Meeting, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	orgs, err := s.orgNames(ctx)
	if err != nil {
		return nil, err
	}
	forOrgID = strings.TrimSpace(forOrgID)
	if _, ok := orgs[forOrgID]; forOrgID != "" && !ok {
		return nil, errs.FieldErr("for", "Select the organisation the minutes are for")
	}
	var recipient access.Organisation
	if forOrgID != "" {
		all, err := s.orgMap(ctx)
		if err != nil {
			return nil, err
		}
		recipient = access.Organisation{ID: forOrgID, Type: all[forOrgID].Type}
	}
	var m *Meeting
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if m, err = read(ctx, tx, u, id); err != nil {
			return err
		}
		action, detail := audit.View, "viewed the minutes"
		if forOrgID != "" {
			action, detail = audit.Export, "downloaded the minutes for "+orgs[forOrgID]
		}
		events := personEvents(m, action, detail+" of a meeting with an item about this person")
		present := rules(m).PresentOrgs
		shown, err := s.fill(ctx, tx, u, m)
		if err != nil {
			return err
		}
		if forOrgID != "" {
			// Minutes for an organisation hold what it may see, and no
			// more than the one downloading them may see either.
			facts, err := records(ctx, tx, peopleOf(m))
			if err != nil {
				return err
			}
			shown = redact(m, orgSight(recipient, facts))
			if !slices.Contains(present, forOrgID) {
				withhold(m)
			}
		}
		events = append([]audit.Event{{Action: action, RecordType: RecordType, RecordID: m.ID, Detail: detail, Shown: shown}}, events...)
		return s.record(ctx, tx, events...)
	})
	if err != nil {
		return nil, errs.Wrap(err, "reading the minutes")
	}
	return m, nil
}

// withhold leaves out of m what was shared on the understanding that it
// goes no further than the meeting.
func withhold(m *Meeting) {
	for i := range m.Items {
		it := &m.Items[i]
		kept := it.Shared[:0]
		for _, sh := range it.Shared {
			if sh.NotBeyond {
				m.Withheld++
				continue
			}
			kept = append(kept, sh)
		}
		it.Shared = kept
	}
}

// RecordDaily records the signed-in user's authority's daily meeting with
// the chosen items of its generated agenda as its agenda items, their
// reasons kept, in one transaction. A repeated idempotency key (a double
// submit) returns the meeting the first request made and adds nothing.
func (s *Service) RecordDaily(ctx context.Context, in Input, items []AgendaItem, idempotencyKey string) (*Meeting, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	if !access.RunMeetings(u) {
		return nil, errMayNotRun
	}
	scope := idem.Scope(KeyScope, u.ID)
	key, err := idem.Key(idempotencyKey)
	if err != nil {
		return nil, err
	}
	if len(items) > MaxItems {
		return nil, errs.E(errs.Invalid, "An agenda can have %d items at most", MaxItems)
	}
	in.Kind, in.Reason, in.ConvenedByType, in.ConvenedByID = Daily, "", "", ""
	start, err := in.validate(s.Now(), s.isChair(ctx, u.Organisation.ID))
	if err != nil {
		return nil, err
	}
	now := s.now()
	m := &Meeting{ID: db.NewID(), Kind: Daily, OwnerOrgID: u.Organisation.ID, StartAt: start, ChairID: in.ChairID,
		State: in.State, Attendees: []Attendee{}, Items: []Item{}, Actions: []Action{}, CreatedAt: now, UpdatedAt: now,
		Version: 1}
	m.setLocal()
	id, made, err := idem.Once(ctx, s.DB, scope, key, now, func(tx *sql.Tx) (string, error) {
		if err := insert(ctx, tx, m, u.ID); err != nil {
			return "", err
		}
		events := []audit.Event{{Action: audit.Create, RecordType: RecordType, RecordID: m.ID,
			Detail: "recorded the daily multi-agency meeting from its agenda"}}
		for _, a := range items {
			subject := text.OneLine(a.Subject)
			if text.TooLong(subject, MaxSubject) {
				subject = string([]rune(subject)[:MaxSubject])
			}
			reasons := slices.Clone(a.Reasons)
			if reasons == nil {
				reasons = []string{}
			}
			kind := SubjectChild
			if a.Kind == SubjectTheme {
				kind = SubjectTheme
			}
			it := &Item{ID: db.NewID(), SubjectKind: kind, PersonID: a.PersonID, Subject: subject,
				Reasons: reasons, Shared: []Shared{}}
			if err := insertItem(ctx, tx, m.ID, it, u.ID, now); err != nil {
				return "", err
			}
			m.Items = append(m.Items, *it)
			events = append(events, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: m.ID,
				PersonID: it.PersonID, Detail: "added an agenda item about " + Subjects.Label(it.SubjectKind)})
		}
		return m.ID, s.record(ctx, tx, events...)
	})
	if err != nil {
		return nil, errs.Wrap(err, "saving the meeting")
	}
	if !made {
		return s.Get(ctx, id)
	}
	if _, err := s.fill(ctx, s.DB.Read(), u, m); err != nil {
		return nil, err
	}
	return m, nil
}

// Key names a generated agenda item across requests: its person record, or
// for a referral not yet linked to one, its first reason (which names the
// referral).
func (a AgendaItem) Key() string {
	if a.key != "" {
		return a.key
	}
	if a.PersonID != "" {
		return a.PersonID
	}
	if len(a.Reasons) > 0 {
		return "r:" + a.Reasons[0]
	}
	return "s:" + a.Subject
}
