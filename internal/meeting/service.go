package meeting

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/idem"
	"mace/internal/platform/page"
	"mace/internal/task"
)

// Directory is what meetings need of organisations, teams and staff
// (auth.Service provides it).
type Directory interface {
	GetUser(ctx context.Context, id string) (*auth.User, error)
	GetTeam(ctx context.Context, id string) (auth.Team, error)
	ListOrganisations(ctx context.Context) ([]auth.Organisation, error)
}

// Calendar gives the working-day calendar (calendar.Service provides it).
type Calendar interface {
	Calendar(ctx context.Context) (*calendar.Calendar, error)
}

// Service holds the rules for meetings.
type Service struct {
	DB         *db.DB
	Audit      *audit.Log
	Directory  Directory
	Tasks      *task.Service
	Calendar   Calendar
	Timescales calendar.Timescales // zero values take the defaults
	// Required are the agencies each kind of meeting needs; a kind not
	// in it takes DefaultRequired's.
	Required map[string][]auth.OrgType
	// Convener closes the step that convened a strategy discussion once it
	// is held; nil closes nothing.
	Convener Convener
	// Mail sends the invitations to arranged assessments; nil sends none.
	Mail Mailer
	Now  func() time.Time
}

// now is the time as stored: UTC, to the microsecond.
func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

func (s *Service) conferenceDays() int {
	if n := s.Timescales.ICPCWorkingDays; n > 0 {
		return n
	}
	return calendar.DefaultTimescales().ICPCWorkingDays
}

// RequiredFor are the agencies a kind of meeting needs.
func (s *Service) RequiredFor(kind string) []auth.OrgType {
	if r, ok := s.Required[kind]; ok {
		return r
	}
	return DefaultRequired()[kind]
}

var errMayNotRun = errs.E(errs.Forbidden, "Only leads, managers, practitioners and screeners of a local authority can arrange meetings")

var errMayNotEdit = errs.E(errs.Forbidden, "You do not have permission to change this meeting")

// rules is what the access rules need to know about m.
func rules(m *Meeting) access.Meeting {
	r := access.Meeting{OwnerOrgID: m.OwnerOrgID, ChairID: m.ChairID}
	for _, a := range m.Attendees {
		if a.Status != Present {
			continue
		}
		if a.UserID != "" {
			r.PresentUsers = append(r.PresentUsers, a.UserID)
		}
		if !slices.Contains(r.PresentOrgs, a.OrganisationID) {
			r.PresentOrgs = append(r.PresentOrgs, a.OrganisationID)
		}
	}
	return r
}

// missing are the required agencies with no one present.
func missingAgencies(required []auth.OrgType, attendees []Attendee) []auth.OrgType {
	out := []auth.OrgType{}
	for _, t := range required {
		if !slices.ContainsFunc(attendees, func(a Attendee) bool { return a.Status == Present && a.OrganisationType == t }) {
			out = append(out, t)
		}
	}
	return out
}

