package missing

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/idem"
	"mace/internal/task"
)

// Directory is what missing episodes need of organisations and staff
// (auth.Service provides it).
type Directory interface {
	ListOrganisations(ctx context.Context) ([]auth.Organisation, error)
	ListUsers(ctx context.Context, orgID string) ([]*auth.User, error)
}

// Calendar gives the working-day calendar (calendar.Service provides it).
type Calendar interface {
	Calendar(ctx context.Context) (*calendar.Calendar, error)
}

// Service holds the rules for missing episodes and return interviews.
type Service struct {
	DB         *db.DB
	Audit      *audit.Log
	Directory  Directory
	Tasks      *task.Service
	Calendar   Calendar
	Timescales calendar.Timescales // zero values take the defaults
	Now        func() time.Time
}

// now is the time as stored: UTC, to the microsecond.
func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// StoredNow is the time now as episodes store it: UTC, to the microsecond.
func (s *Service) StoredNow() time.Time { return s.now() }

// InterviewHours is the number of clock hours after a return within which
// a return interview must be offered.
func (s *Service) InterviewHours() int { return s.timescales().ReturnInterviewHours }

// timescales are the configured timescales, with the defaults for any unset.
func (s *Service) timescales() calendar.Timescales {
	t, d := s.Timescales, calendar.DefaultTimescales()
	if t.ReturnInterviewHours <= 0 {
		t.ReturnInterviewHours = d.ReturnInterviewHours
	}
	if t.RepeatMissingEpisodes <= 0 {
		t.RepeatMissingEpisodes = d.RepeatMissingEpisodes
	}
	if t.RepeatMissingDays <= 0 {
		t.RepeatMissingDays = d.RepeatMissingDays
	}
	if t.StrategyDiscussionWorkingDays <= 0 {
		t.StrategyDiscussionWorkingDays = d.StrategyDiscussionWorkingDays
	}
	return t
}

// InterviewDue is when a return interview must have been offered for a
// young person who returned at end: the configured clock hours later.
func (s *Service) InterviewDue(end time.Time) time.Time {
	return calendar.AddClockHours(end, s.timescales().ReturnInterviewHours)
}

var errNoPerson = errs.FieldErr("person_id", "Select a young person whose record you can see")

// Forces lists the partnership's police forces, by name.
func (s *Service) Forces(ctx context.Context) ([]auth.Organisation, error) {
	orgs, err := s.Directory.ListOrganisations(ctx)
	if err != nil {
		return nil, errs.Wrap(err, "listing organisations")
	}
	var out []auth.Organisation
	for _, o := range orgs {
		if o.Type == auth.PoliceForce {
			out = append(out, o)
		}
	}
	return out, nil
}

func (s *Service) forceNames(ctx context.Context) (map[string]string, error) {
	forces, err := s.Forces(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(forces))
	for _, f := range forces {
		m[f.ID] = f.Name
	}
	return m, nil
}

