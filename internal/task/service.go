package task

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// Directory is what tasks need to know of organisations, teams and users
// (auth.Service provides it): this package keeps to its own tables.
type Directory interface {
	GetUser(ctx context.Context, id string) (*auth.User, error)
	GetTeam(ctx context.Context, id string) (auth.Team, error)
	GetOrganisation(ctx context.Context, id string) (auth.Organisation, error)
	ListUsers(ctx context.Context, orgID string) ([]*auth.User, error)
	ListTeams(ctx context.Context, orgID string) ([]auth.Team, error)
}

// Service holds the rules for tasks.
type Service struct {
	DB        *db.DB
	Audit     *audit.Log
	Directory Directory
	Now       func() time.Time
}

// exists turns a lookup's NotFound into false.
func exists(err error) (bool, error) {
	if errs.Is(err, errs.NotFound) {
		return false, nil
	}
	return err == nil, err
}

// ownerExists reports whether the owner is an active user or a team.
func (s *Service) ownerExists(ctx context.Context, o Owner) (bool, error) {
	if o.TeamID != "" {
		_, err := s.Directory.GetTeam(ctx, o.TeamID)
		return exists(err)
	}
	u, err := s.Directory.GetUser(ctx, o.UserID)
	ok, err := exists(err)
	return ok && u.Active, err
}

