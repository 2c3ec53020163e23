// Package missingimport imports the police forces' missing notifications:
// a CSV file is uploaded, previewed (every row checked by the episode's
// rules and matched to a person record) and committed through the missing
// service; rows no record certainly matches go on a review list for a
// missing coordinator. It owns the import and review tables.
package missingimport

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"mace/internal/missing"
	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/jobs"
	"mace/internal/platform/text"
)

// Importing the police forces' missing notifications: a CSV file (layout in
// Columns) is uploaded and kept; the preview reads, checks and matches
// every row without writing an episode; the commit imports every good row
// in one transaction, from exactly the file previewed. The police
// reference identifies an episode, so importing a file again changes
// nothing, and a row with an end closes the open episode. Rows whose young
// person no record certainly matches go on a review list for a coordinator.
//
// A notification is about a young person whoever may see their record, so
// rows are matched across every record (people.MatchManyAcross), but the
// uploader learns only what they may see, and a row is imported at once
// only onto a record the importer may add to (access.ImportRow, which says
// who imports what). Every other row goes to the review of the authority
// that owns the record it matched, or with none the authority the import
// is made for; there a missing coordinator decides, and a decision that
// gives the force access to the record is audited as a grant. Pages name a
// record only to a user who may see it; the command line names none.

// ImportRecordType names imports on the audit trail.
const ImportRecordType = "missing-import"

// States of an import.
const (
	ImportChecking  = "checking"  // uploaded; the preview is being made
	ImportPreviewed = "previewed" // the preview is ready to commit
	ImportCommitted = "committed"
)

// Importer imports missing notifications from CSV files.
type Importer struct {
	Svc    *missing.Service
	People *people.Service
	// Users reads the uploader of an import, for its jobs to run as them.
	Users Users
	// Jobs runs previews and commits in the background (see jobs.go): any
	// server's runner may run them, and any server reports their progress.
	Jobs *jobs.Runner
}

// Users is what the import needs of the user directory (auth.Service
// provides it).
type Users interface {
	GetUser(ctx context.Context, id string) (*auth.User, error)
}

// Progress is how far a preview or commit running in the background has
// got, as any server sees it.
type Progress struct {
	Phase    string `json:"phase"` // "checking" or "importing"
	Done     int    `json:"done"`
	Total    int    `json:"total"`
	Finished bool   `json:"finished"`
	Error    string `json:"error,omitempty"`
}

// Counts are how many rows an import creates, closes, finds already
// imported, sends to review, and cannot import.
type Counts struct {
	Create  int `json:"create"`
	Close   int `json:"close"`
	None    int `json:"unchanged"`
	Review  int `json:"review"`
	Problem int `json:"problem"`
}

func countOf(results []RowResult) Counts {
	var c Counts
	for _, r := range results {
		switch r.Action {
		case ActionCreate:
			c.Create++
		case ActionClose:
			c.Close++
		case ActionNone:
			c.None++
		case ActionReview:
			c.Review++
		default:
			c.Problem++
		}
	}
	return c
}

// Import is an uploaded file and what importing it does (or did).
type Import struct {
	ID          string      `json:"id"`
	FileName    string      `json:"file_name"`
	Checksum    string      `json:"sha256"`
	State       string      `json:"state"`
	Rows        int         `json:"rows"`
	Counts      Counts      `json:"counts"`
	Results     []RowResult `json:"results"`
	CreatedAt   time.Time   `json:"created_at"`
	CommittedAt time.Time   `json:"committed_at,omitzero"`
	// Tasks counts the tasks the commit made (return interviews and
	// strategy discussions).
	Tasks int `json:"tasks"`
	// Names are the names of the records found, by id, of those the
	// reader may see (filled by Get).
	Names map[string]string `json:"names,omitempty"`
}

type summary struct {
	Counts Counts `json:"counts"`
	Tasks  int    `json:"tasks"`
}

// present is the import r as u may read it: each row names a record (its
// id, episode and name) only when u may see it, and what its review needs
// is left out.
func (im *Importer) present(ctx context.Context, u *auth.User, r *importRecord) (*Import, error) {
	out, err := r.public()
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, res := range out.Results {
		if res.PersonID != "" {
			ids = append(ids, res.PersonID)
		}
	}
	ps, err := people.LoadManyFacts(ctx, im.Svc.DB.Read(), ids)
	if err != nil {
		return nil, errs.Wrap(err, "reading the import")
	}
	out.Names = map[string]string{}
	for i := range out.Results {
		res := &out.Results[i]
		res.Candidate, res.ReviewReason, res.ReviewOrg = "", "", ""
		p := ps[res.PersonID]
		switch {
		case res.PersonID == "":
		case p == nil || !access.SeeAbout(u, &p.Record):
			res.PersonID, res.EpisodeID = "", ""
		default:
			out.Names[p.ID] = p.Name
		}
	}
	return out, nil
}

