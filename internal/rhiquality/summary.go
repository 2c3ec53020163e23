package rhiquality

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"mace/internal/missing"
	"mace/internal/people"
	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/text"
)

// Sample is the interviews of one service held in one month that a
// manager audits, drawn by a seed of the month and service: the same month
// and service always give the same sample, and an audited interview stays
// in it, marked done.
type Sample struct {
	Month    string       `json:"month"`
	Service  string       `json:"service"`
	Seed     string       `json:"seed"`
	Rule     SampleRule   `json:"rule"`
	Held     int          `json:"held"`
	Items    []SampleItem `json:"interviews"`
	Services []string     `json:"-"` // services with interviews held that month
}

// SampleItem is one interview of a sample.
type SampleItem struct {
	EpisodeID  string `json:"episode_id"`
	PersonID   string `json:"person_id"`
	PersonName string `json:"person_name"`
	HeldAt     string `json:"held_at"`
	Audited    bool   `json:"audited"`
}

// ToAudit counts the sampled interviews not yet audited.
func (s *Sample) ToAudit() int {
	n := 0
	for _, i := range s.Items {
		if !i.Audited {
			n++
		}
	}
	return n
}

// ProposeSample draws the sample of interviews held in month (YYYY-MM) and
// offered by service, under rule, from those the signed-in manager may
// audit. An empty service lists the month's services and draws nothing.
// The list shows young people's names, so it goes on the audit trail with
// the month, service, seed and size.
func (s *Service) ProposeSample(ctx context.Context, month, service string, rule SampleRule) (*Sample, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	if !access.AuditInterviews(u) {
		return nil, errMayNotAudit
	}
	var v errs.Validation
	m, from, to, merr := ParseMonth(month)
	if merr != nil {
		v.Add("month", errs.Fields(merr)[0].Message)
	}
	for _, f := range errs.Fields(rule.validate()) {
		v.Add(f.Field, f.Message)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	read := s.DB.Read()
	rows, err := s.Missing.HeldInterviews(ctx, read, missing.HeldFilter{From: from, To: to,
		ServiceKey: access.QualityServiceKey(u), People: peopleScope(u, true)})
	if err != nil {
		return nil, errs.Wrap(err, "drawing the sample")
	}
	smp := &Sample{Month: m, Service: text.OneLine(service), Rule: rule, Services: services(rows), Items: []SampleItem{}}
	if smp.Service == "" {
		return smp, nil
	}
	byID := map[string]missing.HeldInterview{}
	var ids []string
	for _, r := range rows {
		if serviceKey(r.Service) == serviceKey(smp.Service) {
			byID[r.EpisodeID] = r
			ids = append(ids, r.EpisodeID)
		}
	}
	smp.Held, smp.Seed = len(ids), SampleSeed(m, smp.Service)
	drawn := draw(smp.Seed, ids, rule.Size(len(ids)))
	personIDs := make([]string, len(drawn))
	for i, id := range drawn {
		personIDs[i] = byID[id].PersonID
	}
	audited, err := auditIDs(ctx, read, drawn)
	if err != nil {
		return nil, errs.Wrap(err, "drawing the sample")
	}
	names, err := people.LoadManyFacts(ctx, read, personIDs)
	if err != nil {
		return nil, errs.Wrap(err, "drawing the sample")
	}
	for _, id := range drawn {
		r := byID[id]
		item := SampleItem{EpisodeID: id, PersonID: r.PersonID, HeldAt: londonTime(r.HeldAt), Audited: audited[id] != ""}
		if p := names[r.PersonID]; p != nil {
			item.PersonName = p.Name
		}
		smp.Items = append(smp.Items, item)
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		return s.Audit.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: AuditRecordType + "-sample",
			Detail: fmt.Sprintf("sample of %s for %s, seed %s, %d of %d held, rule %d%% at least %d", m,
				smp.Service, smp.Seed, len(smp.Items), smp.Held, rule.Percent, rule.Minimum), Shown: personIDs})
	})
	if err != nil {
		return nil, errs.Wrap(err, "recording the sample")
	}
	return smp, nil
}

// StandardResult is how often a standard was met in a month's audits:
// met counts 1, partly met 0.5, not met 0, over the audits it applied to.
type StandardResult struct {
	Code    string   `json:"standard"`
	Scored  int      `json:"scored"`
	Percent *float64 `json:"percent_met"` // nil when no audit scored it
}

// SummaryRow is one service's month.
type SummaryRow struct {
	Service   string           `json:"service"`
	Month     string           `json:"month"`
	Held      int              `json:"held"`
	Audited   int              `json:"audited"`
	Standards []StandardResult `json:"standards"`
	Overall   *float64         `json:"overall_percent_met"`
}

