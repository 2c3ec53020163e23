package ssda903

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"mace/internal/missing"
	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// Service makes the SSDA903 Missing return from the missing service's
// episodes.
type Service struct {
	DB        *db.DB
	Audit     *audit.Log
	Directory missing.Directory
	Missing   *missing.Service
	Now       func() time.Time
}

// RecordType903 names the SSDA903 Missing return on the audit trail; the
// record id is the local authority's.
const RecordType903 = "ssda903-missing"

// Return903 is an authority's SSDA903 Missing table for one collection
// year, with its validation report.
//
// Which episodes: those of looked-after children (the episode's "looked
// after" answer) whose record the authority owns that overlap the
// collection year, by the day in England: starting on or before 31 March
// and ending on or after 1 April, or still open. The Department for
// Education's rules allow a start before the year (a period carried in from
// the year before, which rule 576 asks for) but no end outside it (rule
// 571), so an episode is in every year it overlaps: with its start as it
// was, and with MIS_END blank in a year it outlasts. An episode from 31
// March to 1 April is in both years: open in the first, ended in the
// second.
type Return903 struct {
	Year          int        `json:"year"`
	Label         string     `json:"collection_year"`
	First         civil.Date `json:"first_day"`
	Last          civil.Date `json:"last_day"`
	AuthorityID   string     `json:"local_authority_id"`
	AuthorityName string     `json:"local_authority"`
	Rows          []Row903   `json:"-"`
	RowCount      int        `json:"rows"`
	Children      int        `json:"children"`
	// Open counts the rows with a blank MIS_END: episodes open at the end
	// of the collection year (still open, or ended after it).
	Open int `json:"open_episodes"`
	// StartedBefore counts the rows of episodes that started before the
	// collection year and were open at its start.
	StartedBefore int `json:"started_before_year"`
	// Withheld counts the rows of restricted records left out because the
	// user is not named on them.
	Withheld int       `json:"withheld_restricted"`
	Problems []Problem `json:"problems"`
	Valid    bool      `json:"valid"`
	// Checked are the rules checked; NotChecked the rules about the
	// Missing table that need tables mace does not hold.
	Checked    []Rule903 `json:"rules_checked"`
	NotChecked []Rule903 `json:"rules_not_checked"`
}

// Filename is the name the CSV is downloaded as.
func (r *Return903) Filename() string {
	return fmt.Sprintf("ssda903-missing-%s.csv", r.Label)
}

// YearLabel is a collection year as "2025-26".
func YearLabel(year int) string { return fmt.Sprintf("%d-%02d", year, (year+1)%100) }

// LatestCollectionYear is the most recent collection year to have ended
// by now: on 24 November 2026, 2025 (1 April 2025 to 31 March 2026).
func LatestCollectionYear(now time.Time) int {
	d := calendar.LondonDate(now)
	if d.Month >= 4 {
		return d.Year - 1
	}
	return d.Year - 2
}

// checkYear refuses a collection year before 2000 or one not yet begun.
func checkYear(year int, now time.Time) error {
	latest := LatestCollectionYear(now) + 1
	if year < 2000 || year > latest {
		return errs.FieldErr("year", fmt.Sprintf("Enter the year the collection starts, from 2000 to %d: 2025 means 1 April 2025 to 31 March 2026", latest))
	}
	return nil
}

// Report903 returns the signed-in user's authority's Missing table for the
// collection year starting on 1 April of year, with its validation report,
// and records the view of the report (counts, never values).
func (s *Service) Report903(ctx context.Context, year int) (*Return903, error) {
	return s.return903(ctx, year, audit.View, "validation report")
}

// Export903 is Report903 for a download: the same rows, recorded as an
// export on the audit trail.
func (s *Service) Export903(ctx context.Context, year int) (*Return903, error) {
	return s.return903(ctx, year, audit.Export, "export")
}

func (s *Service) return903(ctx context.Context, year int, action, what string) (*Return903, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	if !access.ExportReturns(u) {
		return nil, errs.E(errs.Forbidden, "Only managers, analysts and missing coordinators of a local authority can make its returns")
	}
	return s.make903(ctx, u, u.Organisation, year, action, what)
}

