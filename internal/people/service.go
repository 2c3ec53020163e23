package people

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/idem"
	"mace/internal/platform/page"
	"mace/internal/platform/text"
)

// Organisations is what the service needs to know of organisations and
// their staff: names, which are local authorities, and who works where
// (auth.Service provides it).
type Organisations interface {
	ListOrganisations(ctx context.Context) ([]auth.Organisation, error)
	GetOrganisation(ctx context.Context, id string) (auth.Organisation, error)
	ListUsers(ctx context.Context, orgID string) ([]*auth.User, error)
}

// Service holds the rules for person records.
type Service struct {
	DB    *db.DB
	Audit *audit.Log
	Orgs  Organisations
	Now   func() time.Time
	// Links are the tables of other features whose rows refer to a
	// person record: a merge moves them (see merge.go).
	Links []Link
}

func (s *Service) today() civil.Date { return civil.Of(s.Now().In(civil.London)) }

// now is the time as stored: UTC, to the microsecond.
func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// Authorities lists the local authorities that can own records.
func (s *Service) Authorities(ctx context.Context) ([]auth.Organisation, error) {
	orgs, err := s.Orgs.ListOrganisations(ctx)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(orgs, func(o auth.Organisation) bool { return o.Type != auth.LocalAuthority }), nil
}

func (s *Service) orgNames(ctx context.Context) (map[string]auth.Organisation, error) {
	orgs, err := s.Orgs.ListOrganisations(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]auth.Organisation, len(orgs))
	for _, o := range orgs {
		m[o.ID] = o
	}
	return m, nil
}

func (s *Service) validate(ctx context.Context, in *Input) error {
	orgs, err := s.orgNames(ctx)
	if err != nil {
		return err
	}
	return in.validate(s.today(), func(id string) bool { return orgs[id].Type == auth.LocalAuthority })
}

func (s *Service) apply(p *Person, in Input) {
	p.Kind, p.GivenName, p.FamilyName = in.Kind, in.GivenName, in.FamilyName
	p.KnownAs, p.Aliases = in.KnownAs, in.Aliases
	p.DateOfBirth, _ = civil.Parse(in.DateOfBirth)
	if in.EstimatedAge != p.EstimatedAge || p.EstimatedOn.IsZero() {
		p.EstimatedOn = s.today()
	}
	p.EstimatedAge = in.EstimatedAge
	if p.EstimatedAge == 0 {
		p.EstimatedOn = civil.Date{}
	}
	p.Gender, p.Ethnicity, p.NHSNumber, p.UPN = in.Gender, in.Ethnicity, in.NHSNumber, in.UPN
	p.Addresses, p.Phones, p.OwnerOrgID = in.Addresses, in.Phones, in.OwnerOrgID
}

// Create records a new person. A repeated idempotency key (a double submit
// or an API retry) returns the person the first request made.
func (s *Service) Create(ctx context.Context, in Input, idempotencyKey string) (*Person, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	if idempotencyKey, err = idem.Key(idempotencyKey); err != nil {
		return nil, err
	}
	if !access.Create(u) {
		return nil, errs.E(errs.Forbidden, "You do not have permission to create person records")
	}
	if err := s.validate(ctx, &in); err != nil {
		return nil, err
	}
	now := s.now()
	p := &Person{ID: db.NewID(), CreatedAt: now, UpdatedAt: now, Version: 1}
	s.apply(p, in)
	scope := idem.Scope("person-create", u.ID)
	var existing string
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		// The key is remembered before the record is made, so that twins
		// of this request wait on it rather than on the audit trail, and
		// all but the first meet the unique index.
		if existing, err = idem.Seen(ctx, tx, scope, idempotencyKey); err != nil || existing != "" {
			return err
		}
		if err := idem.Remember(ctx, tx, scope, idempotencyKey, p.ID, now); err != nil {
			return err
		}
		if err := insertPerson(ctx, tx, p, u.ID); err != nil {
			return err
		}
		if u.Organisation.ID != p.OwnerOrgID {
			if err := access.Involve(ctx, tx, RecordType, p.ID, u.Organisation.ID, "created the record", now); err != nil {
				return err
			}
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Create, RecordType: RecordType, RecordID: p.ID, PersonID: p.ID})
	})
	if err != nil {
		if db.IsUniqueViolation(err) && idempotencyKey != "" {
			// A concurrent twin of this request won the race: answer with its record.
			return s.createdBy(ctx, scope, idempotencyKey)
		}
		return nil, errs.Wrap(err, "saving the person")
	}
	if existing != "" {
		return s.Get(ctx, existing)
	}
	rec := access.Record{Type: RecordType, ID: p.ID, OwnerOrgID: p.OwnerOrgID}
	if u.Organisation.ID != p.OwnerOrgID {
		rec.InvolvedOrg = []string{u.Organisation.ID}
	}
	s.permit(u, p, rec)
	if o, err := s.Orgs.GetOrganisation(ctx, p.OwnerOrgID); err == nil {
		p.OwnerOrgName = o.Name
	}
	return p, nil
}

