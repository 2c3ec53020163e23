package people

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
)

// MergePreview is what merging a duplicate into a kept record would do,
// for the confirmation page.
type MergePreview struct {
	Keep, Duplicate *Person
	Moves           []LinkCount // linked rows that would move, by table
	Added           []string    // details the kept record would gain, in words
	Involve         int         // organisations that would become involved
	Restrict        bool        // the kept record would become restricted
	Name            int         // people who would be named on its restriction
}

// LinkCount is how many rows of a linked table refer to a record.
type LinkCount struct {
	Table string
	Rows  int
}

// PreviewMerge checks that the signed-in user may merge duplicateID into
// keepID and says what the merge would do. Showing both records is a view
// of each, audited as such.
func (s *Service) PreviewMerge(ctx context.Context, keepID, duplicateID string) (*MergePreview, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	req := MergeRequest{KeepID: keepID, DuplicateID: duplicateID, Reason: "preview"}
	if err := req.check(); err != nil {
		return nil, err
	}
	var pv MergePreview
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		pl, err := s.prepare(ctx, tx, u, req)
		if err != nil {
			return err
		}
		pv.Keep, pv.Duplicate = pl.before, pl.dup
		for _, l := range s.Links {
			if !l.valid() {
				return fmt.Errorf("people: link %q is not a plain table and column name", l.Table)
			}
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+l.Table+" WHERE "+l.PersonColumn+" = $1", pl.dup.ID).Scan(&n); err != nil {
				return fmt.Errorf("counting %s rows: %w", l.Table, err)
			}
			if n > 0 {
				pv.Moves = append(pv.Moves, LinkCount{Table: l.Table, Rows: n})
			}
		}
		for _, c := range pl.details {
			if w := detailWords(c); !slices.Contains(pv.Added, w) {
				pv.Added = append(pv.Added, w)
			}
		}
		pv.Involve, pv.Restrict, pv.Name = len(pl.involve), pl.restrict, len(pl.name)
		return s.Audit.RecordMany(ctx, tx, []audit.Event{
			{Action: audit.View, RecordType: RecordType, RecordID: keepID, PersonID: keepID, Detail: "compared with record " + duplicateID + " to merge"},
			{Action: audit.View, RecordType: RecordType, RecordID: duplicateID, PersonID: duplicateID, Detail: "compared with record " + keepID + " to merge"},
		})
	})
	if err != nil {
		return nil, errs.Wrap(err, "comparing the records")
	}
	return &pv, nil
}

// DuplicateCandidates returns the records that may be the same young person
// as p (as the signed-in user may see it), best first: matching on p's own
// details, leaving out p itself and records of the other kind.
func (s *Service) DuplicateCandidates(ctx context.Context, p *Person) ([]Match, error) {
	q := MatchQuery{GivenNames: p.GivenName, FamilyName: p.FamilyName, DateOfBirth: p.DateOfBirth}
	q.OtherNames = slices.Concat(p.KnownAs, p.Aliases)
	q.OtherNames = q.OtherNames[:min(len(q.OtherNames), 10)]
	if p.DateOfBirth.IsZero() && p.EstimatedAge > 0 {
		q.AgeYears = p.AgeOn(s.today())
	}
	for _, a := range p.Addresses {
		if a.Postcode != "" && len(q.Postcodes) < 10 {
			q.Postcodes = append(q.Postcodes, a.Postcode)
		}
	}
	q.Phones = p.Phones[:min(len(p.Phones), 10)]
	ms, err := s.Matches(ctx, q, 11)
	if err != nil {
		return nil, err
	}
	ms = slices.DeleteFunc(ms, func(m Match) bool { return m.PersonID == p.ID || m.Person.Kind != p.Kind })
	return ms[:min(len(ms), 10)], nil
}
