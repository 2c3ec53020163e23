package missing

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/page"
	"mace/internal/platform/text"
)

// ListForPerson returns the young person's episodes, most recent first,
// with their return interviews, and records the view of the missing
// history on the audit trail with the person's id.
func (s *Service) ListForPerson(ctx context.Context, personID string) ([]Episode, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	var out []Episode
	var p *people.Facts
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if p, err = s.person(ctx, tx, u, personID); err != nil {
			if errs.Is(err, errs.Invalid) {
				return errs.E(errs.NotFound, "There is no such person record")
			}
			return err
		}
		if out, err = listForPerson(ctx, tx, p.ID); err != nil {
			return err
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: RecordType + "-history",
			RecordID: p.ID, PersonID: p.ID, Detail: fmt.Sprintf("missing history, %d episodes", len(out))})
	})
	if err != nil {
		return nil, errs.Wrap(err, "reading the missing history")
	}
	for i := range out {
		if err := s.Fill(ctx, u, &out[i], p); err != nil {
			return nil, err
		}
	}
	if out == nil {
		out = []Episode{}
	}
	return out, nil
}

// ListQuery asks for a page of a list of episodes: Limit of them
// (page.Default when 0, at most page.Max) after the cursor After, the Next
// of the page before ("" for the first page).
type ListQuery struct {
	After string
	Limit int
}

// List is a page of a list of episodes; Next is the cursor of the next
// page, "" on the last.
type List struct {
	Episodes []Summary
	Next     string
	Limit    int
}

// MissingNow is the first page (of page.Max) of MissingNowPage.
func (s *Service) MissingNow(ctx context.Context) ([]Summary, error) {
	l, err := s.MissingNowPage(ctx, ListQuery{Limit: page.Max})
	return l.Episodes, err
}

// MissingNowPage lists the open episodes the signed-in user may see, the
// longest missing first, with the police risk grading, a page at a time.
// The list is a view of personal data, so each page is recorded on the
// audit trail.
func (s *Service) MissingNowPage(ctx context.Context, q ListQuery) (List, error) {
	return s.list(ctx, listFilter{Open: true}, q, "missing now")
}

// list lists a page of the episodes f chooses within the user's scope,
// and records the view.
func (s *Service) list(ctx context.Context, f listFilter, q ListQuery, what string) (List, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return List{}, err
	}
	if !access.MissingLists(u) {
		return List{}, errs.E(errs.Forbidden, "You do not have permission to see children missing from home and care")
	}
	if f.After, err = page.Parse(q.After, f.orderName(), 2); err != nil {
		return List{}, err
	}
	l := List{Limit: page.Size(q.Limit)}
	f.Limit = l.Limit + 1
	out, err := summaries(ctx, s.DB.Read(), u, f)
	if err != nil {
		return List{}, errs.Wrap(err, "listing missing episodes")
	}
	l.Episodes, l.Next = page.Cut(out, l.Limit, f.orderName(), f.keys)
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: RecordType + "-list",
			Detail: fmt.Sprintf("%s, %d shown", what, len(l.Episodes)), Shown: personIDs(l.Episodes)})
	})
	if err != nil {
		return List{}, errs.Wrap(err, "recording the list")
	}
	return l, nil
}

// personIDs are the young people of lists of episodes, for the audit
// trail: each has the list on their own trail.
func personIDs(lists ...[]Summary) []string {
	var out []string
	for _, l := range lists {
		for _, s := range l {
			out = append(out, s.PersonID)
		}
	}
	return out
}

// FindByPoliceReference returns the episode the police force orgID knows
// by ref (as GetEpisode does, audited), or a NotFound error. References
// are compared as stored: upper case with single spaces.
func (s *Service) FindByPoliceReference(ctx context.Context, orgID, ref string) (*Episode, error) {
	if _, err := auth.Actor(ctx); err != nil {
		return nil, err
	}
	ref = strings.ToUpper(text.OneLine(ref))
	if ref == "" || !db.ValidID(orgID) {
		return nil, errNotFound
	}
	id, err := idByReference(ctx, s.DB.Read(), orgID, ref)
	if err != nil {
		return nil, errs.Wrap(err, "finding the episode")
	}
	if id == "" {
		return nil, errNotFound
	}
	return s.GetEpisode(ctx, id)
}