// Export903ForAuthority makes the whole Missing table of the local
// authority orgID for the command line, restricted records included, and
// records the export as made by the system.
func (s *Service) Export903ForAuthority(ctx context.Context, orgID string, year int) (*Return903, error) {
	orgs, err := s.Directory.ListOrganisations(ctx)
	if err != nil {
		return nil, errs.Wrap(err, "listing organisations")
	}
	for _, o := range orgs {
		if o.ID == orgID && o.Type == auth.LocalAuthority {
			return s.make903(ctx, nil, o, year, audit.Export, "export")
		}
	}
	return nil, errs.E(errs.NotFound, "There is no such local authority")
}

func (s *Service) make903(ctx context.Context, u *auth.User, org auth.Organisation, year int, action, what string) (*Return903, error) {
	if err := checkYear(year, s.Now()); err != nil {
		return nil, err
	}
	r := &Return903{Year: year, Label: YearLabel(year), AuthorityID: org.ID, AuthorityName: org.Name,
		Checked: Rules903, NotChecked: Unchecked903}
	r.First, r.Last = CollectionYear(year)
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if err = s.rows903(ctx, tx, u, org.ID, year, r); err != nil {
			return err
		}
		// Rule 576 compares the year with the return of the year before,
		// as mace makes it from the same records now.
		last := &Return903{}
		if err = s.rows903(ctx, tx, u, org.ID, year-1, last); err != nil {
			return err
		}
		r.Problems = Validate903(r.Rows, year, last.Rows)
		r.Valid = len(r.Problems) == 0
		// An export has every child of the return on their trail; the
		// validation report shows only the children with problems.
		var shown []string
		if action == audit.Export {
			for _, row := range r.Rows {
				shown = append(shown, row.PersonID)
			}
		} else {
			for _, p := range r.Problems {
				shown = append(shown, p.PersonID)
			}
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: action, RecordType: RecordType903, RecordID: org.ID,
			Detail: fmt.Sprintf("SSDA903 Missing %s, collection year %s: %d rows, %d children, %d problems, %d withheld",
				what, r.Label, r.RowCount, r.Children, len(r.Problems), r.Withheld), Shown: shown})
	})
	if err != nil {
		return nil, errs.Wrap(err, "making the SSDA903 Missing table")
	}
	if r.Problems == nil {
		r.Problems = []Problem{}
	}
	return r, nil
}

// rows903 reads the rows of the return into r: the episodes of looked-after
// children owned by orgID overlapping the collection year, by child then
// start, MIS_END blank when the episode ends after the year. u nil is the
// command line, which sees every record.
func (s *Service) rows903(ctx context.Context, q db.Querier, u *auth.User, orgID string, year int, r *Return903) error {
	from, to := yearTimes(year)
	eps, err := s.Missing.LookedAfter(ctx, q, missing.LookedAfterFilter{From: from, To: to,
		People: func(a *db.Args, personIDCol string) string {
			return people.ScopeSQL(u, a, personIDCol, func(u *auth.User, a *db.Args, _, ownerCol, _ string) string {
				own := ownerCol + " = " + a.Add(orgID)
				if u != nil {
					own += " AND " + access.ReturnScope(u, a, ownerCol)
				}
				return own
			})
		}})
	if err != nil {
		return fmt.Errorf("reading the episodes of the return: %w", err)
	}
	ids := make([]string, len(eps))
	for i, e := range eps {
		ids[i] = e.PersonID
	}
	facts, err := people.LoadManyFacts(ctx, q, ids)
	if err != nil {
		return fmt.Errorf("reading the children of the return: %w", err)
	}
	first, last := CollectionYear(year)
	children := map[string]bool{}
	for _, e := range eps {
		p := facts[e.PersonID]
		if p == nil {
			continue
		}
		named := u != nil && slices.Contains(p.Record.NamedUsers, u.ID)
		if !access.ReturnIncludes(u, p.Record.Restricted, named) {
			r.Withheld++
			continue
		}
		start := calendar.LondonDate(e.StartAt)
		row := Row903{Child: ChildCode(e.PersonID), Missing: e.Type, Start: Date903(start),
			PersonID: e.PersonID, DOB: Date903(p.DateOfBirth)}
		if end := calendar.LondonDate(e.EndAt); e.EndAt.IsZero() || end.After(last) {
			r.Open++
		} else {
			row.End = Date903(end)
		}
		if start.Before(first) {
			r.StartedBefore++
		}
		children[e.PersonID] = true
		r.Rows = append(r.Rows, row)
	}
	r.RowCount, r.Children = len(r.Rows), len(children)
	return nil
}
