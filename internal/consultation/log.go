package consultation

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/page"
)

// The consultation log, and the person search that links a consultation
// to a child's record.

// ListQuery asks for a page of the log.
type ListQuery struct {
	State    string     // a referral state, or "" for all
	From, To civil.Date // inclusive, in Europe/London; zero for open
	// After is the cursor of the page, from the previous page's Next; ""
	// for the first.
	After string
	// PerPage is the page size asked for: page.Default when 0, at most
	// page.Max.
	PerPage int
}

// ListResult is a page of the log, newest first: Total consultations
// match in all (up to CountUpTo; More when there are more), and Next is
// the cursor of the next page, "" on the last.
type ListResult struct {
	Consultations []Summary
	Total         int
	More          bool
	Next          string
	First         bool // the first page
	PerPage       int
}

// listOrder names the log's order, newest first, for its cursors.
const listOrder = "occurred"

// parseCursor reads a cursor of the log: the stored time and id of the
// last consultation of the page before.
func parseCursor(s string) (at, id string, err error) {
	keys, err := page.Parse(s, listOrder, 2)
	if err != nil || keys == nil {
		return "", "", err
	}
	if _, terr := time.Parse("2006-01-02T15:04:05.000000Z", keys[0]); terr != nil || !db.ValidID(keys[1]) {
		return "", "", page.Bad()
	}
	return keys[0], keys[1], nil
}

// List returns the signed-in user's authority's consultations, newest
// first. A list names children, so it is audited as a view.
func (s *Service) List(ctx context.Context, q ListQuery) (ListResult, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return ListResult{}, err
	}
	if !access.ReadConsultations(u) {
		return ListResult{}, errs.E(errs.Forbidden, "You do not have permission to see consultations")
	}
	var v errs.Validation
	if q.State != "" && !States.Has(q.State) {
		v.Add("state", "Select whether a referral followed from the list")
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		v.Add("to", "The end date must be the same as or after the start date")
	}
	afterAt, afterID, cerr := parseCursor(q.After)
	if cerr != nil {
		return ListResult{}, cerr
	}
	if err := v.Err(); err != nil {
		return ListResult{}, err
	}
	q.PerPage = page.Size(q.PerPage)
	orgs, err := s.orgMap(ctx)
	if err != nil {
		return ListResult{}, err
	}
	res := ListResult{First: afterID == "", PerPage: q.PerPage}
	var rows []Summary
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		f := listFilter{Scope: u, State: q.State, From: q.From, To: q.To}
		var err error
		if res.Total, res.More, err = count(ctx, tx, f); err != nil {
			return errs.Wrap(err, "counting consultations")
		}
		f.AfterAt, f.AfterID, f.Limit = afterAt, afterID, q.PerPage+1
		rows, err = list(ctx, tx, f)
		if err != nil {
			return errs.Wrap(err, "listing consultations")
		}
		rows, res.Next = page.Cut(rows, q.PerPage, listOrder, func(r Summary) []string {
			at, _ := db.Time(r.OccurredAt).(string)
			return []string{at, r.ID}
		})
		var ids []string
		for _, r := range rows {
			if r.PersonID != "" {
				ids = append(ids, r.PersonID)
			}
		}
		facts, err := people.LoadManyFacts(ctx, tx, ids)
		if err != nil {
			return errs.Wrap(err, "reading the young people's records")
		}
		// The person records whose rows were shown have the list on their
		// own trail; a row shown only as existing shows no one.
		var shown []string
		for i := range rows {
			r := &rows[i]
			var rec *access.Record
			if r.PersonID != "" {
				rec = recordOf(facts[r.PersonID])
			}
			if access.ViewConsultationAbout(u, u.Organisation.ID, rec) != access.Full {
				*r = Summary{ID: r.ID, OccurredAt: r.OccurredAt, Method: r.Method, PersonID: r.PersonID,
					ReferralState: r.ReferralState, ReferralID: r.ReferralID, Hidden: true}
				continue
			}
			r.OrganisationName = r.OtherOrganisation
			if r.OrganisationID != "" {
				r.OrganisationName = orgs[r.OrganisationID].Name
			}
			if r.PersonID != "" {
				shown = append(shown, r.PersonID)
			}
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: "consultation-list",
			Detail: fmt.Sprintf("consultation log, %s, %d shown", pageName(res.First), len(rows)), Shown: shown})
	})
	if err != nil {
		return ListResult{}, errs.Wrap(err, "listing consultations")
	}
	res.Consultations = rows
	return res, nil
}

// pageName is how the audit trail names a page of the log.
func pageName(first bool) string {
	if first {
		return "first page"
	}
	return "a later page"
}

// FindPeople searches the person records the user may see by name, to link
// a consultation to one. The person service audits the search.
func (s *Service) FindPeople(ctx context.Context, search string) ([]people.Summary, error) {
	if strings.TrimSpace(search) == "" {
		return nil, nil
	}
	res, err := s.People.List(ctx, people.ListQuery{Search: search, PerPage: 20})
	if err != nil {
		return nil, err
	}
	return res.People, nil
}

// Person returns a linked person record, as the person service shows it
// (and audits the view).
func (s *Service) Person(ctx context.Context, id string) (*people.Person, error) {
	return s.People.Get(ctx, id)
}
