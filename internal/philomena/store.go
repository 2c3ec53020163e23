package philomena

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// The SQL of profiles and their photographs: this package's tables only.

var (
	errStale   = errs.E(errs.Conflict, "Someone else changed this profile while you were editing it. Reload the page to see their changes, then make yours again")
	errNoPhoto = errs.E(errs.NotFound, "There is no photograph on this profile")
)

const profileColumns = `p.id, p.person_id, p.looked_after, p.height, p.build, p.hair, p.eyes, p.marks, p.clothing,
	p.transport, p.conditions, p.medication, p.allergies, p.languages, p.placement, p.associates, p.locations, p.phones,
	p.created_at, p.updated_at, p.updated_by, p.updated_by_name, p.version,
	ph.content_type, ph.width, ph.height, LENGTH(ph.content), ph.uploaded_at, ph.uploaded_by_name`

// loadProfile reads the profile of a person record: the most recently
// changed, should a merge have brought two to one record. A record without
// one gets an empty Profile with Version 0.
func loadProfile(ctx context.Context, q db.Querier, personID string) (*Profile, error) {
	p := &Profile{PersonID: personID}
	var associates, locations, phones string
	var ctype, uploadedBy sql.NullString
	var width, height, size sql.NullInt64
	var uploadedAt time.Time
	err := q.QueryRowContext(ctx, "SELECT "+profileColumns+` FROM philomena_profiles p
		LEFT JOIN philomena_photos ph ON ph.profile_id = p.id
		WHERE p.person_id = $1 ORDER BY p.updated_at DESC, p.id LIMIT 1`, personID).Scan(
		&p.ID, &p.PersonID, &p.LookedAfter, &p.Height, &p.Build, &p.Hair, &p.Eyes, &p.Marks, &p.Clothing,
		&p.Transport, &p.Conditions, &p.Medication, &p.Allergies, &p.Languages, &p.Placement, &associates, &locations, &phones,
		db.ScanTime(&p.CreatedAt), db.ScanTime(&p.UpdatedAt), &p.UpdatedByID, &p.UpdatedByName, &p.Version,
		&ctype, &width, &height, &size, db.ScanTime(&uploadedAt), &uploadedBy)
	if errors.Is(err, sql.ErrNoRows) {
		p.Associates, p.Locations, p.Phones = []Associate{}, []Location{}, []string{}
		return p, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading a Philomena profile: %w", err)
	}
	for _, f := range []struct {
		s   string
		dst any
	}{{associates, &p.Associates}, {locations, &p.Locations}, {phones, &p.Phones}} {
		if err := json.Unmarshal([]byte(f.s), f.dst); err != nil {
			return nil, fmt.Errorf("reading a Philomena profile's rows: %w", err)
		}
	}
	if ctype.Valid {
		p.Photo = &PhotoInfo{ContentType: ctype.String, Width: int(width.Int64), Height: int(height.Int64),
			Bytes: int(size.Int64), UploadedAt: uploadedAt, UploadedByName: uploadedBy.String}
	}
	return p, nil
}

func rowsJSON(p *Profile) (associates, locations, phones string, err error) {
	var b [3][]byte
	for i, v := range []any{p.Associates, p.Locations, p.Phones} {
		if b[i], err = json.Marshal(v); err != nil {
			return "", "", "", err
		}
	}
	return string(b[0]), string(b[1]), string(b[2]), nil
}

// insertProfile saves a first profile. Its id is the person record's, so a
// second first save at the same moment is a conflict, not a second profile.
func insertProfile(ctx context.Context, tx *sql.Tx, p *Profile) error {
	associates, locations, phones, err := rowsJSON(p)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO philomena_profiles (id, person_id, looked_after, height, build, hair, eyes,
		marks, clothing, transport, conditions, medication, allergies, languages, placement, associates, locations, phones,
		created_at, updated_at, updated_by, updated_by_name, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)`,
		p.ID, p.PersonID, p.LookedAfter, p.Height, p.Build, p.Hair, p.Eyes, p.Marks, p.Clothing, p.Transport, p.Conditions,
		p.Medication, p.Allergies, p.Languages, p.Placement, associates, locations, phones,
		db.Time(p.CreatedAt), db.Time(p.UpdatedAt), p.UpdatedByID, p.UpdatedByName, p.Version)
	if db.IsUniqueViolation(err) {
		return errStale
	}
	if err != nil {
		return fmt.Errorf("saving a Philomena profile: %w", err)
	}
	return nil
}

// updateProfile saves p over the stored profile if it is still at
// fromVersion, and moves it to fromVersion+1.
func updateProfile(ctx context.Context, tx *sql.Tx, p *Profile, fromVersion int) error {
	associates, locations, phones, err := rowsJSON(p)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE philomena_profiles SET looked_after = $1, height = $2, build = $3, hair = $4,
		eyes = $5, marks = $6, clothing = $7, transport = $8, conditions = $9, medication = $10, allergies = $11,
		languages = $12, placement = $13, associates = $14, locations = $15, phones = $16, updated_at = $17,
		updated_by = $18, updated_by_name = $19, version = version + 1
		WHERE id = $20 AND version = $21`,
		p.LookedAfter, p.Height, p.Build, p.Hair, p.Eyes, p.Marks, p.Clothing, p.Transport, p.Conditions, p.Medication,
		p.Allergies, p.Languages, p.Placement, associates, locations, phones, db.Time(p.UpdatedAt),
		p.UpdatedByID, p.UpdatedByName, p.ID, fromVersion)
	if err != nil {
		return fmt.Errorf("saving a Philomena profile: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errStale
	}
	return nil
}

// touchProfile records that the profile changed (a new photograph) and
// moves its version on, if it is still at fromVersion.
func touchProfile(ctx context.Context, tx *sql.Tx, id string, fromVersion int, u *auth.User, now time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE philomena_profiles SET updated_at = $1, updated_by = $2, updated_by_name = $3,
		version = version + 1 WHERE id = $4 AND version = $5`, db.Time(now), u.ID, u.Name, id, fromVersion)
	if err != nil {
		return fmt.Errorf("saving a Philomena profile: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errStale
	}
	return nil
}

// savePhoto stores the profile's photograph, replacing any before it.
func savePhoto(ctx context.Context, tx *sql.Tx, profileID string, ph *Photo, u *auth.User, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO philomena_photos (profile_id, content, content_type, width, height,
		uploaded_at, uploaded_by, uploaded_by_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (profile_id) DO UPDATE SET content = excluded.content, content_type = excluded.content_type,
		width = excluded.width, height = excluded.height, uploaded_at = excluded.uploaded_at,
		uploaded_by = excluded.uploaded_by, uploaded_by_name = excluded.uploaded_by_name`,
		profileID, ph.Content, PhotoContentType, ph.Width, ph.Height, db.Time(now), u.ID, u.Name)
	if err != nil {
		return fmt.Errorf("saving a photograph: %w", err)
	}
	return nil
}

// loadPhoto reads the stored photograph's bytes.
func loadPhoto(ctx context.Context, q db.Querier, profileID string) ([]byte, error) {
	var b []byte
	err := q.QueryRowContext(ctx, "SELECT content FROM philomena_photos WHERE profile_id = $1", profileID).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoPhoto
	}
	if err != nil {
		return nil, fmt.Errorf("reading a photograph: %w", err)
	}
	return b, nil
}
