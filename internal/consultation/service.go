package consultation

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/idem"
)

// Organisations lists the partnership's organisations (auth.Service
// provides it).
type Organisations interface {
	ListOrganisations(ctx context.Context) ([]auth.Organisation, error)
}

// People is what consultations need of person records (people.Service
// provides it): a record the user may see, to link a consultation to, and a
// search for one.
type People interface {
	Get(ctx context.Context, id string) (*people.Person, error)
	List(ctx context.Context, q people.ListQuery) (people.ListResult, error)
}

// Service holds the rules for consultations.
type Service struct {
	DB     *db.DB
	Audit  *audit.Log
	Orgs   Organisations
	People People
	Now    func() time.Time
}

// now is the time as stored: UTC, to the microsecond.
func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

var (
	errRestricted   = errs.E(errs.Forbidden, "This consultation is about a young person whose record is restricted to the people named on it: ask one of them, or your manager, to change it")
	errMayNotLog    = errs.E(errs.Forbidden, "Only screeners, leads, managers and practitioners of a local authority can log consultations")
	errMayNotChange = errs.E(errs.Forbidden, "You do not have permission to change this consultation")
)

// Organisations lists the partnership's organisations, by name.
func (s *Service) Organisations(ctx context.Context) ([]auth.Organisation, error) {
	orgs, err := s.Orgs.ListOrganisations(ctx)
	if err != nil {
		return nil, errs.Wrap(err, "listing organisations")
	}
	return orgs, nil
}

func (s *Service) orgMap(ctx context.Context) (map[string]auth.Organisation, error) {
	orgs, err := s.Organisations(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]auth.Organisation, len(orgs))
	for _, o := range orgs {
		m[o.ID] = o
	}
	return m, nil
}

// validate checks in, and that a linked person record is one the user may
// see (asked before any transaction: the person service opens its own).
func (s *Service) validate(ctx context.Context, in *Input, linked string) error {
	orgs, err := s.orgMap(ctx)
	if err != nil {
		return err
	}
	err = in.validate(s.Now(), func(id string) bool { _, ok := orgs[id]; return ok })
	badID := slices.ContainsFunc(errs.Fields(err), func(f errs.FieldError) bool { return f.Field == "person_id" })
	if in.PersonID == "" || in.PersonID == linked || badID {
		return err
	}
	p, perr := s.People.Get(ctx, in.PersonID)
	if perr != nil && !errs.Is(perr, errs.NotFound) {
		return perr
	}
	if perr != nil || p.ContentHidden {
		fields := append(errs.Fields(err), errs.FieldError{Field: "person_id",
			Message: "Select a person record you can see, or none"})
		return &errs.Error{Kind: errs.Invalid, Message: "There is a problem", Fields: fields}
	}
	return err
}

func apply(c *Consultation, in Input) {
	c.OccurredAt, c.Method = in.OccurredAt, in.Method
	c.ProfessionalName, c.ProfessionalRole, c.ProfessionalContact = in.ProfessionalName, in.ProfessionalRole, in.ProfessionalContact
	c.OrganisationID, c.OtherOrganisation = in.OrganisationID, in.OtherOrganisation
	if c.OrganisationID == OtherOrganisation {
		c.OrganisationID = ""
	}
	c.ChildName, c.ChildAge, c.PersonID = in.ChildName, in.ChildAge, in.PersonID
	c.ChildDateOfBirth, _ = civil.Parse(in.ChildDateOfBirth)
	c.ConcernTypes = in.ConcernTypes
	if c.ConcernTypes == nil {
		c.ConcernTypes = []string{}
	}
	c.Question, c.Advice, c.ReferralState = in.Question, in.Advice, in.ReferralState
}

// fill names the organisations and says what u may do.
func (s *Service) fill(ctx context.Context, u *auth.User, c *Consultation) error {
	orgs, err := s.orgMap(ctx)
	if err != nil {
		return err
	}
	c.OwnerOrgName = orgs[c.OwnerOrgID].Name
	c.OrganisationName = c.OtherOrganisation
	if c.OrganisationID != "" {
		c.OrganisationName = orgs[c.OrganisationID].Name
	}
	c.CanEdit = access.EditConsultation(u, c.OwnerOrgID) && !c.Hidden
	return nil
}