// person reads the young person an episode is about, as u may see them:
// not found when u may not see the record in full or it was merged away.
func (s *Service) person(ctx context.Context, q db.Querier, u *auth.User, id string) (*people.Facts, error) {
	if !db.ValidID(id) {
		return nil, errNoPerson
	}
	p, err := loadPerson(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if !access.SeeMissing(u, p.Record) {
		return nil, errNoPerson
	}
	if p.MergedInto != "" {
		return nil, errs.FieldErr("person_id", "This record was merged into another: report the episode on the record kept")
	}
	return p, nil
}

// prepare checks an episode's input for u before any transaction: the
// person, the force and the fields.
func (s *Service) prepare(ctx context.Context, u *auth.User, in *Input, p *people.Facts) error {
	forces, err := s.forceNames(ctx)
	if err != nil {
		return err
	}
	if access.OwnForceOnly(u) {
		switch in.PoliceOrgID {
		case "":
			in.PoliceOrgID = u.Organisation.ID
		case u.Organisation.ID:
		default:
			return errs.FieldErr("police_organisation_id", "Police officers record episodes for their own force")
		}
	}
	if access.GrantsForce(p.Record, in.PoliceOrgID) && !access.GrantForce(u, p.Record) {
		return errs.FieldErr("police_organisation_id", "Naming this force would let it see the young person's record: "+
			"ask a missing coordinator of the authority that holds the record to name it")
	}
	return in.Validate(s.Now(), p.DateOfBirth, func(id string) bool { _, ok := forces[id]; return ok })
}

// CreateEpisode records an episode of the young person in.PersonID going
// missing, reported by the signed-in user (a missing coordinator, or a
// police officer for their own force). When it has already ended, the
// return interview task is made in the same transaction; when it is the
// episode that takes the young person to the repeat-missing threshold, the
// strategy discussion task too. A repeated idempotency key (a double
// submit or an API retry) returns the episode the first request made.
func (s *Service) CreateEpisode(ctx context.Context, in Input, idempotencyKey string) (*Episode, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	key, err := idem.Key(idempotencyKey)
	if err != nil {
		return nil, err
	}
	scope := idem.Scope(RecordType, u.ID)
	if id, err := idem.Seen(ctx, s.DB.Read(), scope, key); err != nil || id != "" {
		if err != nil {
			return nil, err
		}
		return s.GetEpisode(ctx, id)
	}
	in.PersonID = strings.TrimSpace(in.PersonID)
	p, err := s.person(ctx, s.DB.Read(), u, in.PersonID)
	if err != nil {
		return nil, err
	}
	if !access.RecordMissing(u, p.Record) {
		return nil, errs.E(errs.Forbidden, "Only missing coordinators and police officers can report a young person missing")
	}
	if err := s.prepare(ctx, u, &in, p); err != nil {
		return nil, err
	}
	now := s.now()
	e := &Episode{ID: db.NewID(), PersonID: p.ID, RecordedByID: u.ID, RecordedByName: u.Name,
		CreatedAt: now, UpdatedAt: now, Version: 1}
	apply(e, in)
	if !e.Open() {
		e.InterviewDueAt = s.InterviewDue(e.EndAt)
	}
	id, made, err := idem.Once(ctx, s.DB, scope, key, now, func(tx *sql.Tx) (string, error) {
		if err := checkRules(ctx, tx, e); err != nil {
			return "", err
		}
		if err := insertEpisode(ctx, tx, e); err != nil {
			return "", err
		}
		if e.PoliceOrgID != "" {
			if err := s.involveForce(ctx, tx, p, e.PoliceOrgID, now); err != nil {
				return "", err
			}
		}
		if err := s.Audit.Record(ctx, tx, audit.Event{Action: audit.Create, RecordType: RecordType, RecordID: e.ID,
			PersonID: e.PersonID, Detail: "reported a missing episode"}); err != nil {
			return "", err
		}
		return e.ID, s.followOn(ctx, tx, e, p, time.Time{}, time.Time{})
	})
	if err != nil {
		if db.IsUniqueViolation(err) && e.PoliceReference != "" {
			return nil, ErrDuplicateReference
		}
		return nil, errs.Wrap(err, "saving the missing episode")
	}
	if !made {
		return s.GetEpisode(ctx, id)
	}
	return e, s.Fill(ctx, u, e, p)
}

// Fill names the force and the young person and says what u may do.
func (s *Service) Fill(ctx context.Context, u *auth.User, e *Episode, p *people.Facts) error {
	forces, err := s.forceNames(ctx)
	if err != nil {
		return err
	}
	e.PoliceOrgName = forces[e.PoliceOrgID]
	e.PersonName, e.AuthorityID = p.Name, p.Record.OwnerOrgID
	e.CanEdit = access.EditMissing(u, p.Record, e.PoliceOrgID)
	e.CanRecordInterview = !e.Open() && access.RecordReturnInterview(u, p.Record)
	return nil
}

// Read loads, through q, an episode and its person as u may see them, or answers as if
// there were none. It does not audit.
func (s *Service) Read(ctx context.Context, q db.Querier, u *auth.User, id string) (*Episode, *people.Facts, error) {
	if !db.ValidID(id) {
		return nil, nil, errNotFound
	}
	e, err := loadEpisode(ctx, q, id)
	if err != nil {
		return nil, nil, err
	}
	p, err := loadPerson(ctx, q, e.PersonID)
	if errs.Is(err, errs.Invalid) || (err == nil && !access.SeeMissing(u, p.Record)) {
		return nil, nil, errNotFound
	}
	return e, p, err
}

// GetEpisode returns an episode as the signed-in user may see it, and
// records the view on the audit trail, with the person's id, in the same
// transaction.
func (s *Service) GetEpisode(ctx context.Context, id string) (*Episode, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	var e *Episode
	var p *people.Facts
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if e, p, err = s.Read(ctx, tx, u, id); err != nil {
			return err
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: RecordType, RecordID: e.ID,
			PersonID: e.PersonID})
	})
	if err != nil {
		return nil, errs.Wrap(err, "reading the missing episode")
	}
	return e, s.Fill(ctx, u, e, p)
}

