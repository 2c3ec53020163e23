package people

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"mace/internal/people/match"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// Import records many people in one transaction, as CreateMany does (each
// validated, each creation on the audit trail, all saved or none), but
// writes many rows to a statement: for large loads, such as an authority's
// existing records or the matching benchmark's million. The match keys are
// made by the same functions as for every other create. The caller must be
// the command line (no signed-in user) or a user who may create records.
func (s *Service) Import(ctx context.Context, recs []NewRecord) ([]string, error) {
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
	now, today := s.now(), s.today()
	people := make([]*Person, len(recs))
	ids := make([]string, len(recs))
	for i := range recs {
		in := recs[i].Input
		if err := in.validate(today, isLA); err != nil {
			return nil, errs.E(errs.Invalid, "row %d: %s", i+1, describeInvalid(err))
		}
		p := &Person{ID: db.NewID(), CreatedAt: now, UpdatedAt: now, Version: 1}
		s.apply(p, in)
		people[i], ids[i] = p, p.ID
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := importRows(ctx, tx, people, createdBy); err != nil {
			return err
		}
		keys := make(map[string][]int64, len(people))
		delta := map[int64]int{}
		events := make([]audit.Event, 0, len(people))
		for i, p := range people {
			keys[p.ID] = match.Keys(matchPerson(p))
			for _, k := range keys[p.ID] {
				if match.IsFrequencyKey(k) {
					delta[k]++
				}
			}
			for _, org := range recs[i].InvolvedOrgIDs {
				if err := access.Involve(ctx, tx, RecordType, p.ID, org, "involved with the young person", now); err != nil {
					return err
				}
			}
			events = append(events, audit.Event{Action: audit.Create, RecordType: RecordType, RecordID: p.ID,
				PersonID: p.ID, Detail: "loaded in bulk"})
		}
		if err := insertMatchKeys(ctx, tx, keys); err != nil {
			return err
		}
		if err := addCounts(ctx, tx, delta); err != nil {
			return err
		}
		return s.Audit.RecordMany(ctx, tx, events)
	})
	if err != nil {
		return nil, errs.Wrap(err, "saving people")
	}
	return ids, nil
}

// rowWriter gathers rows for one table and writes them many to a statement.
type rowWriter struct {
	ctx    context.Context
	tx     *sql.Tx
	head   string // INSERT INTO t (columns) VALUES
	cols   int
	a      db.Args
	values []string
}

func (w *rowWriter) add(vals ...any) error {
	ph := make([]string, len(vals))
	for i, v := range vals {
		ph[i] = w.a.Add(v)
	}
	w.values = append(w.values, "("+strings.Join(ph, ", ")+")")
	if len(w.a) >= maxArgs-w.cols {
		return w.flush()
	}
	return nil
}

func (w *rowWriter) flush() error {
	if len(w.values) == 0 {
		return nil
	}
	_, err := w.tx.ExecContext(w.ctx, w.head+strings.Join(w.values, ", "), w.a...)
	w.a, w.values = w.a[:0], w.values[:0]
	if err != nil {
		return fmt.Errorf("importing people: %w", err)
	}
	return nil
}

// importRows writes the people and their names, addresses and phone
// numbers, as insertPerson and writeDetails do one at a time.
func importRows(ctx context.Context, tx *sql.Tx, people []*Person, createdBy string) error {
	w := func(head string, cols int) *rowWriter { return &rowWriter{ctx: ctx, tx: tx, head: head, cols: cols} }
	pw := w(`INSERT INTO people (id, kind, given_name, family_name, given_key, family_key, date_of_birth, estimated_age,
		estimated_on, gender, ethnicity, nhs_number, upn, owner_org_id, restricted, created_by, created_at, updated_at, version) VALUES `, 19)
	nw := w("INSERT INTO person_names (person_id, kind, name, name_key, position) VALUES ", 5)
	ww := w("INSERT INTO person_name_words (person_id, word) VALUES ", 2)
	aw := w("INSERT INTO person_addresses (person_id, position, line, town, postcode, current) VALUES ", 6)
	fw := w("INSERT INTO person_phones (person_id, position, number) VALUES ", 3)
	for _, p := range people {
		err := pw.add(p.ID, p.Kind, p.GivenName, p.FamilyName, nameKey(p.GivenName), nameKey(p.FamilyName),
			p.DateOfBirth, nullInt(p.EstimatedAge), p.EstimatedOn, p.Gender, p.Ethnicity, p.NHSNumber, p.UPN,
			p.OwnerOrgID, p.Restricted, createdBy, db.Time(p.CreatedAt), db.Time(p.UpdatedAt), 1)
		if err != nil {
			return err
		}
	}
	if err := pw.flush(); err != nil {
		return err
	}
	for _, p := range people {
		for kind, names := range map[string][]string{"known-as": p.KnownAs, "alias": p.Aliases} {
			for i, n := range names {
				if err := nw.add(p.ID, kind, n, nameKey(n), i); err != nil {
					return err
				}
			}
		}
		for _, word := range nameWords(p) {
			if err := ww.add(p.ID, word); err != nil {
				return err
			}
		}
		for i, a := range p.Addresses {
			if err := aw.add(p.ID, i, a.Line, a.Town, a.Postcode, a.Current); err != nil {
				return err
			}
		}
		for i, n := range p.Phones {
			if err := fw.add(p.ID, i, n); err != nil {
				return err
			}
		}
	}
	for _, x := range []*rowWriter{nw, ww, aw, fw} {
		if err := x.flush(); err != nil {
			return err
		}
	}
	return nil
}

// maxArgs bounds the arguments of one multi-row statement, well under
// either database's limit (SQLite's is 32,766, PostgreSQL's 65,535).
const maxArgs = 4000