// Create logs a consultation taken by the signed-in user for their local
// authority. A repeated idempotency key (a double submit or an API retry)
// returns the consultation the first request made.
func (s *Service) Create(ctx context.Context, in Input, idempotencyKey string) (*Consultation, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	if !access.LogConsultation(u) {
		return nil, errMayNotLog
	}
	key, err := idem.Key(idempotencyKey)
	if err != nil {
		return nil, err
	}
	scope := idem.Scope("consultation", u.ID)
	// A repeat is answered before validation: the first may have been
	// saved with a time that is now further in the past.
	if id, err := idem.Seen(ctx, s.DB.Read(), scope, key); err != nil || id != "" {
		if err != nil {
			return nil, err
		}
		return s.Get(ctx, id)
	}
	if err := s.validate(ctx, &in, ""); err != nil {
		return nil, err
	}
	now := s.now()
	c := &Consultation{ID: db.NewID(), OwnerOrgID: u.Organisation.ID, TakenByID: u.ID, TakenByName: u.Name,
		CreatedAt: now, UpdatedAt: now, Version: 1}
	apply(c, in)
	id, made, err := idem.Once(ctx, s.DB, scope, key, now, func(tx *sql.Tx) (string, error) {
		if err := insert(ctx, tx, c); err != nil {
			return "", err
		}
		return c.ID, s.Audit.Record(ctx, tx, audit.Event{Action: audit.Create, RecordType: RecordType, RecordID: c.ID,
			PersonID: c.PersonID, Detail: "logged a consultation"})
	})
	if err != nil {
		return nil, errs.Wrap(err, "saving the consultation")
	}
	if !made {
		return s.Get(ctx, id)
	}
	if err := s.fill(ctx, u, c); err != nil {
		return nil, err
	}
	return c, nil
}

// read loads a consultation the user may see, or answers as if there were
// none. It does not audit.
func read(ctx context.Context, q db.Querier, u *auth.User, id string) (*Consultation, error) {
	if !db.ValidID(id) {
		return nil, errNotFound
	}
	c, err := load(ctx, q, id)
	if err != nil {
		return nil, err
	}
	var rec *access.Record
	if c.PersonID != "" {
		f, err := people.LoadFacts(ctx, q, c.PersonID)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return nil, err
		}
		rec = recordOf(f)
	}
	switch access.ViewConsultationAbout(u, c.OwnerOrgID, rec) {
	case access.None:
		return nil, errNotFound
	case access.Existence:
		hide(c)
	}
	return c, nil
}

// recordOf is the access record of a linked person's facts. A linked
// record that cannot be found is one no one may see.
func recordOf(f *people.Facts) *access.Record {
	if f == nil {
		return &access.Record{Type: people.RecordType, Restricted: true}
	}
	return &f.Record
}

// hide keeps of c only that the call was taken: when, how, by whom at the
// authority and whether a referral followed. It is about a young person
// whose record the reader may not see in full.
func hide(c *Consultation) {
	*c = Consultation{ID: c.ID, OccurredAt: c.OccurredAt, Method: c.Method, PersonID: c.PersonID,
		ConcernTypes: []string{}, ReferralState: c.ReferralState, ReferralID: c.ReferralID, OwnerOrgID: c.OwnerOrgID,
		TakenByID: c.TakenByID, TakenByName: c.TakenByName, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
		Version: c.Version, Hidden: true}
}

// Get returns a consultation as the signed-in user may see it, and records
// the view on the audit trail in the same transaction.
func (s *Service) Get(ctx context.Context, id string) (*Consultation, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	var c *Consultation
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if c, err = read(ctx, tx, u, id); err != nil {
			return err
		}
		if c.Hidden {
			// Nothing of the young person was shown: it is not on their trail.
			return s.Audit.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: RecordType, RecordID: c.ID,
				Detail: "that the consultation was taken: the young person's record is restricted"})
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: RecordType, RecordID: c.ID,
			PersonID: c.PersonID})
	})
	if err != nil {
		return nil, errs.Wrap(err, "reading the consultation")
	}
	if err := s.fill(ctx, u, c); err != nil {
		return nil, err
	}
	return c, nil
}

