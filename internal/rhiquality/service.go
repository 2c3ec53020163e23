package rhiquality

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
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// Service holds the rules of the quality audit of return interviews; the
// episodes and interviews it audits are the missing service's.
type Service struct {
	DB      *db.DB
	Audit   *audit.Log
	Missing *missing.Service
	Now     func() time.Time
}

// now is the time as stored: UTC, to the microsecond.
func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

var (
	errMayNotAudit     = errs.E(errs.Forbidden, "Only managers of the local authority or of the service that offered the interview can audit return interviews")
	errMayNotStandards = errs.E(errs.Forbidden, "Only administrators and managers can change the audit standards")
	errNotHeld         = errs.E(errs.Invalid, "Only return interviews that were held can be audited")
)

// Standards lists every audit standard, current and retired, in order.
func (s *Service) Standards(ctx context.Context) ([]Standard, error) {
	if _, err := auth.Actor(ctx); err != nil {
		return nil, err
	}
	out, err := listStandards(ctx, s.DB.Read())
	return out, errs.Wrap(err, "reading the audit standards")
}

// AddStandard adds a standard to the end of the list, for audits from now
// on. Only administrators and managers may.
func (s *Service) AddStandard(ctx context.Context, in StandardInput) (*Standard, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	if !access.ManageStandards(u) {
		return nil, errMayNotStandards
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	st := &Standard{Code: in.Code, Statement: in.Statement, Guidance: in.Guidance, CreatedAt: s.now()}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM rhi_standards WHERE code = $1", st.Code).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrDuplicateStandard
		}
		if err := insertStandard(ctx, tx, st); err != nil {
			return err
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Create, RecordType: StandardRecordType,
			RecordID: st.Code, Detail: "added a return interview standard"})
	})
	if db.IsUniqueViolation(err) {
		return nil, ErrDuplicateStandard
	}
	return st, errs.Wrap(err, "saving the standard")
}

// RetireStandard stops a standard being scored from now on; audits that
// scored it keep it.
func (s *Service) RetireStandard(ctx context.Context, code string) error {
	u, err := auth.Actor(ctx)
	if err != nil {
		return err
	}
	if !access.ManageStandards(u) {
		return errMayNotStandards
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		ok, err := retireStandard(ctx, tx, code, s.now())
		if err != nil {
			return err
		}
		if !ok {
			return errs.E(errs.NotFound, "There is no such standard in use")
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.Update, RecordType: StandardRecordType,
			RecordID: code, Detail: "retired a return interview standard"})
	})
	return errs.Wrap(err, "retiring the standard")
}

// AuditSubject is what the audit form shows: the interview, the standards
// to score with any suggestion the data makes, and the audit made so far.
type AuditSubject struct {
	Episode     *missing.Episode
	Standards   []Standard
	Suggestions map[string]Suggestion
	Audit       *Audit // nil until audited
	Service     string
	Month       string
}

// subject reads what an audit of episode id needs, as u may see it.
func (s *Service) subject(ctx context.Context, q db.Querier, id string) (*AuditSubject, *people.Facts, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, nil, err
	}
	e, p, err := s.Missing.Read(ctx, q, u, id)
	if err != nil {
		return nil, nil, err
	}
	if !e.Held() {
		return nil, nil, errNotHeld
	}
	if !access.AuditInterview(u, p.Record, e.Interview.OfferedService) {
		return nil, nil, errMayNotAudit
	}
	sub := &AuditSubject{Episode: e, Suggestions: map[string]Suggestion{}, Service: e.Interview.OfferedService,
		Month: MonthOf(e.Interview.HeldAt)}
	if sub.Audit, err = loadAudit(ctx, q, e.ID); err != nil {
		return nil, nil, err
	}
	all, err := listStandards(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	for _, st := range all {
		scored := false
		if sub.Audit != nil {
			_, scored = sub.Audit.ScoreOf(st.Code)
		}
		if st.Retired() && !scored {
			continue
		}
		sub.Standards = append(sub.Standards, st)
		if sg, ok := suggest(st.Check, e, s.Missing.InterviewHours()); ok {
			sub.Suggestions[st.Code] = sg
		}
	}
	return sub, p, nil
}

