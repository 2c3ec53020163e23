package missingimport

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"mace/internal/missing"
	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
)

// ImportTxTimeout bounds the one transaction of a commit: a file of
// MaxImportRows rows, with every episode's tasks, on a busy server.
const ImportTxTimeout = 10 * time.Minute

// Check makes an import's preview: every row read, checked by the
// episode's own rules and matched to a record, nothing written but the
// preview itself. progress, when not nil, hears how many rows are matched.
func (im *Importer) Check(ctx context.Context, id string, progress func(done, total int)) (*Import, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	if !access.ImportMissing(u) {
		return nil, errForbidden
	}
	r, err := im.mine(ctx, im.Svc.DB.Read(), u, id, true)
	if err != nil {
		return nil, err
	}
	if r.State == ImportCommitted {
		return nil, errAlreadyImported
	}
	rows, err := ParseImport(r.Content)
	if err != nil {
		return nil, err
	}
	pl := &planner{im: im, q: im.Svc.DB.Read(), u: u, now: im.Svc.StoredNow(), match: true, progress: progress,
		authority: r.AuthorityID}
	results, _, err := pl.plan(ctx, rows)
	if err != nil {
		return nil, errs.Wrap(err, "checking the file")
	}
	preview, err := json.Marshal(results)
	if err != nil {
		return nil, err
	}
	sum, _ := json.Marshal(summary{Counts: countOf(results)})
	r.State, r.Preview, r.Summary = ImportPreviewed, string(preview), string(sum)
	err = im.Svc.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := saveImportState(ctx, tx, r); err != nil {
			return err
		}
		c := countOf(results)
		return im.Svc.Audit.Record(ctx, tx, audit.Event{Action: audit.Search, RecordType: ImportRecordType, RecordID: r.ID,
			Detail: fmt.Sprintf("previewed missing notifications: %d rows, %d to create, %d to close, %d unchanged, %d to review, %d with problems",
				len(results), c.Create, c.Close, c.None, c.Review, c.Problem)})
	})
	if err != nil {
		return nil, errs.Wrap(err, "saving the preview")
	}
	return im.present(ctx, u, r)
}

// Preview uploads a file and makes its preview at once (the command line's
// way; pages use Upload and Start).
func (im *Importer) Preview(ctx context.Context, fileName, authorityID string, data []byte, progress func(done, total int)) (*Import, error) {
	up, err := im.Upload(ctx, fileName, authorityID, data)
	if err != nil {
		return nil, err
	}
	return im.Check(ctx, up.ID, progress)
}

// Commit imports every good row of a previewed import in one transaction,
// from the very file previewed (its checksum is checked), each row with
// the record the preview found. If the records changed since the preview
// so that any row would now do something else, nothing is imported and the
// error says to check the file again. Ended episodes get their return
// interview task and new ones the repeat-missing check, as when recorded
// one by one; rows for review go on the review list.
func (im *Importer) Commit(ctx context.Context, id string, progress func(done, total int)) (*Import, error) {
	return im.commit(ctx, id, progress, nil)
}

