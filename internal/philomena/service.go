package philomena

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// People is what profiles need of person records (people.Service provides
// it): the record as the signed-in user may see it and the access record
// the rules decide on, read inside the profile's own transaction without
// a second audit event.
type People interface {
	ReadTx(ctx context.Context, tx *sql.Tx, id string) (*people.Person, access.Record, error)
}

// Service holds the rules for Philomena profiles.
type Service struct {
	DB     *db.DB
	Audit  *audit.Log
	People People
	// Missing gives the missing history shown with a profile; nil until
	// missing episodes are recorded, when pages say there are none.
	Missing MissingHistory
	Now     func() time.Time
}

// View is a profile with what its pages show alongside.
type View struct {
	Person  *people.Person
	Profile *Profile
	// History is the child's missing history; nil when none is recorded.
	History *History
	// HistoryProblem is set when the history could not be read just now.
	HistoryProblem bool
	CanEdit        bool
}

// now is the time as stored: UTC, to the microsecond.
func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

var (
	errMayNotSee    = errs.E(errs.Forbidden, "Only missing coordinators, police officers involved with this young person and the owning authority's casework staff can see their Philomena profile")
	errMayNotChange = errs.E(errs.Forbidden, "Only missing coordinators and the owning authority's practitioners, leads and managers can change a Philomena profile")
	errNotAChild    = errs.E(errs.NotFound, "Philomena profiles are kept only for children")
)

// open reads the person record and its profile inside tx, for a user who
// may see the profile (and change it, when edit is set).
func (s *Service) open(ctx context.Context, tx *sql.Tx, u *auth.User, personID string, edit bool) (*View, error) {
	p, rec, err := s.People.ReadTx(ctx, tx, personID)
	if err != nil {
		return nil, err
	}
	if p.ContentHidden || !access.ViewPhilomena(u, rec) {
		return nil, errMayNotSee
	}
	if p.Kind != people.Child {
		return nil, errNotAChild
	}
	v := &View{Person: p, CanEdit: access.EditPhilomena(u, rec)}
	if edit && !v.CanEdit {
		return nil, errMayNotChange
	}
	if v.Profile, err = loadProfile(ctx, tx, p.ID); err != nil {
		return nil, err
	}
	return v, nil
}

// auditID is the record id of a profile on the audit trail: the profile's,
// or the person record's while there is none.
func (v *View) auditID() string {
	if v.Profile.ID != "" {
		return v.Profile.ID
	}
	return v.Person.ID
}

// look reads a profile for the signed-in user and records the look, with
// detail, on the audit trail in the same transaction.
func (s *Service) look(ctx context.Context, personID string, edit bool, detail string) (*View, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	var v *View
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if v, err = s.open(ctx, tx, u, personID, edit); err != nil {
			return err
		}
		if !v.Profile.Exists() {
			detail += " (none recorded yet)"
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: RecordType, RecordID: v.auditID(),
			PersonID: v.Person.ID, Detail: detail})
	})
	if err != nil {
		return nil, errs.Wrap(err, "reading the Philomena profile")
	}
	s.addHistory(ctx, v)
	return v, nil
}

// addHistory fills the missing history, if there is a source of it.
func (s *Service) addHistory(ctx context.Context, v *View) {
	if s.Missing == nil {
		return
	}
	h, err := s.Missing.Summary(ctx, v.Person.ID)
	switch {
	case err != nil:
		v.HistoryProblem = true
	case h.Episodes > 0:
		v.History = &h
	}
}

// Get returns the profile of a child's person record, with the record and
// the missing history, and records the view on the audit trail.
func (s *Service) Get(ctx context.Context, personID string) (*View, error) {
	return s.look(ctx, personID, false, "viewed the Philomena profile")
}

// Print is Get for the printable one-page view for the police; the audit
// trail says it was the print view.
func (s *Service) Print(ctx context.Context, personID string) (*View, error) {
	return s.look(ctx, personID, false, "opened the Philomena profile's print view")
}

// ForEdit is Get for someone about to change the profile: it refuses
// anyone who may not.
func (s *Service) ForEdit(ctx context.Context, personID string) (*View, error) {
	return s.look(ctx, personID, true, "opened the Philomena profile to change it")
}

