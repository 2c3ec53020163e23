package people

import (
	"context"
	"database/sql"
	"slices"

	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// UndoMerge reverses exactly what a merge did, in one transaction: the rows
// it moved go back to the duplicate, the details, involvement and
// restriction it added to the kept record are taken away, the tombstone is
// cleared and both records' match keys are rebuilt. A detail changed since
// the merge is left as it is; if a moved row has since been deleted or
// moved again, nothing is undone and the error says which.
func (s *Service) UndoMerge(ctx context.Context, mergeID string) error {
	u, err := auth.Actor(ctx)
	if err != nil {
		return err
	}
	if !db.ValidID(mergeID) {
		return errs.E(errs.NotFound, "There is no such merge")
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		m, err := loadMerge(ctx, tx, mergeID)
		if err != nil {
			return err
		}
		if err := lockPeople(ctx, tx, m.KeptID, m.DuplicateID); err != nil {
			return err
		}
		keep, keepRec, into, err := s.loadAny(ctx, tx, u, m.KeptID)
		if errs.Is(err, errs.NotFound) {
			return errs.E(errs.NotFound, "There is no such merge")
		}
		if err != nil {
			return err
		}
		if into != "" {
			return errs.E(errs.Conflict, "The kept record has since been merged into another record: undo that merge first.")
		}
		dup, dupRec, into, err := s.loadAny(ctx, tx, u, m.DuplicateID)
		if err != nil {
			return err
		}
		if !access.Merge(u, keepRec, dupRec) {
			return errs.E(errs.Forbidden, "Only leads and managers of the owning authority, who can see both records in full, can undo this merge")
		}
		if m.Undone() {
			return errs.E(errs.Conflict, "This merge has already been undone")
		}
		if into != m.KeptID {
			return errs.E(errs.Conflict, "This merge cannot be undone: the merged record no longer points to the kept record.")
		}
		now := s.now()
		for _, c := range m.Changes {
			if c.Kind == changeRow {
				if err := moveBack(ctx, tx, c, keep.ID, dup.ID); err != nil {
					return err
				}
			}
		}
		removed, left := removeDetails(keep, m.Changes)
		if removed > 0 {
			keep.UpdatedAt = now
			if err := updatePerson(ctx, tx, keep, keep.Version); err != nil {
				return err
			}
		} else if err := syncMatchKeys(ctx, tx, keep, false); err != nil {
			return err
		}
		named, unname, lift := keepRec.NamedUsers, false, false
		for _, c := range m.Changes {
			switch c.Kind {
			case changeInvolvement:
				if err := access.Uninvolve(ctx, tx, RecordType, keep.ID, c.Value); err != nil {
					return err
				}
			case changeNamed:
				named, unname = slices.DeleteFunc(named, func(id string) bool { return id == c.Value }), true
			case changeRestricted:
				lift = keepRec.Restricted
			}
		}
		if lift {
			// The restriction came with the merge: lifting it clears the
			// named users, as lifting any restriction does.
			if err := setRestricted(ctx, tx, keep.ID, false, now); err != nil {
				return err
			}
			named, unname = nil, true
		}
		if unname {
			if err := access.SetNamedUsers(ctx, tx, RecordType, keep.ID, named, now); err != nil {
				return err
			}
		}
		if err := setTombstone(ctx, tx, dup.ID, "", dup.Version, now); err != nil {
			return err
		}
		if err := syncMatchKeys(ctx, tx, dup, false); err != nil {
			return err
		}
		if err := markUndone(ctx, tx, m.ID, u.ID, now); err != nil {
			return err
		}
		summary := summarise(m.Changes, left)
		return s.Audit.RecordMany(ctx, tx, []audit.Event{
			{Action: audit.Unmerge, RecordType: RecordType, RecordID: keep.ID, PersonID: keep.ID,
				Detail: "undid merge " + m.ID + " of record " + dup.ID + " into this record; " + summary},
			{Action: audit.Unmerge, RecordType: RecordType, RecordID: dup.ID, PersonID: dup.ID,
				Detail: "undid merge " + m.ID + " of this record into record " + keep.ID + "; " + summary},
		})
	})
	return errs.Wrap(err, "undoing the merge")
}

// MergeHistory lists the merges into and of a person's record, newest
// first, for those who may see it in full, saying which the signed-in user
// may undo.
func (s *Service) MergeHistory(ctx context.Context, personID string) ([]*Merge, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	read := s.DB.Read()
	p, rec, _, err := s.loadAny(ctx, read, u, personID)
	if err != nil {
		return nil, err
	}
	ms, err := mergesOf(ctx, read, p.ID)
	if err != nil {
		return nil, errs.Wrap(err, "reading the merge history")
	}
	names := map[string]string{}
	if len(ms) > 0 {
		staff, err := s.Orgs.ListUsers(ctx, p.OwnerOrgID)
		if err != nil {
			return nil, err
		}
		for _, st := range staff {
			names[st.ID] = st.Name
		}
	}
	for _, m := range ms {
		m.MergedByName, m.UndoneByName = names[m.MergedBy], names[m.UndoneBy]
		m.CanUndo = !m.Undone() && m.KeptID == p.ID && access.Manage(u, rec)
	}
	return ms, nil
}
