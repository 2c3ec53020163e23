package people

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// Merge merges the record duplicateID into keepID, for a lead or manager
// who may manage both: see MergeRecords.
func (s *Service) Merge(ctx context.Context, keepID, duplicateID, reason string) (*Merge, error) {
	return s.MergeRecords(ctx, MergeRequest{KeepID: keepID, DuplicateID: duplicateID, Reason: reason})
}

// MergeRecords merges two records of the same young person in one
// transaction. Every row that Links registers moves from the duplicate to
// the kept record; the duplicate's organisations involved and named users
// are added to the kept record (a restricted duplicate makes it
// restricted); its names, phone numbers, addresses and identifiers are
// added where the kept record lacks them. The duplicate stays as a
// tombstone, out of lists, searches and matches. Both records' trails
// record the merge. Different NHS numbers or UPNs are refused.
func (s *Service) MergeRecords(ctx context.Context, req MergeRequest) (*Merge, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	req.Reason = strings.TrimSpace(req.Reason)
	if err := req.check(); err != nil {
		return nil, err
	}
	m := &Merge{ID: db.NewID(), KeptID: req.KeepID, DuplicateID: req.DuplicateID, Reason: req.Reason,
		MergedBy: u.ID, MergedByName: u.Name, MergedAt: s.now()}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := lockPeople(ctx, tx, req.KeepID, req.DuplicateID); err != nil {
			return err
		}
		pl, err := s.prepare(ctx, tx, u, req)
		if err != nil {
			return err
		}
		keep, dup := pl.keep, pl.dup
		for _, l := range s.Links {
			if !l.valid() {
				return fmt.Errorf("people: link %q is not a plain table and column name", l.Table)
			}
			ids, err := moveLinked(ctx, tx, l, dup.ID, keep.ID)
			if err != nil {
				return err
			}
			for _, id := range ids {
				m.Changes = append(m.Changes, MergeChange{Kind: changeRow, Table: l.Table, Column: l.IDColumn + "/" + l.PersonColumn, RowID: id})
			}
		}
		if len(pl.details) > 0 {
			keep.UpdatedAt = m.MergedAt
			if err := updatePerson(ctx, tx, keep, keep.Version); err != nil {
				return err
			}
			m.Changes = append(m.Changes, pl.details...)
		}
		for _, org := range pl.involve {
			if err := access.Involve(ctx, tx, RecordType, keep.ID, org, "involved with a record merged into this one", m.MergedAt); err != nil {
				return err
			}
			m.Changes = append(m.Changes, MergeChange{Kind: changeInvolvement, Value: org})
		}
		if pl.restrict {
			if err := setRestricted(ctx, tx, keep.ID, true, m.MergedAt); err != nil {
				return err
			}
			m.Changes = append(m.Changes, MergeChange{Kind: changeRestricted})
		}
		if len(pl.name) > 0 {
			if err := access.SetNamedUsers(ctx, tx, RecordType, keep.ID, slices.Concat(pl.keepRec.NamedUsers, pl.name), m.MergedAt); err != nil {
				return err
			}
			for _, id := range pl.name {
				m.Changes = append(m.Changes, MergeChange{Kind: changeNamed, Value: id})
			}
		}
		if err := setTombstone(ctx, tx, dup.ID, keep.ID, dup.Version, m.MergedAt); err != nil {
			return err
		}
		if err := clearMatchKeys(ctx, tx, dup.ID); err != nil {
			return err
		}
		if err := insertMerge(ctx, tx, m); err != nil {
			return err
		}
		summary := summarise(m.Changes, 0)
		return s.Audit.RecordMany(ctx, tx, []audit.Event{
			{Action: audit.Merge, RecordType: RecordType, RecordID: keep.ID, PersonID: keep.ID,
				Detail: "merge " + m.ID + ": record " + dup.ID + " merged into this record; " + summary},
			{Action: audit.Merge, RecordType: RecordType, RecordID: dup.ID, PersonID: dup.ID,
				Detail: "merge " + m.ID + ": this record merged into record " + keep.ID + "; " + summary},
		})
	})
	if err != nil {
		return nil, errs.Wrap(err, "merging the records")
	}
	return m, nil
}

func (r MergeRequest) check() error {
	var v errs.Validation
	switch {
	case strings.TrimSpace(r.DuplicateID) == "":
		v.Add("duplicate_id", "Select the duplicate record, or enter its record number")
	case r.DuplicateID == r.KeepID:
		v.Add("duplicate_id", "Select a different record: a record cannot be merged with itself")
	}
	switch {
	case r.Reason == "":
		v.Add("reason", "Enter why these records are the same young person")
	case utf8.RuneCountInString(r.Reason) > 500:
		v.Add("reason", "The reason must be 500 characters or fewer")
	}
	return v.Err()
}

// mergePlan is what a merge will do, worked out under the row locks.
type mergePlan struct {
	keep, dup       *Person // keep with the duplicate's details added
	before          *Person // keep as it is
	keepRec, dupRec access.Record
	details         []MergeChange
	involve, name   []string
	restrict        bool
}

