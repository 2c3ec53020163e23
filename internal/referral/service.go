package referral

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"mace/internal/people"
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

// Directory is what referrals need to know about organisations and staff.
type Directory interface {
	GetOrganisation(ctx context.Context, id string) (auth.Organisation, error)
	ListOrganisations(ctx context.Context) ([]auth.Organisation, error)
	ListUsers(ctx context.Context, orgID string) ([]*auth.User, error)
	GetUser(ctx context.Context, id string) (*auth.User, error)
}

// Notifier tells a user something in the service and, when email is set
// up, by email, as part of the caller's transaction.
type Notifier interface {
	NotifyTx(ctx context.Context, tx *sql.Tx, n Notice) error
}

// Notice is a message to one user.
type Notice struct {
	UserID, Email, Title, Body, Link string
}

// Consultations links a consultation to the referral it led to.
type Consultations interface {
	LinkReferralTx(ctx context.Context, tx *sql.Tx, consultationID, referralID string) error
}

// Service is the front door's rules.
type Service struct {
	DB            *db.DB
	Audit         *audit.Log
	Directory     Directory
	People        *people.Service
	Tasks         *task.Service
	Calendar      *calendar.Service
	Notify        Notifier      // nil: no one is told
	Consultations Consultations // nil: referrals cannot name a consultation
	Matcher       Matcher       // nil: no one is proposed
	Settings      Settings
	Timescales    calendar.Timescales
	Now           func() time.Time
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

func (s *Service) today() civil.Date { return calendar.LondonDate(s.Now()) }

// Authorities lists the local authorities a referral can go to.
func (s *Service) Authorities(ctx context.Context) ([]auth.Organisation, error) {
	orgs, err := s.Directory.ListOrganisations(ctx)
	var out []auth.Organisation
	for _, o := range orgs {
		if o.Type == auth.LocalAuthority {
			out = append(out, o)
		}
	}
	return out, err
}

// Organisations lists every organisation, for agency checks.
func (s *Service) Organisations(ctx context.Context) ([]auth.Organisation, error) {
	return s.Directory.ListOrganisations(ctx)
}

func (s *Service) isAuthority(ctx context.Context) (func(string) bool, error) {
	las, err := s.Authorities(ctx)
	if err != nil {
		return nil, err
	}
	return func(id string) bool {
		for _, o := range las {
			if o.ID == id {
				return true
			}
		}
		return false
	}, nil
}

// DecisionDue is when a referral received at from must be decided: by the
// end of the working day after it arrives (1 working day by default), or
// within a few clock hours when urgent.
func (s *Service) DecisionDue(ctx context.Context, from time.Time, urgent bool) (time.Time, error) {
	ts := timescales(s.Timescales)
	if urgent {
		return calendar.AddClockHours(from, ts.UrgentReferralDecisionHours), nil
	}
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return time.Time{}, err
	}
	return cal.DueAtEndOfWorkingDay(from, ts.ReferralDecisionWorkingDays), nil
}

// Submit records a new referral, due for a decision, and puts it in the
// receiving authority's screening queue with a task for its front door. A
// repeated idempotency key (a double submit or an API retry) returns the
// referral the first request made.
func (s *Service) Submit(ctx context.Context, in Input, idempotencyKey string) (*Referral, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	if !access.MakeReferral(u) {
		return nil, errs.E(errs.Forbidden, "You do not have permission to make referrals")
	}
	key, err := idem.Key(idempotencyKey)
	if err != nil {
		return nil, err
	}
	scope := idem.Scope("referral", u.ID)
	// A repeat is answered before the checks: the first was checked then.
	if id, err := idem.Seen(ctx, s.DB.Read(), scope, key); err != nil || id != "" {
		if err != nil {
			return nil, err
		}
		return s.Get(ctx, id)
	}
	isLA, err := s.isAuthority(ctx)
	if err != nil {
		return nil, errs.Wrap(err, "reading the local authorities")
	}
	if err := in.validate(s.Settings, s.today(), isLA); err != nil {
		return nil, err
	}
	now := s.now()
	due, err := s.DecisionDue(ctx, now, in.Urgent)
	if err != nil {
		return nil, errs.Wrap(err, "working out when the decision is due")
	}
	// An authority with no screener yet still takes referrals: they wait
	// in its queue with no task. Failing to find out is another matter.
	owner, err := task.DefaultOwner(ctx, s.Directory, in.AuthorityID, auth.Screener)
	screener := err == nil
	if err != nil && !errs.Is(err, errs.NotFound) {
		return nil, errs.Wrap(err, "finding the authority's front door")
	}
	id, _, err := idem.Once(ctx, s.DB, scope, key, now, func(tx *sql.Tx) (string, error) {
		r := &Referral{Input: in, ID: db.NewID(), CreatedBy: u.ID, ReferrerOrgID: u.Organisation.ID,
			ReceivedAt: now, DecisionDueAt: due, State: AwaitingScreening, Version: 1}
		return r.ID, s.submitTx(ctx, tx, r, owner, screener)
	})
	if err != nil {
		return nil, errs.Wrap(err, "saving the referral")
	}
	return s.Get(ctx, id)
}