// commit is Commit; finish, when not nil, is called last inside the
// commit's transaction (a job records itself done there).
func (im *Importer) commit(ctx context.Context, id string, progress func(done, total int),
	finish func(context.Context, *sql.Tx) error) (*Import, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	if !access.ImportMissing(u) {
		return nil, errForbidden
	}
	r, err := im.mine(ctx, im.Svc.DB.Read(), u, id, true)
	if err != nil {
		return nil, err
	}
	switch {
	case r.State == ImportCommitted:
		return nil, errAlreadyImported
	case r.State != ImportPreviewed:
		return nil, errs.E(errs.Conflict, "Check the file before importing it")
	case checksum(r.Content) != r.Checksum:
		return nil, errs.E(errs.Conflict, "The file kept for this import has changed since it was uploaded: upload it again")
	}
	before, err := r.public()
	if err != nil {
		return nil, err
	}
	rows, err := ParseImport(r.Content)
	if err != nil {
		return nil, err
	}
	chosen := map[int]string{}
	for _, res := range before.Results {
		if res.PersonID != "" {
			chosen[res.Line] = res.PersonID
		}
	}
	var results []RowResult
	tasks := 0
	err = im.Svc.DB.TxWithin(ctx, ImportTxTimeout, func(tx *sql.Tx) error {
		again, err := loadImport(ctx, tx, r.ID, false)
		if err != nil {
			return err
		}
		if again.State != ImportPreviewed {
			return errAlreadyImported
		}
		pl := &planner{im: im, q: tx, u: u, now: im.Svc.StoredNow(), chosen: chosen, authority: r.AuthorityID}
		var steps []*step
		if results, steps, err = pl.plan(ctx, rows); err != nil {
			return err
		}
		for i, res := range results {
			was := before.Results[i]
			if res.Action != was.Action || res.PersonID != was.PersonID {
				return errs.E(errs.Conflict, "Records have changed since the preview (line %d): check the file again", res.Line)
			}
			if res.Action == ActionReview {
				// The matcher's finding, not rerun here.
				results[i].Reason, results[i].Candidate = was.Reason, was.Candidate
				results[i].ReviewReason, results[i].ReviewOrg = was.ReviewReason, was.ReviewOrg
			}
		}
		if tasks, err = im.write(ctx, tx, pl, steps, progress); err != nil {
			return err
		}
		var reviews []Review
		for _, res := range results {
			if res.Action == ActionReview {
				reviews = append(reviews, Review{ImportID: r.ID, Line: res.Line, PoliceOrgID: pl.forceOf[res.Line],
					PoliceReference: res.Reference, Reason: res.ReviewReason, State: ReviewOpen, CreatedAt: pl.now,
					OwnerOrgID: res.ReviewOrg, CandidateID: res.Candidate})
			}
		}
		if err := insertReviews(ctx, tx, reviews); err != nil {
			return err
		}
		preview, err := json.Marshal(results)
		if err != nil {
			return err
		}
		c := countOf(results)
		sum, _ := json.Marshal(summary{Counts: c, Tasks: tasks})
		r.State, r.Preview, r.Summary, r.CommittedAt = ImportCommitted, string(preview), string(sum), pl.now
		if err := saveImportState(ctx, tx, r); err != nil {
			return err
		}
		if err := im.Svc.Audit.Record(ctx, tx, audit.Event{Action: audit.Create, RecordType: ImportRecordType, RecordID: r.ID,
			Detail: fmt.Sprintf("imported missing notifications: %d rows, %d episodes created, %d closed, %d unchanged, %d to review, %d with problems, %d tasks",
				len(results), c.Create, c.Close, c.None, c.Review, c.Problem, tasks)}); err != nil {
			return err
		}
		if finish != nil {
			return finish(ctx, tx)
		}
		return nil
	})
	if err != nil {
		return nil, errs.Wrap(err, "importing the file")
	}
	return im.present(ctx, u, r)
}

// write makes the planned changes inside tx (missing.WriteImported) and
// returns how many tasks it made. An episode of a force not yet involved
// with the young person's record gives the force access to it: only the
// owning authority's coordinator plans such a step (access.ImportRow), and
// each is on the record's trail as a grant.
func (im *Importer) write(ctx context.Context, tx *sql.Tx, pl *planner, steps []*step, progress func(done, total int)) (int, error) {
	changes := make([]missing.Change, len(steps))
	var grants []audit.Event
	granted := map[[2]string]bool{}
	for i, st := range steps {
		changes[i] = missing.Change{Episode: st.ep, Person: st.p, Closes: st.closes}
		f, k := st.ep.PoliceOrgID, [2]string{st.ep.PersonID, st.ep.PoliceOrgID}
		if st.p != nil && access.GrantsForce(st.p.Record, f) && !granted[k] {
			granted[k] = true
			grants = append(grants, audit.Event{Action: audit.Grant, RecordType: people.RecordType, RecordID: st.p.ID,
				PersonID: st.p.ID, Detail: "granted access to " + pl.forceName[f] +
					": the authority's missing coordinator imported the force's missing episode"})
		}
	}
	n, err := im.Svc.WriteImported(ctx, tx, changes, progress)
	if err != nil {
		return 0, err
	}
	return n, im.Svc.Audit.RecordMany(ctx, tx, grants)
}