// permit fills what u may do with the record, for the pages.
func (s *Service) permit(u *auth.User, p *Person, rec access.Record) {
	p.InvolvedOrgIDs, p.NamedUserIDs = rec.InvolvedOrg, rec.NamedUsers
	p.CanEdit = access.Edit(u, rec)
	p.CanSeeAudit = access.ViewAudit(u, rec)
	p.CanManageAccess = access.Manage(u, rec)
}

func (s *Service) createdBy(ctx context.Context, scope, key string) (*Person, error) {
	id, err := idem.Seen(ctx, s.DB.Read(), scope, key)
	if err != nil {
		return nil, err
	}
	if id == "" {
		return nil, errs.E(errs.Internal, "a repeated request's record was not found")
	}
	return s.Get(ctx, id)
}

// load reads a person with the access rules applied and fills the
// permissions the pages need. It does not audit.
func (s *Service) load(ctx context.Context, q db.Querier, u *auth.User, id string) (*Person, access.Record, error) {
	if !db.ValidID(id) {
		return nil, access.Record{}, errs.E(errs.NotFound, "There is no such person record")
	}
	p, err := loadPerson(ctx, q, id)
	if err != nil {
		return nil, access.Record{}, err
	}
	rec := access.Record{Type: RecordType, ID: p.ID, OwnerOrgID: p.OwnerOrgID, Restricted: p.Restricted}
	if err := access.Load(ctx, q, &rec); err != nil {
		return nil, rec, err
	}
	switch access.View(u, rec) {
	case access.None:
		// Answer as if there were no such record: its existence is not
		// the caller's to know.
		return nil, rec, errs.E(errs.NotFound, "There is no such person record")
	}
	if into, at, err := mergedInto(ctx, q, id); err != nil || into != "" {
		return nil, rec, cmp.Or(err, mergedError(id, into, at))
	}
	switch access.View(u, rec) {
	case access.Existence:
		p = &Person{ID: p.ID, OwnerOrgID: p.OwnerOrgID, Restricted: true, ContentHidden: true, Version: p.Version}
	default:
		if err := loadDetails(ctx, q, p); err != nil {
			return nil, rec, err
		}
	}
	s.permit(u, p, rec)
	if o, err := s.Orgs.GetOrganisation(ctx, p.OwnerOrgID); err == nil {
		p.OwnerOrgName = o.Name
	}
	return p, rec, nil
}

// Get returns a person as the signed-in user may see them, and records the
// view on the audit trail in the same transaction.
func (s *Service) Get(ctx context.Context, id string) (*Person, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	var p *Person
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if p, _, err = s.load(ctx, tx, u, id); err != nil {
			return err
		}
		detail := ""
		if p.ContentHidden {
			detail = "restricted record: content withheld"
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: RecordType, RecordID: p.ID, PersonID: p.ID, Detail: detail})
	})
	if err != nil {
		return nil, errs.Wrap(err, "reading the person")
	}
	return p, nil
}