// read loads a meeting u may see, or answers as if there were none. It
// does not audit.
func read(ctx context.Context, q db.Querier, u *auth.User, id string) (*Meeting, error) {
	if !db.ValidID(id) {
		return nil, errNotFound
	}
	m, err := load(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if !access.ViewMeeting(u, rules(m)) {
		return nil, errNotFound
	}
	return m, nil
}

// readToChange loads a meeting u may change (as may decides), inside tx,
// and takes a new version of it (refused as stale when version is set and
// no longer the stored one). A cancelled meeting takes no more changes.
func (s *Service) readToChange(ctx context.Context, tx *sql.Tx, u *auth.User, id string, version int,
	may func(access.Meeting) bool) (*Meeting, error) {
	m, err := read(ctx, tx, u, id)
	if err != nil {
		return nil, err
	}
	if !may(rules(m)) {
		return nil, errMayNotEdit
	}
	if m.State == Cancelled {
		return nil, errs.E(errs.Conflict, "This meeting was cancelled: change its state before recording anything at it")
	}
	if version != 0 && version != m.Version {
		return nil, errStale
	}
	if err := bump(ctx, tx, m.ID, m.Version, s.now()); err != nil {
		return nil, err
	}
	m.Version++
	return m, nil
}

// isChair reports whether id is an active member of the authority orgID
// who may run meetings.
func (s *Service) isChair(ctx context.Context, orgID string) func(id string) bool {
	return func(id string) bool {
		c, err := s.Directory.GetUser(ctx, id)
		return err == nil && c.Organisation.ID == orgID && access.RunMeetings(c)
	}
}

// fill names the organisations, the chair and the people on the agenda,
// works out the missing agencies, leaves out what u may not see and says
// what u may do. It reads the people's records in q (the caller's
// transaction, when it audits the view) and returns those whose content it
// left in.
func (s *Service) fill(ctx context.Context, q db.Querier, u *auth.User, m *Meeting) ([]string, error) {
	orgs, err := s.orgNames(ctx)
	if err != nil {
		return nil, err
	}
	m.OwnerOrgName = orgs[m.OwnerOrgID]
	if c, err := s.Directory.GetUser(ctx, m.ChairID); err == nil {
		m.ChairName = c.Name
	}
	for i := range m.Attendees {
		m.Attendees[i].OrganisationName = orgs[m.Attendees[i].OrganisationID]
	}
	r := rules(m)
	seeAll := access.SeeWithheld(u, r)
	facts, err := records(ctx, q, peopleOf(m))
	if err != nil {
		return nil, err
	}
	shown := redact(m, userSight(u, facts))
	for i := range m.Items {
		it := &m.Items[i]
		if p := facts[it.PersonID]; p != nil && !it.Hidden {
			it.PersonName = p.Name
		}
		kept := it.Shared[:0]
		for _, sh := range it.Shared {
			if sh.NotBeyond && !seeAll {
				m.Withheld++
				continue
			}
			sh.OrganisationName = orgs[sh.OrganisationID]
			kept = append(kept, sh)
		}
		it.Shared = kept
	}
	for i := range m.Actions {
		m.Actions[i].OrganisationName = orgs[m.Actions[i].OrganisationID]
	}
	m.Required = slices.Clone(s.RequiredFor(m.Kind))
	if m.Required == nil {
		m.Required = []auth.OrgType{}
	}
	m.Missing = missingAgencies(m.Required, m.Attendees)
	m.CanEdit = access.EditMeeting(u, r)
	return shown, nil
}

func (s *Service) orgNames(ctx context.Context) (map[string]string, error) {
	orgs, err := s.orgMap(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(orgs))
	for id, o := range orgs {
		m[id] = o.Name
	}
	return m, nil
}

func (s *Service) orgMap(ctx context.Context) (map[string]auth.Organisation, error) {
	orgs, err := s.Directory.ListOrganisations(ctx)
	if err != nil {
		return nil, errs.Wrap(err, "listing organisations")
	}
	m := make(map[string]auth.Organisation, len(orgs))
	for _, o := range orgs {
		m[o.ID] = o
	}
	return m, nil
}

// personEvents are the audit events for the people on m's agenda: one per
// person, so every view or change touching a child is on their trail.
func personEvents(m *Meeting, action, detail string) []audit.Event {
	var out []audit.Event
	seen := map[string]bool{}
	for _, it := range m.Items {
		if it.PersonID == "" || seen[it.PersonID] {
			continue
		}
		seen[it.PersonID] = true
		out = append(out, audit.Event{Action: action, RecordType: RecordType, RecordID: m.ID, PersonID: it.PersonID,
			Detail: detail})
	}
	return out
}

func (s *Service) record(ctx context.Context, tx *sql.Tx, events ...audit.Event) error {
	for _, e := range events {
		if err := s.Audit.Record(ctx, tx, e); err != nil {
			return err
		}
	}
	return nil
}

// Create arranges a meeting of the signed-in user's local authority. A
// repeated idempotency key (a double submit or an API retry) returns the
// meeting the first request made.
func (s *Service) Create(ctx context.Context, in Input, idempotencyKey string) (*Meeting, error) {
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
	if id, err := idem.Seen(ctx, s.DB.Read(), scope, key); err != nil || id != "" {
		if err != nil {
			return nil, err
		}
		return s.Get(ctx, id)
	}
	start, err := in.validate(s.Now(), s.isChair(ctx, u.Organisation.ID))
	if err != nil {
		return nil, err
	}
	now := s.now()
	m := &Meeting{ID: db.NewID(), Kind: in.Kind, OwnerOrgID: u.Organisation.ID, StartAt: start, ChairID: in.ChairID,
		State: in.State, Reason: in.Reason, ConvenedByType: in.ConvenedByType, ConvenedByID: in.ConvenedByID,
		Attendees: []Attendee{}, Items: []Item{}, Actions: []Action{}, CreatedAt: now, UpdatedAt: now, Version: 1}
	m.setLocal()
	id, made, err := idem.Once(ctx, s.DB, scope, key, now, func(tx *sql.Tx) (string, error) {
		if err := insert(ctx, tx, m, u.ID); err != nil {
			return "", err
		}
		if err := s.held(ctx, tx, m, false); err != nil {
			return "", err
		}
		return m.ID, s.Audit.Record(ctx, tx, audit.Event{Action: audit.Create, RecordType: RecordType, RecordID: m.ID,
			Detail: "arranged a " + strings.ToLower(KindLabel(m.Kind))})
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

// Get returns a meeting as the signed-in user may see it, and records the
// view on the audit trail in the same transaction: of the meeting, and of
// each person on its agenda.
func (s *Service) Get(ctx context.Context, id string) (*Meeting, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	var m *Meeting
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if m, err = read(ctx, tx, u, id); err != nil {
			return err
		}
		events := personEvents(m, audit.View, "viewed a meeting with an item about this person")
		shown, err := s.fill(ctx, tx, u, m)
		if err != nil {
			return err
		}
		events = append([]audit.Event{{Action: audit.View, RecordType: RecordType, RecordID: m.ID, Shown: shown}}, events...)
		return s.record(ctx, tx, events...)
	})
	if err != nil {
		return nil, errs.Wrap(err, "reading the meeting")
	}
	return m, nil
}

// ListQuery asks for a page of the meetings in a range of London dates
// (inclusive), of one kind or all: Limit of them (page.Default when 0, at
// most page.Max) after the cursor After, the Next of the page before (""
// for the first page); in date order, or latest first with Desc.
type ListQuery struct {
	From, To civil.Date
	Kind     string
	After    string
	Limit    int
	Desc     bool
}

// ListPage is a page of meetings; Next is the cursor of the next page, ""
// on the last.
type ListPage struct {
	Meetings []Summary
	Next     string
	First    bool // the first page
	Limit    int
}

// listOrder names a list's order, for its cursors.
func listOrder(desc bool) string {
	if desc {
		return "meetings-start-desc"
	}
	return "meetings-start"
}

// List returns a page of the meetings the signed-in user may see, in date
// order. A list shows no one's personal data, so it is not audited.
func (s *Service) List(ctx context.Context, q ListQuery) (ListPage, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return ListPage{}, err
	}
	var v errs.Validation
	if q.Kind != "" && !Kinds.Has(q.Kind) {
		v.Add("kind", "Select the kind of meeting")
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		v.Add("to", "The end of the period must be the same as or after its start")
	}
	if err := v.Err(); err != nil {
		return ListPage{}, err
	}
	order := listOrder(q.Desc)
	after, err := page.Parse(q.After, order, 2)
	if err != nil {
		return ListPage{}, err
	}
	if after != nil {
		if _, terr := time.Parse("2006-01-02T15:04:05.000000Z", after[0]); terr != nil || !db.ValidID(after[1]) {
			return ListPage{}, page.Bad()
		}
	}
	p := ListPage{First: after == nil, Limit: page.Size(q.Limit)}
	out, err := list(ctx, s.DB.Read(), u, q, after, p.Limit+1)
	if err != nil {
		return ListPage{}, errs.Wrap(err, "listing meetings")
	}
	out, p.Next = page.Cut(out, p.Limit, order, func(m Summary) []string {
		at, _ := db.Time(m.StartAt).(string)
		return []string{at, m.ID}
	})
	names := map[string]string{}
	for i := range out {
		id := out[i].ChairID
		if _, ok := names[id]; !ok {
			if c, err := s.Directory.GetUser(ctx, id); err == nil {
				names[id] = c.Name
			}
		}
		out[i].ChairName = names[id]
	}
	p.Meetings = out
	return p, nil
}

// Update changes a meeting's date, time, chair, state and, for a strategy
// discussion, its reason and what convened it. The kind cannot change. The
// audit event names the fields that changed, never their values.
func (s *Service) Update(ctx context.Context, id string, in Input) (*Meeting, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	stored, err := read(ctx, s.DB.Read(), u, id)
	if err != nil {
		return nil, err
	}
	if !access.EditMeeting(u, rules(stored)) {
		return nil, errMayNotEdit
	}
	if in.Version != 0 && in.Version != stored.Version {
		return nil, errStale
	}
	if in.Kind != "" && in.Kind != stored.Kind {
		return nil, errs.FieldErr("kind", "The kind of meeting cannot be changed: arrange a new meeting instead")
	}
	in.Kind = stored.Kind
	start, err := in.validate(s.Now(), s.isChair(ctx, stored.OwnerOrgID))
	if err != nil {
		return nil, err
	}
	var m *Meeting
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if m, err = read(ctx, tx, u, id); err != nil {
			return err
		}
		if m.Version != stored.Version {
			return errStale
		}
		before := InputOf(m)
		m.StartAt, m.ChairID, m.State, m.Reason = start, in.ChairID, in.State, in.Reason
		m.ConvenedByType, m.ConvenedByID = in.ConvenedByType, in.ConvenedByID
		m.setLocal()
		changed := changedFields(before, InputOf(m))
		if changed.None() {
			return nil
		}
		m.UpdatedAt = s.now()
		if err := update(ctx, tx, m, stored.Version); err != nil {
			return err
		}
		m.Version = stored.Version + 1
		if err := s.held(ctx, tx, m, before.State == Held); err != nil {
			return err
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: m.ID,
			Detail: changed.Detail()})
	})
	if err != nil {
		return nil, errs.Wrap(err, "saving the meeting")
	}
	if _, err := s.fill(ctx, s.DB.Read(), u, m); err != nil {
		return nil, err
	}
	return m, nil
}

// changedFields names the fields that differ, never their values.
func changedFields(a, b Input) audit.Changes {
	var c audit.Changes
	c.Field("date", a.Date == b.Date)
	c.Field("time", a.Time == b.Time)
	c.Field("chair", a.ChairID == b.ChairID)
	c.Field("state", a.State == b.State)
	c.Field("reason", a.Reason == b.Reason)
	c.Field("what convened it", a.ConvenedByType == b.ConvenedByType && a.ConvenedByID == b.ConvenedByID)
	return c
}