// AuditSubject returns the interview of episode id to audit, with the
// standards and suggestions, and records the view of the young person's
// interview on the audit trail with their id.
func (s *Service) AuditSubject(ctx context.Context, id string) (*AuditSubject, error) {
	var sub *AuditSubject
	var p *people.Facts
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if sub, p, err = s.subject(ctx, tx, id); err != nil {
			return err
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: missing.RecordType, RecordID: sub.Episode.ID,
			PersonID: sub.Episode.PersonID, Detail: "return interview, for a quality audit"})
	})
	if err != nil {
		return nil, errs.Wrap(err, "reading the interview to audit")
	}
	u, _ := auth.Actor(ctx)
	return sub, s.Missing.Fill(ctx, u, sub.Episode, p)
}

// SaveAudit records (or changes) the signed-in manager's audit of the
// return interview of episode id: a score and comment per standard and an
// overall comment. The auditor and date are the manager's and today's.
func (s *Service) SaveAudit(ctx context.Context, id string, in AuditInput) (*Audit, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	sub, _, err := s.subject(ctx, s.DB.Read(), id)
	if err != nil {
		return nil, err
	}
	if err := in.validate(sub.Standards); err != nil {
		return nil, err
	}
	version := 0
	if sub.Audit != nil {
		version = sub.Audit.Version
	}
	if in.Version != 0 && in.Version != version {
		return nil, missing.ErrStale
	}
	now := s.now()
	a := &Audit{ID: db.NewID(), EpisodeID: sub.Episode.ID, PersonID: sub.Episode.PersonID, CreatedAt: now}
	if sub.Audit != nil {
		a.ID, a.CreatedAt = sub.Audit.ID, sub.Audit.CreatedAt
	}
	a.AuthorityID, a.Service, a.Month = sub.Episode.AuthorityID, sub.Service, sub.Month
	a.OverallComment, a.AuditorID, a.AuditorName = in.OverallComment, u.ID, u.Name
	a.AuditedOn, a.UpdatedAt, a.Version = civil.Of(now.In(civil.London)), now, version+1
	for _, st := range sub.Standards {
		a.Scores = append(a.Scores, Score{Code: st.Code, Statement: st.Statement, Score: in.Scores[st.Code],
			Suggested: sub.Suggestions[st.Code].Score, Comment: in.Comments[st.Code]})
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		e, p, err := s.Missing.Read(ctx, tx, u, id)
		if err != nil {
			return err
		}
		a.AuthorityID = p.Record.OwnerOrgID
		if cur, err := loadAudit(ctx, tx, e.ID); err != nil {
			return err
		} else if (cur == nil && version != 0) || (cur != nil && cur.Version != version) {
			return missing.ErrStale
		}
		if err := saveAudit(ctx, tx, a, version); err != nil {
			return err
		}
		action, detail := audit.Create, "audited the return interview against %d standards"
		if version != 0 {
			action, detail = audit.Update, "changed the audit of the return interview, %d standards"
		}
		return s.Audit.Record(ctx, tx, audit.Event{Action: action, RecordType: AuditRecordType, RecordID: a.ID,
			PersonID: a.PersonID, Detail: fmt.Sprintf(detail, len(a.Scores))})
	})
	if db.IsUniqueViolation(err) {
		return nil, missing.ErrStale
	}
	if err != nil {
		return nil, errs.Wrap(err, "saving the audit")
	}
	return a, nil
}

// services are the distinct services, by their first-seen name, of rows.
func services(rows []missing.HeldInterview) []string {
	var out, keys []string
	for _, r := range rows {
		if k := serviceKey(r.Service); !slices.Contains(keys, k) {
			keys, out = append(keys, k), append(out, r.Service)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return compareFold(a, b) })
	return out
}

func compareFold(a, b string) int {
	ka, kb := serviceKey(a), serviceKey(b)
	switch {
	case ka < kb:
		return -1
	case ka > kb:
		return 1
	}
	return 0
}

// now in London, for the month lists.
func (s *Service) londonNow() time.Time { return s.Now().In(civil.London) }