// Update changes a person's details; the audit event names the fields that
// changed.
func (s *Service) Update(ctx context.Context, id string, in Input) (*Person, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	var p *Person
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var rec access.Record
		var err error
		if p, rec, err = s.load(ctx, tx, u, id); err != nil {
			return err
		}
		if !access.Edit(u, rec) {
			return errs.E(errs.Forbidden, "You do not have permission to change this record")
		}
		if in.Version != 0 && in.Version != p.Version {
			return errs.E(errs.Conflict, "Someone else changed this record while you were editing it. Your changes have not been saved: check the record and make them again.")
		}
		if err := s.validate(ctx, &in); err != nil {
			return err
		}
		before := InputOf(p)
		from := p.Version
		if in.OwnerOrgID != p.OwnerOrgID {
			// Moving a record to another authority is the owner's
			// decision; the old owner stays involved, so it does not
			// lose sight of the child.
			if !access.Manage(u, rec) {
				var v errs.Validation
				v.Add("owning_authority_id", "Only a lead or manager of the owning authority can move this record to another authority")
				return v.Err()
			}
			if err := access.Involve(ctx, tx, RecordType, p.ID, p.OwnerOrgID, "owned the record before", s.now()); err != nil {
				return err
			}
		}
		s.apply(p, in)
		changed := changedFields(before, InputOf(p))
		if changed.None() {
			return nil
		}
		p.UpdatedAt = s.now()
		if err := updatePerson(ctx, tx, p, from); err != nil {
			return err
		}
		p.Version = from + 1
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: RecordType, RecordID: p.ID,
			PersonID: p.ID, Detail: changed.Detail()})
	})
	if err != nil {
		return nil, errs.Wrap(err, "saving the person")
	}
	return p, nil
}

// changedFields names the fields that differ, never their values.
func changedFields(a, b Input) audit.Changes {
	var c audit.Changes
	add := c.Field
	add("kind", a.Kind == b.Kind)
	add("given name", a.GivenName == b.GivenName)
	add("family name", a.FamilyName == b.FamilyName)
	add("known-as names", slices.Equal(a.KnownAs, b.KnownAs))
	add("street names", slices.Equal(a.Aliases, b.Aliases))
	add("date of birth", a.DateOfBirth == b.DateOfBirth)
	add("estimated age", a.EstimatedAge == b.EstimatedAge)
	add("gender", a.Gender == b.Gender)
	add("ethnicity", a.Ethnicity == b.Ethnicity)
	add("NHS number", a.NHSNumber == b.NHSNumber)
	add("UPN", a.UPN == b.UPN)
	add("addresses", slices.Equal(a.Addresses, b.Addresses))
	add("phone numbers", slices.Equal(a.Phones, b.Phones))
	add("owning authority", a.OwnerOrgID == b.OwnerOrgID)
	return c
}

// ListQuery asks for a page of people, optionally matching a name search:
// PerPage of them (page.Default when 0, at most page.Max) after the cursor
// After, the Next of the page before ("" for the first page).
type ListQuery struct {
	Search  string
	After   string
	PerPage int
}

// ListResult is a page of people: Total of them in all (up to CountUpTo;
// More when there are more), and Next the cursor of the next page, "" on
// the last.
type ListResult struct {
	People  []Summary
	Total   int
	More    bool
	Next    string
	First   bool // the first page
	PerPage int
}

