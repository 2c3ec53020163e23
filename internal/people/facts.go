package people

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"mace/internal/platform/access"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// Facts is what other features need of a person record to decide on
// content about the person and to name them: the name, kind, date of
// birth, the record it was merged into, and its access facts. It is read in
// the caller's transaction, so a feature's check and its write see the same
// record.
type Facts struct {
	ID          string
	Name        string // given and family name
	Kind        string // Child or Adult
	DateOfBirth civil.Date
	MergedInto  string // the record this one was merged into, if any
	Record      access.Record
}

// ErrNoPerson is the NotFound error for a person record that does not exist.
var ErrNoPerson = errs.E(errs.NotFound, "There is no such person record")

const factsColumns = `id, kind, given_name, family_name, date_of_birth, owner_org_id, restricted, merged_into`

func scanFacts(row interface{ Scan(...any) error }) (*Facts, error) {
	var f Facts
	var given, family string
	var dob, merged sql.NullString
	if err := row.Scan(&f.ID, &f.Kind, &given, &family, &dob, &f.Record.OwnerOrgID, &f.Record.Restricted, &merged); err != nil {
		return nil, err
	}
	f.Name, f.MergedInto = strings.TrimSpace(given+" "+family), merged.String
	f.Record.Type, f.Record.ID = RecordType, f.ID
	if dob.Valid && dob.String != "" {
		d, err := civil.Parse(dob.String)
		if err != nil {
			return nil, fmt.Errorf("reading a date of birth: %w", err)
		}
		f.DateOfBirth = d
	}
	return &f, nil
}

// LoadFacts reads the facts of the person record id, or ErrNoPerson.
func LoadFacts(ctx context.Context, q db.Querier, id string) (*Facts, error) {
	if !db.ValidID(id) {
		return nil, ErrNoPerson
	}
	f, err := scanFacts(q.QueryRowContext(ctx, "SELECT "+factsColumns+" FROM people WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNoPerson
	}
	if err != nil {
		return nil, fmt.Errorf("reading a person record: %w", err)
	}
	if err := access.Load(ctx, q, &f.Record); err != nil {
		return nil, err
	}
	return f, nil
}

// LoadManyFacts reads the facts of many person records at once, by id; ids
// with no record are left out.
func LoadManyFacts(ctx context.Context, q db.Querier, ids []string) (map[string]*Facts, error) {
	out := map[string]*Facts{}
	var valid []string
	for _, id := range ids {
		if db.ValidID(id) {
			valid = append(valid, id)
		}
	}
	err := db.Chunks(db.Distinct(valid), func(part []string) error {
		var a db.Args
		rows, err := q.QueryContext(ctx, "SELECT "+factsColumns+" FROM people WHERE id IN "+a.In(part), a...)
		if err != nil {
			return fmt.Errorf("reading person records: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			f, err := scanFacts(rows)
			if err != nil {
				return err
			}
			out[f.ID] = f
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	records := make(map[string]*access.Record, len(out))
	for id, f := range out {
		records[id] = &f.Record
	}
	if err := access.LoadMany(ctx, q, RecordType, records); err != nil {
		return nil, err
	}
	return out, nil
}