// submitTx saves a new referral, links the consultation it follows and
// makes its decision task (when the authority has a screener), in tx.
func (s *Service) submitTx(ctx context.Context, tx *sql.Tx, r *Referral, owner task.Owner, screener bool) error {
	ref, err := nextReference(ctx, tx, calendar.LondonDate(r.ReceivedAt).Year)
	if err != nil {
		return err
	}
	r.Reference = ref
	if err := insertReferral(ctx, tx, r); err != nil {
		return err
	}
	if r.ConsultationID != "" {
		if s.Consultations == nil {
			return errs.E(errs.Invalid, "Consultations are not kept here")
		}
		if err := s.Consultations.LinkReferralTx(ctx, tx, r.ConsultationID, r.ID); err != nil {
			switch errs.KindOf(err) {
			case errs.NotFound, errs.Forbidden, errs.Invalid:
				return errs.FieldErr("consultation_id", "The consultation this referral follows cannot be linked: "+errs.Public(err))
			}
			return err
		}
	}
	if screener {
		_, _, err := s.Tasks.CreateTx(ctx, tx, task.NewTask{Kind: TaskDecision,
			Title: "Screen referral " + r.Reference + " and decide", RecordType: RecordType, RecordID: r.ID,
			Owner: owner, OrganisationID: r.AuthorityID, DueAt: r.DecisionDueAt, DedupeKey: r.ID})
		if err != nil {
			return err
		}
	}
	return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Create, RecordType: RecordType, RecordID: r.ID,
		Detail: fmt.Sprintf("referral %s to %s", r.Reference, r.AuthorityID)})
}

// load reads a referral and what u may see of it, without auditing.
func (s *Service) load(ctx context.Context, q db.Querier, u *auth.User, id string) (*Referral, error) {
	if !db.ValidID(id) {
		return nil, errs.E(errs.NotFound, "There is no such referral")
	}
	r, err := loadReferral(ctx, q, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(errs.NotFound, "There is no such referral")
	}
	if err != nil {
		return nil, errs.Wrap(err, "reading the referral")
	}
	var rec *access.Record
	if r.PersonID != "" {
		f, err := people.LoadFacts(ctx, q, r.PersonID)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return nil, errs.Wrap(err, "reading the young person's record")
		}
		rec = recordOf(f)
	}
	switch access.ViewReferralAbout(u, r.AuthorityID, r.CreatedBy, rec) {
	case access.ReferralNone:
		return nil, errs.E(errs.NotFound, "There is no such referral")
	case access.ReferralExistence:
		hide(r)
		return r, nil
	case access.ReferralOutcome:
		r.OutcomeOnly = true
	default:
		if r.Checks, err = s.checks(ctx, q, id); err != nil {
			return nil, err
		}
	}
	r.CanScreen = !r.OutcomeOnly && access.Screen(u, r.AuthorityID) && r.State == AwaitingScreening
	r.CanSignOff = !r.OutcomeOnly && r.State == AwaitingSignOff && r.Decision != nil &&
		access.SignOffNoFurtherAction(u, r.AuthorityID, r.Decision.DecidedBy)
	return r, nil
}