// members are the users of organisation orgID in any of the teams, but
// not the user except, by the rule in platform/access.
func (s *Service) members(ctx context.Context, orgID, except string, teamIDs []string) ([]string, error) {
	staff, err := s.Directory.ListUsers(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return access.TeamMembers(staff, teamIDs, except), nil
}

// now is the time as stored: UTC, to the microsecond.
func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// CreateTx makes a task inside the caller's transaction, so that a step and
// its task are saved together or not at all, and records it on the audit
// trail. The caller has already decided that the signed-in user (or the
// system, when there is none) may take the step. With a DedupeKey, a task of
// the same kind and key that already exists is returned instead, with
// created false, so a feature can make exactly one task per event.
func (s *Service) CreateTx(ctx context.Context, tx *sql.Tx, in NewTask) (Task, bool, error) {
	if err := s.check(ctx, &in, &knownOwners{}); err != nil {
		return Task{}, false, err
	}
	now := s.now()
	t := Task{ID: db.NewID(), Kind: in.Kind, Title: in.Title, RecordType: in.RecordType, RecordID: in.RecordID,
		PersonID: in.PersonID, OwnerUserID: in.Owner.UserID, OwnerTeamID: in.Owner.TeamID,
		OrganisationID: in.OrganisationID, DueAt: in.due(), State: Open, CreatedAt: now, CreatedBy: "system",
		DedupeKey: in.DedupeKey}
	if u := auth.UserFrom(ctx); u != nil {
		t.CreatedBy = u.ID
	}
	created, err := insertTask(ctx, tx, &t)
	if err != nil {
		return Task{}, false, errs.Wrap(err, "saving the task")
	}
	if !created {
		existing, err := loadByKey(ctx, tx, in.Kind, in.DedupeKey)
		if err != nil {
			return Task{}, false, errs.Wrap(err, "saving the task")
		}
		existing.mark(now)
		return existing, false, nil
	}
	if err := s.Audit.Record(ctx, tx, createdEvent(&t)); err != nil {
		return Task{}, false, errs.Wrap(err, "recording the task")
	}
	t.mark(now)
	return t, true, nil
}

// CreateManyTx is CreateTx for many tasks at once, as an import needs:
// every task is checked first (each owner and organisation looked up once)
// and, if any is invalid, nothing is saved and the error is the first's;
// then the tasks are inserted many to a statement, those whose kind and
// dedupe key already exist (or come earlier in the list) left out, and each
// task made is recorded on the audit trail. It returns how many were made.
func (s *Service) CreateManyTx(ctx context.Context, tx *sql.Tx, ins []NewTask) (int, error) {
	known := &knownOwners{}
	now := s.now()
	by := actorID(ctx)
	ts := make([]*Task, 0, len(ins))
	seen := map[[2]string]bool{}
	for i := range ins {
		in := &ins[i]
		if err := s.check(ctx, in, known); err != nil {
			return 0, err
		}
		if in.DedupeKey != "" {
			k := [2]string{in.Kind, in.DedupeKey}
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		ts = append(ts, &Task{ID: db.NewID(), Kind: in.Kind, Title: in.Title, RecordType: in.RecordType,
			RecordID: in.RecordID, PersonID: in.PersonID, OwnerUserID: in.Owner.UserID, OwnerTeamID: in.Owner.TeamID,
			OrganisationID: in.OrganisationID, DueAt: in.due(), State: Open, CreatedAt: now, CreatedBy: by,
			DedupeKey: in.DedupeKey})
	}
	made, err := insertTasks(ctx, tx, ts)
	if err != nil {
		return 0, errs.Wrap(err, "saving the tasks")
	}
	events := make([]audit.Event, 0, len(ts))
	for _, t := range ts {
		if made[t.ID] {
			events = append(events, createdEvent(t))
		}
	}
	if err := s.Audit.RecordMany(ctx, tx, events); err != nil {
		return 0, errs.Wrap(err, "recording the tasks")
	}
	return len(events), nil
}

// knownOwners remembers which owners and organisations exist, so that many
// tasks check each once.
type knownOwners struct {
	owners map[Owner]bool
	orgs   map[string]bool
}

// check cleans and validates in, and checks that its owner (an active user
// or a team) and organisation exist, looking each up once per known.
func (s *Service) check(ctx context.Context, in *NewTask, known *knownOwners) error {
	if known.owners == nil {
		known.owners, known.orgs = map[Owner]bool{}, map[string]bool{}
	}
	in.clean()
	v := in.validate()
	if !v.Has("owner") {
		ok, seen := known.owners[in.Owner]
		if !seen {
			var err error
			if ok, err = s.ownerExists(ctx, in.Owner); err != nil {
				return errs.Wrap(err, "checking the task's owner")
			}
			known.owners[in.Owner] = ok
		}
		if !ok {
			v.Add("owner", "Choose a user or a team that exists")
		}
	}
	if !v.Has("organisation_id") {
		ok, seen := known.orgs[in.OrganisationID]
		if !seen {
			_, err := s.Directory.GetOrganisation(ctx, in.OrganisationID)
			if ok, err = exists(err); err != nil {
				return errs.Wrap(err, "checking the task's organisation")
			}
			known.orgs[in.OrganisationID] = ok
		}
		if !ok {
			v.Add("organisation_id", "Choose an organisation that exists")
		}
	}
	return v.Err()
}

// createdEvent is the audit event of a task made.
func createdEvent(t *Task) audit.Event {
	return audit.Event{Action: audit.Create, RecordType: RecordType, RecordID: t.ID,
		PersonID: t.PersonID, Detail: fmt.Sprintf("%s task for %s %s, due %s, owned by %s",
			t.Kind, t.RecordType, t.RecordID, t.DueAt.Format(time.RFC3339), t.Owner().describe())}
}

// Create makes a task in a transaction of its own: see CreateTx.
func (s *Service) Create(ctx context.Context, in NewTask) (Task, bool, error) {
	var t Task
	var created bool
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		t, created, err = s.CreateTx(ctx, tx, in)
		return err
	})
	if err != nil {
		return Task{}, false, errs.Wrap(err, "saving the task")
	}
	return t, created, nil
}

// Get is one task, for anyone who may know of it (its owner, its team, the
// staff of its organisation), its title neutral when it is about a person
// whose record they may not see in full. Seeing it is recorded on the audit trail, as
// a view of the child's record when the task concerns one.
func (s *Service) Get(ctx context.Context, id string) (Task, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return Task{}, err
	}
	if !db.ValidID(id) {
		return Task{}, errs.E(errs.NotFound, "There is no such task")
	}
	t, err := loadTask(ctx, s.DB.Read(), id)
	if err != nil {
		return Task{}, errs.Wrap(err, "reading the task")
	}
	if !access.KnowOf(u, t.Assignment()) {
		return Task{}, errs.E(errs.NotFound, "There is no such task")
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		one := []Task{t}
		if _, err := titles(ctx, tx, u, one); err != nil {
			return err
		}
		t = one[0]
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: RecordType, RecordID: t.ID,
			PersonID: t.PersonID, Detail: "task"})
	})
	if err != nil {
		return Task{}, errs.Wrap(err, "recording the view")
	}
	t.mark(s.now())
	return t, nil
}