// prepare loads both records and checks that u may merge them, then works
// out what the merge adds to the kept record.
func (s *Service) prepare(ctx context.Context, q db.Querier, u *auth.User, req MergeRequest) (*mergePlan, error) {
	var pl mergePlan
	var into string
	var err error
	if pl.keep, pl.keepRec, into, err = s.loadAny(ctx, q, u, req.KeepID); err != nil {
		return nil, err
	}
	if into != "" {
		return nil, errs.E(errs.Conflict, "This record has been merged into another record, so nothing can be merged into it.")
	}
	pl.dup, pl.dupRec, into, err = s.loadAny(ctx, q, u, req.DuplicateID)
	if errs.Is(err, errs.NotFound) {
		var v errs.Validation
		v.Add("duplicate_id", "There is no record with that number that you can see")
		return nil, v.Err()
	}
	if err != nil {
		return nil, err
	}
	if into != "" {
		var v errs.Validation
		v.Add("duplicate_id", "That record has already been merged into another record")
		return nil, v.Err()
	}
	if !access.Merge(u, pl.keepRec, pl.dupRec) {
		return nil, errs.E(errs.Forbidden, "Only leads and managers of the owning authority, who can see both records in full, can merge them")
	}
	if pl.keep.Kind != pl.dup.Kind {
		var v errs.Validation
		v.Add("duplicate_id", "One record is of a child and the other of an adult: only two records of children, or two of adults, can be merged")
		return nil, v.Err()
	}
	if (req.KeepVersion != 0 && req.KeepVersion != pl.keep.Version) || (req.DuplicateVersion != 0 && req.DuplicateVersion != pl.dup.Version) {
		return nil, errs.E(errs.Conflict, staleMerge)
	}
	before := *pl.keep
	before.KnownAs, before.Aliases = slices.Clone(pl.keep.KnownAs), slices.Clone(pl.keep.Aliases)
	before.Phones, before.Addresses = slices.Clone(pl.keep.Phones), slices.Clone(pl.keep.Addresses)
	pl.before = &before
	if pl.details, err = addDetails(pl.keep, pl.dup); err != nil {
		return nil, err
	}
	for _, org := range append([]string{pl.dup.OwnerOrgID}, pl.dupRec.InvolvedOrg...) {
		if org != pl.keep.OwnerOrgID && !slices.Contains(pl.keepRec.InvolvedOrg, org) && !slices.Contains(pl.involve, org) {
			pl.involve = append(pl.involve, org)
		}
	}
	if pl.dupRec.Restricted {
		pl.restrict = !pl.keepRec.Restricted
		for _, id := range pl.dupRec.NamedUsers {
			if !slices.Contains(pl.keepRec.NamedUsers, id) {
				pl.name = append(pl.name, id)
			}
		}
	}
	return &pl, nil
}

// loadAny reads a record for merging, tombstone or not, and says where it
// was merged to. The caller must see it in full.
func (s *Service) loadAny(ctx context.Context, q db.Querier, u *auth.User, id string) (*Person, access.Record, string, error) {
	if !db.ValidID(id) {
		return nil, access.Record{}, "", errs.E(errs.NotFound, "There is no such person record")
	}
	p, err := loadPerson(ctx, q, id)
	if err != nil {
		return nil, access.Record{}, "", err
	}
	into, _, err := mergedInto(ctx, q, id)
	if err != nil {
		return nil, access.Record{}, "", err
	}
	rec := access.Record{Type: RecordType, ID: p.ID, OwnerOrgID: p.OwnerOrgID, Restricted: p.Restricted}
	if err := access.Load(ctx, q, &rec); err != nil {
		return nil, rec, "", err
	}
	switch access.View(u, rec) {
	case access.None:
		return nil, rec, "", errs.E(errs.NotFound, "There is no such person record")
	case access.Existence:
		return nil, rec, "", errs.E(errs.Forbidden, "You can only merge records you can see in full, and one of these is restricted")
	}
	if err := loadDetails(ctx, q, p); err != nil {
		return nil, rec, "", err
	}
	s.permit(u, p, rec)
	if o, err := s.Orgs.GetOrganisation(ctx, p.OwnerOrgID); err == nil {
		p.OwnerOrgName = o.Name
	}
	return p, rec, into, nil
}

// summarise says what a merge did (or how much of it an undo left), in
// words holding no personal data: counts, tables and field names.
func summarise(changes []MergeChange, left int) string {
	moved := map[string]int{}
	var tables, added []string
	involved, named, restricted := 0, 0, false
	for _, c := range changes {
		switch c.Kind {
		case changeRow:
			if moved[c.Table] == 0 {
				tables = append(tables, c.Table)
			}
			moved[c.Table]++
		case changeInvolvement:
			involved++
		case changeNamed:
			named++
		case changeRestricted:
			restricted = true
		default:
			if w := detailWords(c); !slices.Contains(added, w) {
				added = append(added, w)
			}
		}
	}
	var parts []string
	for _, t := range tables {
		parts = append(parts, fmt.Sprintf("%d %s %s", moved[t], t, plural(moved[t], "row", "rows")))
	}
	out := "moved " + strings.Join(parts, ", ")
	if len(parts) == 0 {
		out = "moved no linked rows"
	}
	if len(added) > 0 {
		out += "; details: " + strings.Join(added, ", ")
	}
	if involved > 0 {
		out += fmt.Sprintf("; %d %s involved", involved, plural(involved, "organisation", "organisations"))
	}
	if restricted {
		out += "; restricted"
	}
	if named > 0 {
		out += fmt.Sprintf("; %d named %s", named, plural(named, "person", "people"))
	}
	if left > 0 {
		out += fmt.Sprintf("; %d %s changed since the merge left as they are", left, plural(left, "detail", "details"))
	}
	return out
}

func detailWords(c MergeChange) string {
	switch c.Kind {
	case changeKnownAs:
		return "known-as names"
	case changeAlias:
		return "street names"
	case changePhone:
		return "phone numbers"
	case changeAddress:
		return "addresses"
	}
	return fieldWords[c.Column]
}
