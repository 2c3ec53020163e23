package referral

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// Task kinds the front door makes.
const (
	TaskDecision = "referral-decision"
	TaskSignOff  = "referral-sign-off"
	TaskNext     = "referral-next-step"
)

// screen loads a referral u may screen, in tx, refusing one that is not
// awaiting screening or has moved on from version (when version > 0).
func (s *Service) screen(ctx context.Context, tx *sql.Tx, u *auth.User, id string, version int) (*Referral, error) {
	r, err := s.load(ctx, tx, u, id)
	if err != nil {
		return nil, err
	}
	switch {
	case r.Hidden && access.Screen(u, r.AuthorityID):
		return nil, errRestricted
	case r.Hidden || r.OutcomeOnly || !access.Screen(u, r.AuthorityID):
		return nil, errs.E(errs.Forbidden, "Only the receiving authority’s screeners, leads and managers can screen a referral")
	case r.State == AwaitingSignOff:
		return nil, errs.E(errs.Conflict, "This referral has been decided and is waiting for a manager’s sign-off")
	case r.State != AwaitingScreening:
		return nil, errs.E(errs.Conflict, "This referral has already been decided")
	case version > 0 && version != r.Version:
		return nil, errStale
	}
	return r, nil
}

// linkable checks that personID is a record u may see in full.
func (s *Service) linkable(ctx context.Context, personID string) (*people.Person, error) {
	p, err := s.People.Get(ctx, personID)
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return nil, errs.FieldErr("person_id", "Choose a young person’s record you can see")
		}
		return nil, err
	}
	if p.ContentHidden {
		return nil, errs.FieldErr("person_id", "That record is restricted: ask its owner to give you access before linking it")
	}
	return p, nil
}

func (s *Service) linkTx(ctx context.Context, tx *sql.Tx, u *auth.User, r *Referral, personID string) error {
	ok, err := setPerson(ctx, tx, r.ID, r.Version, personID, u.ID, s.now())
	if err != nil {
		return err
	}
	if !ok {
		return errStale
	}
	r.Version++
	r.PersonID = personID
	// The referral's tasks are about the young person now.
	if _, err := s.Tasks.SetPersonTx(ctx, tx, RecordType, r.ID, personID); err != nil {
		return err
	}
	return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: r.ID,
		PersonID: personID, Detail: "linked to person " + personID})
}

// LinkPerson links the referral to the person record of the child it is
// about, found by matching. The screener must be able to see the record.
func (s *Service) LinkPerson(ctx context.Context, id, personID string) (*Referral, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.linkable(ctx, personID)
	if err != nil {
		return nil, err
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		r, err := s.screen(ctx, tx, u, id, 0)
		if err != nil {
			return err
		}
		return s.linkTx(ctx, tx, u, r, p.ID)
	})
	if err != nil {
		return nil, errs.Wrap(err, "linking the referral")
	}
	return s.Get(ctx, id)
}

// CreatePerson makes a new person record from the child's details in the
// referral, owned by the receiving authority, and links the referral to it.
// Doing it twice makes one record.
func (s *Service) CreatePerson(ctx context.Context, id string) (*Referral, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	var r *Referral
	if err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		r, err = s.screen(ctx, tx, u, id, 0)
		return err
	}); err != nil {
		return nil, err
	}
	p, err := s.newPerson(ctx, r)
	if err != nil {
		return nil, err
	}
	return s.LinkPerson(ctx, id, p.ID)
}

// newPerson makes (once) the person record for a referral's child.
func (s *Service) newPerson(ctx context.Context, r *Referral) (*people.Person, error) {
	c := r.Child
	in := people.Input{Kind: people.Child, GivenName: c.GivenNames, FamilyName: c.FamilyName,
		KnownAs: c.KnownAs, Aliases: c.StreetNames, DateOfBirth: c.DateOfBirth, EstimatedAge: c.ApproximateAge,
		Gender: c.Gender, Ethnicity: c.Ethnicity, NHSNumber: c.NHSNumber, Phones: c.Phones, OwnerOrgID: r.AuthorityID}
	if c.AddressLine != "" || c.Postcode != "" {
		in.Addresses = []people.Address{{Line: c.AddressLine, Town: c.Town, Postcode: c.Postcode, Current: true}}
		if in.Addresses[0].Line == "" {
			in.Addresses[0].Line = "Not given"
		}
	}
	if in.GivenName == "" && len(in.KnownAs) > 0 {
		in.GivenName = in.KnownAs[0]
	}
	p, err := s.People.Create(ctx, in, "referral:"+r.ID)
	if err != nil {
		if fe := errs.Fields(err); len(fe) > 0 {
			return nil, errs.E(errs.Invalid, "The referral does not give enough to make a record (%s): add the young person from the People pages, then link them",
				fe[0].Message)
		}
		return nil, err
	}
	return p, nil
}