// UpdateEpisode changes an episode: most often to record that the young
// person was found or returned, which makes the return interview task. The
// episode stays with its person; the audit event names the fields that
// changed, never their values.
func (s *Service) UpdateEpisode(ctx context.Context, id string, in Input) (*Episode, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	stored, p, err := s.Read(ctx, s.DB.Read(), u, id)
	if err != nil {
		return nil, err
	}
	if !access.EditMissing(u, p.Record, stored.PoliceOrgID) {
		return nil, errs.E(errs.Forbidden, "You do not have permission to change this missing episode")
	}
	if in.Version != 0 && in.Version != stored.Version {
		return nil, ErrStale
	}
	in.PersonID = stored.PersonID
	if err := s.prepare(ctx, u, &in, p); err != nil {
		return nil, err
	}
	var e *Episode
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if e, p, err = s.Read(ctx, tx, u, id); err != nil {
			return err
		}
		if e.Version != stored.Version {
			return ErrStale
		}
		before := InputOf(e)
		oldStart, oldEnd := e.StartAt, e.EndAt
		apply(e, in)
		changed := changes(before, InputOf(e))
		if changed.None() {
			return nil
		}
		e.InterviewDueAt = time.Time{}
		if !e.Open() {
			e.InterviewDueAt = s.InterviewDue(e.EndAt)
		}
		e.UpdatedAt = s.now()
		if err := checkRules(ctx, tx, e); err != nil {
			return err
		}
		if err := updateEpisode(ctx, tx, e, stored.Version); err != nil {
			return err
		}
		e.Version = stored.Version + 1
		if e.PoliceOrgID != "" && e.PoliceOrgID != before.PoliceOrgID {
			if err := s.involveForce(ctx, tx, p, e.PoliceOrgID, e.UpdatedAt); err != nil {
				return err
			}
		}
		if err := s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: e.ID,
			PersonID: e.PersonID, Detail: changed.Detail()}); err != nil {
			return err
		}
		return s.followOn(ctx, tx, e, p, oldStart, oldEnd)
	})
	if err != nil {
		if db.IsUniqueViolation(err) {
			return nil, ErrDuplicateReference
		}
		return nil, errs.Wrap(err, "saving the missing episode")
	}
	return e, s.Fill(ctx, u, e, p)
}

// involveForce records that the force named on an episode is involved with
// the young person's record; when that is new, it is a grant of access and
// goes on the trail as one (prepare has checked that the user may make it).
func (s *Service) involveForce(ctx context.Context, tx *sql.Tx, p *people.Facts, forceID string, now time.Time) error {
	if !access.GrantsForce(p.Record, forceID) {
		return nil
	}
	if err := access.Involve(ctx, tx, "person", p.ID, forceID, "missing episode", now); err != nil {
		return err
	}
	forces, err := s.forceNames(ctx)
	if err != nil {
		return err
	}
	return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Grant, RecordType: "person", RecordID: p.ID, PersonID: p.ID,
		Detail: "granted access to " + forces[forceID] + ": named on a missing episode"})
}