// checks reads a referral's agency checks, each with its agency's name.
func (s *Service) checks(ctx context.Context, q db.Querier, id string) ([]Check, error) {
	cs, err := loadChecks(ctx, q, id)
	if err != nil || len(cs) == 0 {
		return cs, errs.Wrap(err, "reading the agency checks")
	}
	orgs, err := s.Directory.ListOrganisations(ctx)
	if err != nil {
		return nil, errs.Wrap(err, "reading the agencies")
	}
	names := make(map[string]string, len(orgs))
	for _, o := range orgs {
		names[o.ID] = o.Name
	}
	for i := range cs {
		cs[i].AgencyName = names[cs[i].AgencyID]
	}
	return cs, nil
}

// Get reads a referral as the user may see it, and audits the view: the
// referrer sees what they sent and the outcome; the receiving authority
// sees it all.
func (s *Service) Get(ctx context.Context, id string) (*Referral, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	r, err := s.load(ctx, s.DB.Read(), u, id)
	if err != nil {
		return nil, err
	}
	detail, person := "full referral", r.PersonID
	switch {
	case r.Hidden:
		// Nothing of the young person was shown: it is not on their trail.
		detail, person = "that the referral exists: the young person's record is restricted", ""
	case r.OutcomeOnly:
		detail = "the referrer's view"
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: RecordType, RecordID: r.ID,
			PersonID: person, Detail: detail})
	})
	if err != nil {
		return nil, errs.Wrap(err, "recording the view")
	}
	return r, nil
}

// ListQuery asks for a page of a list of referrals: Limit of them
// (page.Default when 0, at most page.Max) after the cursor After, the Next
// of the page before ("" for the first page).
type ListQuery struct {
	After string
	Limit int
}

// List is a page of a list of referrals; Next is the cursor of the next
// page, "" on the last.
type List struct {
	Referrals []*Referral
	Next      string
	Limit     int
}

// Mine is the first page of MinePage, of limit referrals.
func (s *Service) Mine(ctx context.Context, limit int) ([]*Referral, error) {
	l, err := s.MinePage(ctx, ListQuery{Limit: limit})
	return l.Referrals, err
}

// MinePage lists the referrals u made, newest first, with their outcomes,
// a page at a time.
func (s *Service) MinePage(ctx context.Context, q ListQuery) (List, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return List{}, err
	}
	f := listFilter{CreatedBy: u.ID, Order: byReceivedDesc}
	if f.After, err = page.Parse(q.After, orderName(f.Order), len(orderKeys[f.Order].cols)); err != nil {
		return List{}, err
	}
	l := List{Limit: page.Size(q.Limit)}
	f.Limit = l.Limit + 1
	rs, err := listReferrals(ctx, s.DB.Read(), f)
	if err != nil {
		return List{}, errs.Wrap(err, "reading your referrals")
	}
	l.Referrals, l.Next = page.Cut(rs, l.Limit, orderName(f.Order), func(r *Referral) []string { return cursorKeys(f.Order, r) })
	// The user made each of them, so each keeps at least what they sent.
	for _, r := range l.Referrals {
		if access.ViewReferral(u, r.AuthorityID, r.CreatedBy) != access.ReferralFull {
			r.OutcomeOnly = true
		}
	}
	return l, narrow(ctx, s.DB.Read(), u, l.Referrals)
}

// The parts of the screening queue after those awaiting a decision are
// capped rather than paged: at most SignOffShown awaiting sign-off (the
// longest waiting first) and the DecidedShown latest decided. The page
// says when there are more than it shows.
const (
	SignOffShown = 200
	DecidedShown = 20
)

// Queue is the screening queue of u's authority: a page of the referrals
// awaiting a decision, soonest due first (Next the cursor of the next
// page, "" on the last); then those awaiting a manager's sign-off; then
// the latest decided. The last two are shown on the first page only.
type Queue struct {
	Awaiting    []*Referral
	SignOff     []*Referral
	Decided     []*Referral
	SignOffMore bool // more than SignOffShown await sign-off
	Next        string
	First       bool
	Limit       int
	Generated   time.Time
}

// Queue reads the first page of the screening queue u may see.
func (s *Service) Queue(ctx context.Context) (Queue, error) {
	return s.QueuePage(ctx, ListQuery{})
}