// AddCheck records a partner agency check on a referral being screened.
func (s *Service) AddCheck(ctx context.Context, id string, in CheckInput) (*Referral, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	orgs, err := s.Directory.ListOrganisations(ctx)
	if err != nil {
		return nil, errs.Wrap(err, "reading the organisations")
	}
	on, err := in.validate(s.today(), isOrgIn(orgs))
	if err != nil {
		return nil, err
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		r, err := s.screen(ctx, tx, u, id, 0)
		if err != nil {
			return err
		}
		return s.checkTx(ctx, tx, u, r, in, on)
	})
	if err != nil {
		return nil, errs.Wrap(err, "saving the agency check")
	}
	return s.Get(ctx, id)
}

func isOrgIn(orgs []auth.Organisation) func(string) bool {
	return func(id string) bool {
		for _, o := range orgs {
			if o.ID == id {
				return true
			}
		}
		return false
	}
}

func (s *Service) checkTx(ctx context.Context, tx *sql.Tx, u *auth.User, r *Referral, in CheckInput, on civil.Date) error {
	c := Check{ID: db.NewID(), AgencyID: in.AgencyID, Contact: in.Contact, Findings: in.Findings, RecordedBy: u.ID,
		CheckedAt: time.Date(on.Year, on.Month, on.Day, 12, 0, 0, 0, time.UTC)}
	if err := insertCheck(ctx, tx, r.ID, c, s.now()); err != nil {
		return err
	}
	return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: r.ID,
		PersonID: r.PersonID, Detail: "agency check recorded with " + in.AgencyID})
}

// ScreeningInput is a whole screening from another system: the person the
// child is (an existing record, or a new one made from the referral), the
// agency checks and the decision.
type ScreeningInput struct {
	PersonID     string        `json:"person_id,omitempty"`
	CreatePerson bool          `json:"create_person,omitempty"`
	Checks       []CheckInput  `json:"agency_checks"`
	Decision     DecisionInput `json:"decision"`
}

// Screen records a whole screening in one transaction: nothing is saved
// unless all of it is. Everything is checked before anything is written, so
// a corrected retry never records a check twice.
func (s *Service) Screen(ctx context.Context, id string, in ScreeningInput) (*Referral, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	var v errs.Validation
	if in.PersonID != "" && in.CreatePerson {
		v.Add("person_id", "Give a person_id or create_person, not both")
	}
	orgs, err := s.Directory.ListOrganisations(ctx)
	if err != nil {
		return nil, errs.Wrap(err, "reading the organisations")
	}
	days := make([]civil.Date, len(in.Checks))
	for i := range in.Checks {
		on, err := in.Checks[i].validate(s.today(), isOrgIn(orgs))
		for _, f := range errs.Fields(err) {
			v.Add(fmt.Sprintf("agency_checks.%d.%s", i, f.Field), f.Message)
		}
		days[i] = on
	}
	for _, f := range errs.Fields(in.Decision.validate(s.Settings)) {
		v.Add("decision."+f.Field, f.Message)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var r *Referral
	if err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		r, err = s.screen(ctx, tx, u, id, in.Decision.Version)
		return err
	}); err != nil {
		return nil, err
	}
	personID := in.PersonID
	switch {
	case in.CreatePerson:
		p, err := s.newPerson(ctx, r)
		if err != nil {
			return nil, err
		}
		personID = p.ID
	case personID != "":
		if _, err := s.linkable(ctx, personID); err != nil {
			return nil, err
		}
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		r, err := s.screen(ctx, tx, u, id, r.Version)
		if err != nil {
			return err
		}
		if personID != "" && personID != r.PersonID {
			if err := s.linkTx(ctx, tx, u, r, personID); err != nil {
				return err
			}
		}
		for i, c := range in.Checks {
			if err := s.checkTx(ctx, tx, u, r, c, days[i]); err != nil {
				return err
			}
		}
		return s.decideTx(ctx, tx, u, r, in.Decision)
	})
	if err != nil {
		return nil, errs.Wrap(err, "saving the screening")
	}
	return s.Get(ctx, id)
}