// QualitySummary is the audits of a month (or months) by service.
type QualitySummary struct {
	From, To  string       `json:"-"`
	Standards []Standard   `json:"standards"`
	Rows      []SummaryRow `json:"rows"`
}

type tally struct{ points, n float64 }

func (t tally) percent() *float64 {
	if t.n == 0 {
		return nil
	}
	p := float64(int(t.points/t.n*1000+0.5)) / 10
	return &p
}

// Summary counts, per service and month, the interviews held and audited
// and the share of each standard met. month is YYYY-MM, or empty for the
// twelve months to now; service narrows to one service when not empty.
// Numbers reveal no one's record, so restricted records count too.
func (s *Service) Summary(ctx context.Context, month, service string) (*QualitySummary, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	if !access.ReadQualitySummary(u) {
		return nil, errs.E(errs.Forbidden, "You do not have permission to see the audits of return interviews")
	}
	sum := &QualitySummary{Rows: []SummaryRow{}}
	first, _, to, err := ParseMonth(month)
	if month == "" {
		now := s.londonNow()
		first, to = MonthOf(now.AddDate(0, -11, -now.Day()+1)), now.AddDate(0, 1, -now.Day()+1)
		err = nil
	}
	if err != nil {
		return nil, err
	}
	_, from, _, _ := ParseMonth(first)
	sum.From, sum.To = first, MonthOf(to.AddDate(0, 0, -1))
	if sum.Standards, err = listStandards(ctx, s.DB.Read()); err != nil {
		return nil, errs.Wrap(err, "reading the standards")
	}
	held, err := s.Missing.HeldInterviews(ctx, s.DB.Read(), missing.HeldFilter{From: from, To: to,
		ServiceKey: access.QualityServiceKey(u), People: peopleScope(u, false)})
	if err != nil {
		return nil, errs.Wrap(err, "counting interviews held")
	}
	scores, err := auditScores(ctx, s.DB.Read(), scoreFilter{From: sum.From, To: sum.To,
		ServiceKey: access.QualityServiceKey(u), People: peopleScope(u, false)})
	if err != nil {
		return nil, errs.Wrap(err, "reading audits")
	}
	type key struct{ service, month string }
	rows := map[key]*SummaryRow{}
	tallies := map[key]map[string]*tally{}
	row := func(svc, month string) *SummaryRow {
		k := key{serviceKey(svc), month}
		if rows[k] == nil {
			rows[k] = &SummaryRow{Service: svc, Month: month}
			tallies[k] = map[string]*tally{"": {}}
		}
		return rows[k]
	}
	want := func(svc string) bool { return service == "" || serviceKey(svc) == serviceKey(service) }
	for _, h := range held {
		if want(h.Service) {
			row(h.Service, MonthOf(h.HeldAt)).Held++
		}
	}
	counted := map[string]bool{}
	for _, sc := range scores {
		if !want(sc.Service) {
			continue
		}
		r := row(sc.Service, sc.Month)
		if !counted[sc.AuditID] {
			counted[sc.AuditID] = true
			r.Audited++
		}
		pts, ok := ScorePoints(sc.Score)
		if !ok {
			continue
		}
		t := tallies[key{serviceKey(sc.Service), sc.Month}]
		if t[sc.Code] == nil {
			t[sc.Code] = &tally{}
		}
		for _, c := range []string{sc.Code, ""} {
			t[c].points += float64(pts) / 2
			t[c].n++
		}
	}
	for k, r := range rows {
		for _, st := range sum.Standards {
			t := tallies[k][st.Code]
			if t == nil {
				t = &tally{}
			}
			r.Standards = append(r.Standards, StandardResult{Code: st.Code, Scored: int(t.n), Percent: t.percent()})
		}
		r.Overall = tallies[k][""].percent()
		sum.Rows = append(sum.Rows, *r)
	}
	slices.SortFunc(sum.Rows, func(a, b SummaryRow) int {
		if c := compareFold(a.Service, b.Service); c != 0 {
			return c
		}
		return -strings.Compare(a.Month, b.Month)
	})
	return sum, nil
}

// peopleScope keeps the young people whose interviews' audits u may read
// or make (with their content, when withContent), as access.QualityScope
// decides.
func peopleScope(u *auth.User, withContent bool) missing.PeopleCond {
	return func(a *db.Args, personIDCol string) string {
		return people.ScopeSQL(u, a, personIDCol, func(u *auth.User, a *db.Args, idCol, ownerCol, restrictedCol string) string {
			return access.QualityPeopleScope(u, a, idCol, ownerCol, restrictedCol, withContent)
		})
	}
}