// Save creates or changes the profile of a child's person record. in.Version
// must be the stored profile's (0 when there is none yet). The audit event
// names the parts that changed, never their values.
func (s *Service) Save(ctx context.Context, personID string, in Input) (*Profile, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	var p *Profile
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		v, err := s.open(ctx, tx, u, personID, true)
		if err != nil {
			return err
		}
		if err := in.Normalise(); err != nil {
			return err
		}
		p = v.Profile
		if in.Version != p.Version {
			return errStale
		}
		before := InputOf(p)
		apply(p, in)
		changed := changedFields(before, InputOf(p))
		if p.Exists() && changed.None() {
			return nil
		}
		now := s.now()
		p.UpdatedAt, p.UpdatedByID, p.UpdatedByName = now, u.ID, u.Name
		if !p.Exists() {
			p.ID, p.CreatedAt, p.Version = v.Person.ID, now, 1
			if err := insertProfile(ctx, tx, p); err != nil {
				return err
			}
			return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Create, RecordType: RecordType, RecordID: p.ID,
				PersonID: v.Person.ID, Detail: "created the Philomena profile"})
		}
		if err := updateProfile(ctx, tx, p, in.Version); err != nil {
			return err
		}
		p.Version++
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: p.ID,
			PersonID: v.Person.ID, Detail: "changed the Philomena profile: " + strings.Join(changed, ", ")})
	})
	if err != nil {
		return nil, errs.Wrap(err, "saving the Philomena profile")
	}
	return p, nil
}

func apply(p *Profile, in Input) {
	p.LookedAfter, p.Height, p.Build, p.Hair, p.Eyes = in.LookedAfter, in.Height, in.Build, in.Hair, in.Eyes
	p.Marks, p.Clothing, p.Associates, p.Locations, p.Phones = in.Marks, in.Clothing, in.Associates, in.Locations, in.Phones
	p.Transport, p.Conditions, p.Medication, p.Allergies = in.Transport, in.Conditions, in.Medication, in.Allergies
	p.Languages, p.Placement = in.Languages, in.Placement
}

// SetPhoto checks an uploaded photograph (see PreparePhoto) and stores it on
// the child's profile, replacing any before it. The profile must exist;
// version, when not 0, must be its version. The change is audited.
func (s *Service) SetPhoto(ctx context.Context, personID string, data []byte, version int) (*Profile, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	var p *Profile
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		v, err := s.open(ctx, tx, u, personID, true)
		if err != nil {
			return err
		}
		p = v.Profile
		if !p.Exists() {
			return errs.FieldErr("photo", "Save the profile before adding a photograph")
		}
		if version != 0 && version != p.Version {
			return errStale
		}
		ph, err := PreparePhoto(data)
		if err != nil {
			return err
		}
		now := s.now()
		if err := savePhoto(ctx, tx, p.ID, ph, u, now); err != nil {
			return err
		}
		if err := touchProfile(ctx, tx, p.ID, p.Version, u, now); err != nil {
			return err
		}
		detail := "added a photograph to the Philomena profile"
		if p.Photo != nil {
			detail = "replaced the Philomena profile's photograph"
		}
		p.Version++
		p.UpdatedAt, p.UpdatedByID, p.UpdatedByName = now, u.ID, u.Name
		p.Photo = &PhotoInfo{ContentType: PhotoContentType, Width: ph.Width, Height: ph.Height, Bytes: len(ph.Content),
			UploadedAt: now, UploadedByName: u.Name}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: p.ID,
			PersonID: v.Person.ID, Detail: detail})
	})
	if err != nil {
		return nil, errs.Wrap(err, "saving the photograph")
	}
	return p, nil
}

// Photo returns the stored photograph of a child's profile (JPEG, see
// PhotoContentType), recording the view on the audit trail in the same
// transaction as the reading.
func (s *Service) Photo(ctx context.Context, personID string) ([]byte, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	var b []byte
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		v, err := s.open(ctx, tx, u, personID, false)
		if err != nil {
			return err
		}
		if !v.Profile.Exists() {
			return errNoPhoto
		}
		if b, err = loadPhoto(ctx, tx, v.Profile.ID); err != nil {
			return err
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: RecordType, RecordID: v.Profile.ID,
			PersonID: v.Person.ID, Detail: "viewed the Philomena profile's photograph"})
	})
	if err != nil {
		return nil, errs.Wrap(err, "reading the photograph")
	}
	return b, nil
}
