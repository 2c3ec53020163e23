package consultation

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
)

// The consultation log, and the person search that links a consultation
// to a child's record.

// ListQuery asks for a page of the log.
type ListQuery struct {
	State    string     // a referral state, or "" for all
	From, To civil.Date // inclusive, in Europe/London; zero for open
	Page     int        // from 1
	PerPage  int
}

// ListResult is a page of the log, newest first.
type ListResult struct {
	Consultations []Summary
	Total         int
	Page          int
	PerPage       int
}

// Pages is the number of pages.
func (r ListResult) Pages() int { return max(1, (r.Total+r.PerPage-1)/r.PerPage) }

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
	if err := v.Err(); err != nil {
		return ListResult{}, err
	}
	if q.PerPage <= 0 || q.PerPage > 200 {
		q.PerPage = 50
	}
	q.Page = max(q.Page, 1)
	orgs, err := s.orgMap(ctx)
	if err != nil {
		return ListResult{}, err
	}
	var rows []Summary
	var total int
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		rows, total, err = list(ctx, tx, listFilter{Scope: u, State: q.State, From: q.From, To: q.To,
			Limit: q.PerPage, Offset: (q.Page - 1) * q.PerPage})
		if err != nil {
			return errs.Wrap(err, "listing consultations")
		}
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
			Detail: fmt.Sprintf("consultation log, page %d, %d shown", q.Page, len(rows)), Shown: shown})
	})
	if err != nil {
		return ListResult{}, errs.Wrap(err, "listing consultations")
	}
	return ListResult{Consultations: rows, Total: total, Page: q.Page, PerPage: q.PerPage}, nil
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