// List returns the people the signed-in user may see, a page at a time in
// name order. A search matches only records whose content the user may
// see; without a search, restricted records they may know of are listed
// without their details.
func (s *Service) List(ctx context.Context, q ListQuery) (ListResult, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return ListResult{}, err
	}
	q.PerPage = page.Size(q.PerPage)
	search := strings.TrimSpace(q.Search)
	if err := CheckSearch(search); err != nil {
		return ListResult{}, err
	}
	after, err := page.Parse(q.After, nameOrder, 3)
	if err != nil {
		return ListResult{}, err
	}
	f := listFilter{User: u, Search: search, After: after, Limit: q.PerPage + 1}
	total, more, err := countPeople(ctx, s.DB.Read(), f)
	if err != nil {
		return ListResult{}, errs.Wrap(err, "listing people")
	}
	rows, err := listPeople(ctx, s.DB.Read(), f)
	if err != nil {
		return ListResult{}, errs.Wrap(err, "listing people")
	}
	rows, next := page.Cut(rows, q.PerPage, nameOrder, func(p Summary) []string { return []string{p.familyKey, p.givenKey, p.ID} })
	for i := range rows {
		if !rows[i].Restricted {
			continue
		}
		rec := access.Record{Type: RecordType, ID: rows[i].ID, OwnerOrgID: rows[i].OwnerOrgID, Restricted: true}
		if err := access.Load(ctx, s.DB.Read(), &rec); err != nil {
			return ListResult{}, errs.Wrap(err, "listing people")
		}
		if access.View(u, rec) != access.Full {
			rows[i] = Summary{ID: rows[i].ID, OwnerOrgID: rows[i].OwnerOrgID, Restricted: true, ContentHidden: true}
		}
	}
	res := ListResult{People: rows, Total: total, More: more, Next: next, First: after == nil, PerPage: q.PerPage}
	// A list shows names and dates of birth, so it is a view of personal
	// data too: recorded with what was shown, never the search words.
	action, detail := audit.View, fmt.Sprintf("list of people, %d shown", len(rows))
	if search != "" {
		action, detail = audit.Search, fmt.Sprintf("name search, %d found, %d shown", total, len(rows))
	}
	// Each person whose row was shown has the list on their own trail; a
	// restricted record listed without its content showed no one.
	var shown []string
	for _, p := range rows {
		if !p.ContentHidden {
			shown = append(shown, p.ID)
		}
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		return s.Audit.Record(ctx, tx, audit.Event{Action: action, RecordType: "person-list", Detail: detail, Shown: shown})
	})
	if err != nil {
		return ListResult{}, errs.Wrap(err, "recording the list")
	}
	return res, nil
}

// The limits of a name search: each word is a condition on the names, so
// an unbounded search is unbounded work for the database.
const (
	MaxSearchLength = 200
	MaxSearchWords  = 10
)

// CheckSearch refuses a name search longer than MaxSearchLength characters
// or of more than MaxSearchWords words, as an error on the field q.
func CheckSearch(search string) error {
	switch {
	case text.TooLong(search, MaxSearchLength):
		return errs.FieldErr("q", fmt.Sprintf("Enter %d characters or fewer to search for", MaxSearchLength))
	case len(splitWords(search)) > MaxSearchWords:
		return errs.FieldErr("q", fmt.Sprintf("Enter %d words or fewer to search for", MaxSearchWords))
	}
	return nil
}

// WhoHasSeen returns who has seen and changed a person's record, newest first.
func (s *Service) WhoHasSeen(ctx context.Context, id string, limit int) (*Person, []audit.Event, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, nil, err
	}
	if !db.ValidID(id) {
		return nil, nil, errs.E(errs.NotFound, "There is no such person record")
	}
	var p *Person
	var events []audit.Event
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		stored, err := loadPerson(ctx, tx, id)
		if err != nil {
			return err
		}
		rec := access.Record{Type: RecordType, ID: id, OwnerOrgID: stored.OwnerOrgID, Restricted: stored.Restricted}
		if err := access.Load(ctx, tx, &rec); err != nil {
			return err
		}
		if !access.ViewAudit(u, rec) {
			if access.View(u, rec) == access.None {
				return errs.E(errs.NotFound, "There is no such person record")
			}
			return errs.E(errs.Forbidden, "Only managers and the data protection officer can see who has seen this record")
		}
		p = stored
		if access.View(u, rec) != access.Full {
			p = &Person{ID: id, OwnerOrgID: stored.OwnerOrgID, Restricted: true, ContentHidden: true}
		}
		if events, err = s.Audit.ForPerson(ctx, tx, id, limit); err != nil {
			return err
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: "person-audit", RecordID: id, PersonID: id,
			Detail: "viewed who has seen this record"})
	})
	if err != nil {
		return nil, nil, errs.Wrap(err, "reading the audit trail")
	}
	return p, events, nil
}