// QueuePage reads a page of the screening queue u may see, and audits the
// list.
func (s *Service) QueuePage(ctx context.Context, lq ListQuery) (Queue, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return Queue{}, err
	}
	if !access.ScreeningQueue(u) {
		return Queue{}, errs.E(errs.Forbidden, "Only staff of a local authority can see its screening queue")
	}
	awaiting := listFilter{Scope: u, State: AwaitingScreening, Order: byDue}
	if awaiting.After, err = page.Parse(lq.After, orderName(byDue), len(orderKeys[byDue].cols)); err != nil {
		return Queue{}, err
	}
	q := Queue{Generated: s.now(), First: awaiting.After == nil, Limit: page.Size(lq.Limit)}
	awaiting.Limit = q.Limit + 1
	type part struct {
		dst *[]*Referral
		f   listFilter
	}
	parts := []part{{&q.Awaiting, awaiting}}
	if q.First {
		parts = append(parts,
			part{&q.SignOff, listFilter{Scope: u, State: AwaitingSignOff, Order: byDecided, Limit: SignOffShown + 1}},
			part{&q.Decided, listFilter{Scope: u, State: Decided, Order: byDecidedDesc, Limit: DecidedShown}})
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		for _, part := range parts {
			var err error
			if *part.dst, err = listReferrals(ctx, tx, part.f); err != nil {
				return errs.Wrap(err, "reading the screening queue")
			}
		}
		q.Awaiting, q.Next = page.Cut(q.Awaiting, q.Limit, orderName(byDue), func(r *Referral) []string { return cursorKeys(byDue, r) })
		if len(q.SignOff) > SignOffShown {
			q.SignOff, q.SignOffMore = q.SignOff[:SignOffShown], true
		}
		for _, l := range [][]*Referral{q.Awaiting, q.SignOff, q.Decided} {
			if err := narrow(ctx, tx, u, l); err != nil {
				return err
			}
		}
		which := "first page"
		if !q.First {
			which = "a later page"
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Search, RecordType: RecordType,
			Detail: fmt.Sprintf("screening queue, %s: %d awaiting, %d for sign-off", which, len(q.Awaiting), len(q.SignOff)),
			Shown:  personIDs(q.Awaiting, q.SignOff, q.Decided)})
	})
	return q, errs.Wrap(err, "recording the view")
}

// personIDs are the person records linked to lists of referrals, for the
// audit trail: each has the list on their own trail. A referral not yet
// linked to a record names no one there, nor does one shown only as
// existing.
func personIDs(lists ...[]*Referral) []string {
	var out []string
	for _, l := range lists {
		for _, r := range l {
			if r.PersonID != "" && !r.Hidden {
				out = append(out, r.PersonID)
			}
		}
	}
	return out
}

// CountOverdue is how many referrals to u's authority are past their
// decision time, for the navigation; 0 for those with no queue. It reads
// no personal data, so it is not audited.
func (s *Service) CountOverdue(ctx context.Context, u *auth.User) (int, error) {
	if !access.ScreeningQueue(u) {
		return 0, nil
	}
	n, err := countReferrals(ctx, s.DB.Read(), listFilter{Scope: u, State: AwaitingScreening, DueBefore: s.now()})
	return n, errs.Wrap(err, "counting overdue referrals")
}

// ReceivedBetween lists the referrals to the user's authority received
// from from up to (not including) to, the earliest first, each with its
// screening state and decision: for the daily meeting's agenda. The list is
// recorded on the audit trail.
func (s *Service) ReceivedBetween(ctx context.Context, from, to time.Time) ([]*Referral, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	if !access.ScreeningQueue(u) {
		return nil, errs.E(errs.Forbidden, "Only staff of a local authority can see the referrals it received")
	}
	if !from.Before(to) {
		return nil, errs.E(errs.Invalid, "The start of the period must be before its end")
	}
	var out []*Referral
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = listReferrals(ctx, tx, listFilter{Scope: u, ReceivedFrom: from, ReceivedTo: to,
			Order: byReceived, Limit: 1000})
		if err != nil {
			return errs.Wrap(err, "reading the referrals received")
		}
		if err := narrow(ctx, tx, u, out); err != nil {
			return err
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Search, RecordType: RecordType,
			Detail: fmt.Sprintf("referrals received for the daily meeting: %d", len(out)), Shown: personIDs(out)})
	})
	if err != nil {
		return nil, errs.Wrap(err, "recording the view")
	}
	if out == nil {
		out = []*Referral{}
	}
	return out, nil
}
