package missingimport

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"mace/internal/platform/db"
	"mace/internal/platform/page"
)

// The SQL of imports: the import and review tables.

// importRecord is a stored import.
type importRecord struct {
	ID, FileName, Checksum, State, CreatedBy, OrganisationID string
	// AuthorityID is the local authority the import is made for.
	AuthorityID            string
	Content                []byte
	Rows                   int
	Preview, Summary       string
	CreatedAt, CommittedAt time.Time
}

func insertImport(ctx context.Context, tx *sql.Tx, r *importRecord) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO missing_imports (id, file_name, checksum, content, row_count, state,
		preview, summary, created_by, organisation_id, authority_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		r.ID, r.FileName, r.Checksum, string(r.Content), r.Rows, r.State, r.Preview, r.Summary, r.CreatedBy,
		r.OrganisationID, db.NullText(r.AuthorityID), db.Time(r.CreatedAt))
	if err != nil {
		return fmt.Errorf("saving the import: %w", err)
	}
	return nil
}

// loadImport reads an import; with content false, without the file.
func loadImport(ctx context.Context, q db.Querier, id string, content bool) (*importRecord, error) {
	var r importRecord
	var body string
	col := "''"
	if content {
		col = "content"
	}
	err := q.QueryRowContext(ctx, `SELECT id, file_name, checksum, `+col+`, row_count, state, preview, summary,
		created_by, organisation_id, COALESCE(authority_id, ''), created_at, committed_at FROM missing_imports WHERE id = $1`, id).Scan(
		&r.ID, &r.FileName, &r.Checksum, &body, &r.Rows, &r.State, &r.Preview, &r.Summary, &r.CreatedBy,
		&r.OrganisationID, &r.AuthorityID, db.ScanTime(&r.CreatedAt), db.ScanTime(&r.CommittedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoImport
	}
	if err != nil {
		return nil, fmt.Errorf("reading the import: %w", err)
	}
	r.Content = []byte(body)
	return &r, nil
}

// saveImportState saves an import's state, preview and summary, unless it
// has been committed meanwhile (errAlreadyImported): the check is in the
// UPDATE itself, so a preview run late, or a second commit, never
// overwrites a commit.
func saveImportState(ctx context.Context, q db.Querier, r *importRecord) error {
	res, err := q.ExecContext(ctx, `UPDATE missing_imports SET state = $1, preview = $2, summary = $3, committed_at = $4
		WHERE id = $5 AND state <> $6`, r.State, r.Preview, r.Summary, db.Time(r.CommittedAt), r.ID, ImportCommitted)
	if err != nil {
		return fmt.Errorf("saving the import: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errors.Join(err, errAlreadyImported)
	}
	return nil
}

// Review is a row of a committed import waiting for a coordinator to
// choose the young person's record, or done.
type Review struct {
	ImportID        string    `json:"import_id"`
	Line            int       `json:"line"`
	PoliceOrgID     string    `json:"police_organisation_id"`
	PoliceReference string    `json:"police_reference"`
	Reason          string    `json:"reason"`
	State           string    `json:"state"`
	PersonID        string    `json:"person_id,omitempty"`
	EpisodeID       string    `json:"episode_id,omitempty"`
	CreatedAt       time.Time `json:"created_at"`
	// OwnerOrgID is the authority whose coordinators decide the row;
	// CandidateID the record it best matched, if any (never shown: the
	// reviewer sees the matches they may see).
	OwnerOrgID  string `json:"-"`
	CandidateID string `json:"-"`
	// Row is the row as the file gave it (filled when one review is read).
	Row *Row `json:"row,omitempty"`
}

// States of a review.
const (
	ReviewOpen     = "open"
	ReviewImported = "imported"
)

func insertReviews(ctx context.Context, tx *sql.Tx, list []Review) error {
	return db.Chunks(list, func(part []Review) error {
		var a db.Args
		values := make([]string, len(part))
		for i, r := range part {
			values[i] = "(" + strings.Join([]string{a.Add(r.ImportID), a.Add(r.Line), a.Add(db.NullText(r.PoliceOrgID)),
				a.Add(r.PoliceReference), a.Add(r.Reason), a.Add(r.State), a.Add(db.Time(r.CreatedAt)),
				a.Add(db.NullText(r.OwnerOrgID)), a.Add(db.NullText(r.CandidateID))}, ", ") + ")"
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO missing_import_reviews (import_id, line, police_org_id, police_reference,
			reason, state, created_at, owner_org_id, candidate_id) VALUES `+strings.Join(values, ", ")+` ON CONFLICT (import_id, line) DO NOTHING`, a...)
		if err != nil {
			return fmt.Errorf("saving the rows to review: %w", err)
		}
		return nil
	})
}

const reviewColumns = `import_id, line, COALESCE(police_org_id, ''), police_reference, reason, state,
	COALESCE(person_id, ''), COALESCE(episode_id, ''), created_at, COALESCE(owner_org_id, ''), COALESCE(candidate_id, '')`

func scanReview(row interface{ Scan(...any) error }) (Review, error) {
	var r Review
	err := row.Scan(&r.ImportID, &r.Line, &r.PoliceOrgID, &r.PoliceReference, &r.Reason, &r.State, &r.PersonID,
		&r.EpisodeID, db.ScanTime(&r.CreatedAt), &r.OwnerOrgID, &r.CandidateID)
	return r, err
}

// reviewOrder names the order of the list of rows to review (oldest
// first, then by import and line), for its cursors.
const reviewOrder = "reviews-oldest-first"

// reviewKeys are the sort keys of r, for the cursor after it.
func reviewKeys(r Review) []string {
	at, _ := db.Time(r.CreatedAt).(string)
	return []string{at, r.ImportID, strconv.Itoa(r.Line)}
}

// listReviews lists up to limit rows to review cond picks, oldest first,
// after the row with the sort keys after (reviewKeys) when given.
func listReviews(ctx context.Context, q db.Querier, cond string, a db.Args, after []string, limit int) ([]Review, error) {
	if len(after) == 3 {
		line, err := strconv.Atoi(after[2])
		if err != nil {
			return nil, page.Bad()
		}
		cond += " AND (created_at, import_id, line) > (" + a.Add(after[0]) + ", " + a.Add(after[1]) + ", " + a.Add(line) + ")"
	}
	rows, err := q.QueryContext(ctx, "SELECT "+reviewColumns+" FROM missing_import_reviews WHERE "+cond+
		" ORDER BY created_at, import_id, line LIMIT "+a.Add(limit), a...)
	if err != nil {
		return nil, fmt.Errorf("listing rows to review: %w", err)
	}
	defer rows.Close()
	out := []Review{}
	for rows.Next() {
		r, err := scanReview(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func loadReview(ctx context.Context, q db.Querier, importID string, line int) (*Review, error) {
	r, err := scanReview(q.QueryRowContext(ctx, "SELECT "+reviewColumns+
		" FROM missing_import_reviews WHERE import_id = $1 AND line = $2", importID, line))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoReview
	}
	if err != nil {
		return nil, fmt.Errorf("reading a row to review: %w", err)
	}
	return &r, nil
}

func resolveReview(ctx context.Context, tx *sql.Tx, r *Review, userID string, at time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE missing_import_reviews SET state = $1, person_id = $2, episode_id = $3,
		resolved_by = $4, resolved_at = $5 WHERE import_id = $6 AND line = $7 AND state = $8`,
		ReviewImported, r.PersonID, db.NullText(r.EpisodeID), userID, db.Time(at), r.ImportID, r.Line, ReviewOpen)
	if err != nil {
		return fmt.Errorf("saving the review: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errors.Join(err, errReviewDone)
	}
	return nil
}
