package missingimport

import (
	"context"
	"database/sql"
	"fmt"

	"mace/internal/missing"
	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/page"
)

// The review list: rows of committed imports that were not imported at
// once (no record certainly matched, or the importer may not add to the
// record matched). Each belongs to one local authority (access.ReviewRow):
// the owner of the record it best matched, or with none the authority the
// import was made for. That authority's missing coordinator chooses the
// record (among the matches they may see) or makes one, and the row is
// imported by the same rules as the file, as them.

var errReviewers = errs.E(errs.Forbidden, "Only local authorities’ missing coordinators can work the review list")

// Reviews lists the rows of the user's authority waiting for a record,
// oldest first; the view is audited with the records the rows matched.
func (im *Importer) Reviews(ctx context.Context) ([]Review, error) {
	l, err := im.ReviewsPage(ctx, ReviewQuery{Limit: page.Max})
	return l.Reviews, err
}

// ReviewQuery asks for a page of the rows to review: Limit of them
// (page.Default when 0, at most page.Max) after the cursor After, the Next
// of the page before ("" for the first page).
type ReviewQuery struct {
	After string
	Limit int
}

// ReviewList is a page of the rows to review; Next is the cursor of the
// next page, "" on the last.
type ReviewList struct {
	Reviews []Review
	Next    string
	Limit   int
}

// ReviewsPage is a page of the rows the user's authority has to review,
// oldest first. Each page is recorded with the records it showed.
func (im *Importer) ReviewsPage(ctx context.Context, q ReviewQuery) (ReviewList, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return ReviewList{}, err
	}
	if !access.ReviewMissingImport(u) {
		return ReviewList{}, errReviewers
	}
	after, err := page.Parse(q.After, reviewOrder, 3)
	if err != nil {
		return ReviewList{}, err
	}
	l := ReviewList{Limit: page.Size(q.Limit)}
	a := db.Args{ReviewOpen, u.Organisation.ID}
	out, err := listReviews(ctx, im.Svc.DB.Read(), "state = $1 AND owner_org_id = $2", a, after, l.Limit+1)
	if errs.Is(err, errs.Invalid) {
		return ReviewList{}, err
	}
	if err != nil {
		return ReviewList{}, errs.Wrap(err, "listing the rows to review")
	}
	l.Reviews, l.Next = page.Cut(out, l.Limit, reviewOrder, reviewKeys)
	var shown []string
	for _, rv := range l.Reviews {
		if rv.CandidateID != "" {
			shown = append(shown, rv.CandidateID)
		}
	}
	err = im.Svc.DB.Tx(ctx, func(tx *sql.Tx) error {
		return im.Svc.Audit.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: ImportRecordType + "-review-list",
			Detail: fmt.Sprintf("rows to review, %d shown", len(l.Reviews)), Shown: shown})
	})
	if err != nil {
		return ReviewList{}, errs.Wrap(err, "recording the list")
	}
	return l, nil
}

// ReviewItem is one row to review with what the coordinator needs to
// choose: the row as the file gave it and the records that may be the
// young person, among those the coordinator may see.
type ReviewItem struct {
	Review
	Matches []people.Match `json:"matches"`
}

// GetReview returns a row to review with its matches; the view is audited
// with the records shown.
func (im *Importer) GetReview(ctx context.Context, importID string, line int) (*ReviewItem, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	if !access.ReviewMissingImport(u) {
		return nil, errReviewers
	}
	rv, row, err := im.reviewRow(ctx, u, importID, line)
	if err != nil {
		return nil, err
	}
	it := &ReviewItem{Review: *rv, Matches: []people.Match{}}
	it.Row = row
	if rv.State == ReviewOpen {
		q := people.MatchQuery{GivenNames: row.GivenName, FamilyName: row.FamilyName, DateOfBirth: row.DateOfBirth}
		if row.Postcode != "" {
			q.Postcodes = []string{row.Postcode}
		}
		if it.Matches, err = im.People.Matches(ctx, q, 5); err != nil && !errs.Is(err, errs.Invalid) {
			return nil, err
		}
	}
	shown := []string{}
	if rv.CandidateID != "" {
		shown = append(shown, rv.CandidateID)
	}
	for _, m := range it.Matches {
		shown = append(shown, m.PersonID)
	}
	err = im.Svc.DB.Tx(ctx, func(tx *sql.Tx) error {
		return im.Svc.Audit.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: ImportRecordType + "-review",
			RecordID: fmt.Sprintf("%s:%d", rv.ImportID, rv.Line), Detail: fmt.Sprintf("%d matches shown", len(it.Matches)),
			Shown: shown})
	})
	if err != nil {
		return nil, errs.Wrap(err, "recording the view")
	}
	return it, nil
}