func (r *importRecord) public() (*Import, error) {
	im := &Import{ID: r.ID, FileName: r.FileName, Checksum: r.Checksum, State: r.State, Rows: r.Rows,
		CreatedAt: r.CreatedAt, CommittedAt: r.CommittedAt, Results: []RowResult{}}
	if r.Preview != "" {
		if err := json.Unmarshal([]byte(r.Preview), &im.Results); err != nil {
			return nil, fmt.Errorf("reading the preview: %w", err)
		}
	}
	if r.Summary != "" {
		var s summary
		if err := json.Unmarshal([]byte(r.Summary), &s); err != nil {
			return nil, fmt.Errorf("reading the import's summary: %w", err)
		}
		im.Counts, im.Tasks = s.Counts, s.Tasks
	}
	return im, nil
}

var (
	errNoImport        = errs.E(errs.NotFound, "There is no such import")
	errNoReview        = errs.E(errs.NotFound, "There is no such row to review")
	errReviewDone      = errs.E(errs.Conflict, "Someone has already imported this row")
	errAlreadyImported = errs.E(errs.Conflict, "This file has already been imported")
	errForbidden       = errs.E(errs.Forbidden, "Only police officers and local authorities’ missing coordinators can import missing notifications")
)

func checksum(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// Authorities lists the local authorities an import may be made for: the
// user's own for an authority's coordinator, every one for a police officer.
func (im *Importer) Authorities(ctx context.Context, u *auth.User) ([]auth.Organisation, error) {
	if u.Organisation.Type == auth.LocalAuthority {
		return []auth.Organisation{u.Organisation}, nil
	}
	orgs, err := im.Svc.Directory.ListOrganisations(ctx)
	if err != nil {
		return nil, errs.Wrap(err, "listing organisations")
	}
	var out []auth.Organisation
	for _, o := range orgs {
		if o.Type == auth.LocalAuthority {
			out = append(out, o)
		}
	}
	return out, nil
}

// authorityFor is the local authority an import by u is made for: an
// authority coordinator's own; for a police officer, the one they name
// (authorityID), or the only one when the service has one.
func (im *Importer) authorityFor(ctx context.Context, u *auth.User, authorityID string) (string, error) {
	if u.Organisation.Type == auth.LocalAuthority {
		if authorityID != "" && authorityID != u.Organisation.ID {
			return "", errs.FieldErr("authority_id", "You import files for your own authority")
		}
		return u.Organisation.ID, nil
	}
	list, err := im.Authorities(ctx, u)
	if err != nil {
		return "", err
	}
	for _, o := range list {
		if o.ID == authorityID || (authorityID == "" && len(list) == 1) {
			return o.ID, nil
		}
	}
	return "", errs.FieldErr("authority_id", "Select the local authority this file is for")
}

// Upload keeps a file for preview, after checking it is a file of the
// documented layout (a file that is not is refused, and nothing kept),
// made for the local authority authorityID (see authorityFor). The preview
// is then made by Check.
func (im *Importer) Upload(ctx context.Context, fileName, authorityID string, data []byte) (*Import, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	if !access.ImportMissing(u) {
		return nil, errForbidden
	}
	rows, err := ParseImport(data)
	if err != nil {
		return nil, err
	}
	authority, err := im.authorityFor(ctx, u, authorityID)
	if err != nil {
		return nil, err
	}
	now := im.Svc.StoredNow()
	r := &importRecord{ID: db.NewID(), FileName: truncate(text.OneLine(fileName), 200), Checksum: checksum(data),
		Content: data, Rows: len(rows), State: ImportChecking, CreatedBy: u.ID, OrganisationID: u.Organisation.ID,
		AuthorityID: authority, CreatedAt: now}
	err = im.Svc.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := insertImport(ctx, tx, r); err != nil {
			return err
		}
		return im.Svc.Audit.Record(ctx, tx, audit.Event{Action: audit.Create, RecordType: ImportRecordType, RecordID: r.ID,
			Detail: fmt.Sprintf("uploaded missing notifications, %d rows", len(rows))})
	})
	if err != nil {
		return nil, errs.Wrap(err, "saving the file")
	}
	return im.present(ctx, u, r)
}

// mine reads an import its uploader asks for.
func (im *Importer) mine(ctx context.Context, q db.Querier, u *auth.User, id string, content bool) (*importRecord, error) {
	if !db.ValidID(id) {
		return nil, errNoImport
	}
	r, err := loadImport(ctx, q, id, content)
	if err != nil {
		return nil, err
	}
	if !access.ImportUploader(u, r.CreatedBy) {
		return nil, errNoImport
	}
	return r, nil
}

// Get returns an import with every row's result, to the user who uploaded
// it; the view is on the audit trail.
func (im *Importer) Get(ctx context.Context, id string) (*Import, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	if !access.ImportMissing(u) {
		return nil, errForbidden
	}
	r, err := im.mine(ctx, im.Svc.DB.Read(), u, id, false)
	if err != nil {
		return nil, err
	}
	out, err := im.present(ctx, u, r)
	if err != nil {
		return nil, err
	}
	shown := make([]string, 0, len(out.Names))
	for id := range out.Names {
		shown = append(shown, id)
	}
	err = im.Svc.DB.Tx(ctx, func(tx *sql.Tx) error {
		return im.Svc.Audit.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: ImportRecordType, RecordID: r.ID,
			Detail: fmt.Sprintf("%d rows, %d records named", len(out.Results), len(out.Names)), Shown: shown})
	})
	if err != nil {
		return nil, errs.Wrap(err, "recording the view")
	}
	return out, nil
}
