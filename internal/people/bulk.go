package people

import (
	"context"
	"database/sql"
	"strings"

	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// NewRecord is one person for CreateMany, with the organisations involved
// with them besides the owner.
type NewRecord struct {
	Input          Input
	InvolvedOrgIDs []string
}

// CreateMany records many people in one transaction, each validated and
// audited: all are saved or none. It is for operators' loads (the demo
// data, imports), so the caller must be the command line (no signed-in
// user) or a user who may create records. A problem names the row.
func (s *Service) CreateMany(ctx context.Context, recs []NewRecord) ([]string, error) {
	u := auth.UserFrom(ctx)
	if u != nil && !access.Create(u) {
		return nil, errs.E(errs.Forbidden, "You do not have permission to create person records")
	}
	createdBy := "system"
	if u != nil {
		createdBy = u.ID
	}
	orgs, err := s.orgNames(ctx)
	if err != nil {
		return nil, err
	}
	isLA := func(id string) bool { return orgs[id].Type == auth.LocalAuthority }
	now := s.now()
	people := make([]*Person, len(recs))
	for i := range recs {
		in := recs[i].Input
		if err := in.validate(s.today(), isLA); err != nil {
			return nil, errs.E(errs.Invalid, "row %d: %s", i+1, describeInvalid(err))
		}
		p := &Person{ID: db.NewID(), CreatedAt: now, UpdatedAt: now, Version: 1}
		s.apply(p, in)
		people[i] = p
	}
	ids := make([]string, len(people))
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		for i, p := range people {
			if err := insertPerson(ctx, tx, p, createdBy); err != nil {
				return err
			}
			for _, org := range recs[i].InvolvedOrgIDs {
				if err := access.Involve(ctx, tx, RecordType, p.ID, org, "involved with the young person", now); err != nil {
					return err
				}
			}
			if err := s.Audit.Record(ctx, tx, audit.Event{Action: audit.Create, RecordType: RecordType, RecordID: p.ID,
				PersonID: p.ID, Detail: "loaded in bulk"}); err != nil {
				return err
			}
			ids[i] = p.ID
		}
		return nil
	})
	if err != nil {
		return nil, errs.Wrap(err, "saving people")
	}
	return ids, nil
}

// describeInvalid puts a validation error's problems on one line.
func describeInvalid(err error) string {
	var parts []string
	for _, f := range errs.Fields(err) {
		parts = append(parts, f.Field+": "+f.Message)
	}
	if len(parts) == 0 {
		return errs.Public(err)
	}
	return strings.Join(parts, "; ")
}