// reviewRow reads a review of u's authority and its row from the kept
// file; another authority's is not found.
func (im *Importer) reviewRow(ctx context.Context, u *auth.User, importID string, line int) (*Review, *Row, error) {
	if !db.ValidID(importID) {
		return nil, nil, errNoReview
	}
	rv, err := loadReview(ctx, im.Svc.DB.Read(), importID, line)
	if err != nil {
		return nil, nil, err
	}
	if !access.ReviewRow(u, rv.OwnerOrgID) {
		return nil, nil, errNoReview
	}
	r, err := loadImport(ctx, im.Svc.DB.Read(), importID, true)
	if err != nil {
		return nil, nil, err
	}
	if checksum(r.Content) != r.Checksum {
		return nil, nil, errs.E(errs.Conflict, "The file kept for this import has changed since it was uploaded")
	}
	rows, err := ParseImport(r.Content)
	if err != nil {
		return nil, nil, err
	}
	for i := range rows {
		if rows[i].Line == line {
			return rv, &rows[i], nil
		}
	}
	return nil, nil, errNoReview
}

// ImportReviewed imports a row to review as the episode of the young person
// personID, whose record the coordinator may see, by the rules of the
// file's import, as the coordinator; a row that now has a problem (such as
// an overlap) is refused with it. With personID empty, a new record is made
// for the young person from the row, owned by the coordinator's authority.
// The force is then involved with the record: when it was not before, that
// is the coordinator's grant, on the record's trail.
func (im *Importer) ImportReviewed(ctx context.Context, importID string, line int, personID string) (*missing.Episode, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	if !access.ReviewMissingImport(u) {
		return nil, errReviewers
	}
	rv, row, err := im.reviewRow(ctx, u, importID, line)
	if err != nil {
		return nil, err
	}
	if rv.State != ReviewOpen {
		return nil, errReviewDone
	}
	if personID == "" {
		if u.Organisation.Type != auth.LocalAuthority {
			return nil, errs.FieldErr("person_id", "Choose the young person’s record")
		}
		in := people.Input{Kind: people.Child, GivenName: row.GivenName, FamilyName: row.FamilyName,
			DateOfBirth: row.DateOfBirth.String(), Gender: "not-known", OwnerOrgID: u.Organisation.ID}
		if row.Postcode != "" {
			in.Addresses = []people.Address{{Postcode: row.Postcode}}
		}
		p, err := im.People.Create(ctx, in, "import:"+importID+":"+fmt.Sprint(line))
		if err != nil {
			return nil, err
		}
		personID = p.ID
	} else {
		p, err := people.LoadFacts(ctx, im.Svc.DB.Read(), personID)
		if err != nil || !access.RecordMissing(u, p.Record) {
			return nil, errs.FieldErr("person_id", "Choose a record you can see")
		}
	}
	var ep *missing.Episode
	err = im.Svc.DB.Tx(ctx, func(tx *sql.Tx) error {
		pl := &planner{im: im, q: tx, u: u, now: im.Svc.StoredNow(), chosen: map[int]string{line: personID},
			defaultForce: rv.PoliceOrgID}
		results, steps, err := pl.plan(ctx, []Row{*row})
		if err != nil {
			return err
		}
		res := results[0]
		switch res.Action {
		case ActionCreate, ActionClose, ActionNone:
		case ActionProblem:
			var v errs.Validation
			for _, p := range res.Problems {
				v.Add("person_id", p)
			}
			return v.Err()
		case ActionReview:
			return errs.FieldErr("person_id", "Choose a record your authority owns, or one the police force already works with")
		default:
			return errs.FieldErr("person_id", res.Reason)
		}
		if _, err := im.write(ctx, tx, pl, steps, nil); err != nil {
			return err
		}
		rv.PersonID, rv.EpisodeID = personID, res.EpisodeID
		if err := resolveReview(ctx, tx, rv, u.ID, pl.now); err != nil {
			return err
		}
		if len(steps) > 0 {
			ep = steps[0].ep
		}
		return im.Svc.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: ImportRecordType + "-review",
			RecordID: fmt.Sprintf("%s:%d", rv.ImportID, rv.Line), PersonID: personID, Detail: "chose the record; " + res.Action})
	})
	if err != nil {
		return nil, errs.Wrap(err, "importing the row")
	}
	return ep, nil
}