// Update changes a consultation; the audit event names the fields that
// changed, never their values.
func (s *Service) Update(ctx context.Context, id string, in Input) (*Consultation, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	stored, err := read(ctx, s.DB.Read(), u, id)
	if err != nil {
		return nil, err
	}
	if !access.EditConsultation(u, stored.OwnerOrgID) {
		return nil, errMayNotChange
	}
	if stored.Hidden {
		return nil, errRestricted
	}
	if in.Version != 0 && in.Version != stored.Version {
		return nil, errStale
	}
	if err := s.validate(ctx, &in, stored.PersonID); err != nil {
		return nil, err
	}
	if stored.ReferralID != "" && in.ReferralState != ReferralMade {
		var v errs.Validation
		v.Add("referral_state", "A referral was made from this consultation, so ‘Referral made’ stays selected")
		return nil, v.Err()
	}
	var c *Consultation
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if c, err = read(ctx, tx, u, id); err != nil {
			return err
		}
		if c.Hidden {
			return errRestricted
		}
		if c.Version != stored.Version {
			return errStale
		}
		before := InputOf(c)
		apply(c, in)
		changed := changes(before, InputOf(c))
		if changed.None() {
			return nil
		}
		c.UpdatedAt = s.now()
		if err := update(ctx, tx, c, stored.Version); err != nil {
			return err
		}
		c.Version = stored.Version + 1
		// A link made or removed is on the trail of both people.
		if before.PersonID != "" && before.PersonID != c.PersonID {
			if err := s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: c.ID,
				PersonID: before.PersonID, Detail: "unlinked from this person record"}); err != nil {
				return err
			}
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: c.ID,
			PersonID: c.PersonID, Detail: changed.Detail()})
	})
	if err != nil {
		return nil, errs.Wrap(err, "saving the consultation")
	}
	if err := s.fill(ctx, u, c); err != nil {
		return nil, err
	}
	return c, nil
}

// changes names the fields that differ, never their values.
func changes(a, b Input) audit.Changes {
	var c audit.Changes
	c.Field("date and time", a.OccurredAt.Equal(b.OccurredAt))
	c.Field("how they got in touch", a.Method == b.Method)
	c.Field("professional's name", a.ProfessionalName == b.ProfessionalName)
	c.Field("professional's role", a.ProfessionalRole == b.ProfessionalRole)
	c.Field("professional's contact details", a.ProfessionalContact == b.ProfessionalContact)
	c.Field("organisation", a.OrganisationID == b.OrganisationID && a.OtherOrganisation == b.OtherOrganisation)
	c.Field("child's name", a.ChildName == b.ChildName)
	c.Field("child's date of birth", a.ChildDateOfBirth == b.ChildDateOfBirth)
	c.Field("child's approximate age", a.ChildAge == b.ChildAge)
	c.Field("linked person record", a.PersonID == b.PersonID)
	c.Field("kinds of exploitation", slices.Equal(a.ConcernTypes, b.ConcernTypes))
	c.Field("question", a.Question == b.Question)
	c.Field("advice", a.Advice == b.Advice)
	c.Field("whether a referral followed", a.ReferralState == b.ReferralState)
	return c
}

// LinkReferralTx records, inside the caller's transaction tx, that a
// referral was made from a consultation: the consultation then links to it
// and its state is "referral made". The signed-in user must be one who may
// change the consultation. Linking the same referral again changes
// nothing; a consultation already linked to another referral is a
// conflict. The change is audited in tx.
func (s *Service) LinkReferralTx(ctx context.Context, tx *sql.Tx, consultationID, referralID string) error {
	u, err := auth.Actor(ctx)
	if err != nil {
		return err
	}
	if !db.ValidID(referralID) {
		return errs.E(errs.Invalid, "The referral to link is not a valid id")
	}
	c, err := read(ctx, tx, u, consultationID)
	if err != nil {
		return err
	}
	if !access.EditConsultation(u, c.OwnerOrgID) {
		return errMayNotChange
	}
	if c.Hidden {
		return errRestricted
	}
	switch c.ReferralID {
	case referralID:
		return nil
	case "":
	default:
		return errs.E(errs.Conflict, "A referral has already been made from this consultation")
	}
	if err := setReferral(ctx, tx, c.ID, referralID, s.now()); err != nil {
		return err
	}
	return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: c.ID,
		PersonID: c.PersonID, Detail: "linked to the referral made from it"})
}