// change loads an open task that the signed-in user may act on, lets fn
// change it and records fn's audit detail, all in one transaction.
func (s *Service) change(ctx context.Context, id, verb string, fn func(tx *sql.Tx, u *auth.User, t *Task) (string, error)) (Task, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return Task{}, err
	}
	if !db.ValidID(id) {
		return Task{}, errs.E(errs.NotFound, "There is no such task")
	}
	var t Task
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if t, err = loadTask(ctx, tx, id); err != nil {
			return err
		}
		switch {
		case !access.KnowOf(u, t.Assignment()):
			return errs.E(errs.NotFound, "There is no such task")
		case !access.ActOn(u, t.Assignment()):
			return errs.E(errs.Forbidden, "Only the task's owner, its team or a manager can %s this task", verb)
		}
		if err := closed(&t); err != nil {
			return err
		}
		detail, err := fn(tx, u, &t)
		if err != nil || detail == "" {
			return err
		}
		if err := s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: t.ID,
			PersonID: t.PersonID, Detail: detail}); err != nil {
			return err
		}
		one := []Task{t}
		_, err = titles(ctx, tx, u, one)
		t = one[0]
		return err
	})
	if err != nil {
		return Task{}, errs.Wrap(err, "saving the task")
	}
	t.mark(s.now())
	return t, nil
}

// closed is a Conflict when the task is no longer open.
func closed(t *Task) error {
	switch t.State {
	case Done:
		return errs.E(errs.Conflict, "This task has already been completed")
	case Cancelled:
		return errs.E(errs.Conflict, "This task has been cancelled, so it cannot be changed")
	}
	return nil
}

// stillOpen turns a lost race (someone closed the task after it was read)
// into the same Conflict as finding it closed.
func stillOpen(ctx context.Context, tx *sql.Tx, id string, ok bool, err error) error {
	if err != nil || ok {
		return err
	}
	t, err := loadTask(ctx, tx, id)
	if err != nil {
		return err
	}
	return closed(&t)
}

// Complete marks a task done.
func (s *Service) Complete(ctx context.Context, id string) (Task, error) {
	return s.change(ctx, id, "complete", func(tx *sql.Tx, u *auth.User, t *Task) (string, error) {
		now := s.now()
		ok, err := closeTask(ctx, tx, t.ID, Done, u.ID, "", now)
		if err := stillOpen(ctx, tx, t.ID, ok, err); err != nil {
			return "", err
		}
		t.State, t.CompletedAt, t.CompletedBy = Done, now, u.ID
		return "completed", nil
	})
}

// Cancel closes a task that is no longer needed, saying why.
func (s *Service) Cancel(ctx context.Context, id, reason string) (Task, error) {
	return s.change(ctx, id, "cancel", func(tx *sql.Tx, u *auth.User, t *Task) (string, error) {
		var v errs.Validation
		switch n := len([]rune(trim(reason))); {
		case n == 0:
			v.Add("reason", "Enter why the task is no longer needed")
		case n > maxReason:
			v.Add("reason", fmt.Sprintf("Enter a reason that is %d characters or fewer", maxReason))
		}
		if err := v.Err(); err != nil {
			return "", err
		}
		now := s.now()
		ok, err := closeTask(ctx, tx, t.ID, Cancelled, u.ID, trim(reason), now)
		if err := stillOpen(ctx, tx, t.ID, ok, err); err != nil {
			return "", err
		}
		t.State, t.CancelledAt, t.CancelledBy, t.CancelledReason = Cancelled, now, u.ID, trim(reason)
		// The reason may name people: the trail says only that one was given.
		return "cancelled, with a reason", nil
	})
}
