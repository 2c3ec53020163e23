package meeting

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"mace/internal/platform/access"
	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// The daily meeting's agenda writes itself: for a working day, everything
// that happened since the previous daily meeting (a Monday's covers the
// weekend, the day after a bank holiday covers it), one item per young
// person with the facts that put them there.

// DefaultDailyTime is when a daily meeting starts, in London, when no
// daily meeting is recorded for the day.
const DefaultDailyTime = 9*time.Hour + 30*time.Minute

// ReferralFact is a referral received, as the agenda needs it.
type ReferralFact struct {
	ReferralID    string
	Reference     string
	PersonID      string // the record it was linked to, if any
	ChildName     string // as the referrer gave it
	ReferrerOrg   string
	ReceivedAt    time.Time
	Urgent        bool
	State         string // plain words: "awaiting screening", "decided"
	DecisionDueAt time.Time
	Outcome       string // plain words, once decided
}

// Missing facts' kinds.
const (
	FactStillMissing  = "still-missing"
	FactReported      = "reported-missing"
	FactInterviewDue  = "return-interview-due"
	FactInterviewLate = "return-interview-overdue"
)

// MissingFact is a missing episode, as the agenda needs it: Kind says why
// it is there.
type MissingFact struct {
	Kind           string
	EpisodeID      string
	PersonID       string
	PersonName     string
	StartAt        time.Time
	EndAt          time.Time // zero while missing
	RiskGrading    string    // plain words: "high risk"
	InterviewDueAt time.Time
}

// Sources give the facts the agenda is written from, as the signed-in user
// may see them (the application provides them from the referral and
// missing services, each auditing its own reading).
type Sources interface {
	ReferralsReceived(ctx context.Context, from, to time.Time) ([]ReferralFact, error)
	MissingFacts(ctx context.Context, from, to time.Time) ([]MissingFact, error)
}

// Agendas writes daily meetings' agendas.
type Agendas struct {
	Meetings *Service
	Sources  Sources
}

// AgendaItem is one item of a generated agenda: a young person, or a
// referral not yet linked to a record, with the reasons it is there.
type AgendaItem struct {
	Kind     string   `json:"kind"` // SubjectChild, or SubjectTheme
	Subject  string   `json:"subject"`
	PersonID string   `json:"person_id,omitempty"`
	Reasons  []string `json:"reasons"`
	// Hidden says the item is about a person whose record the reader may
	// not see in full: it exists, and nothing of it is given.
	Hidden bool `json:"hidden,omitempty"`

	priority int
	first    time.Time
	key      string
}

// DailyAgenda is the agenda of an authority's daily meeting on a day.
type DailyAgenda struct {
	Date civil.Date `json:"date"`
	// From and To are the times it covers: from the previous daily
	// meeting to this one.
	From  time.Time    `json:"from"`
	To    time.Time    `json:"to"`
	Items []AgendaItem `json:"items"`
}

// meetingAt is when the authority's daily meeting on day starts: the one
// recorded for that day, else DefaultDailyTime.
func (g *Agendas) meetingAt(ctx context.Context, q db.Querier, orgID string, day civil.Date) (time.Time, error) {
	at, err := dailyStart(ctx, q, orgID, day)
	if err != nil {
		return time.Time{}, err
	}
	if at.IsZero() {
		at = day.Time(civil.London).Add(DefaultDailyTime)
	}
	return at, nil
}

// Daily writes the agenda of the signed-in user's authority's daily
// meeting on date, a working day. An item about a person whose record the
// user may not see in full says only that it exists. Reading it is on the
// audit trail, with the people whose content it showed.
func (g *Agendas) Daily(ctx context.Context, date civil.Date) (*DailyAgenda, error) {
	ag, err := g.generate(ctx, date)
	if err != nil {
		return nil, err
	}
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	err = g.Meetings.DB.Tx(ctx, func(tx *sql.Tx) error {
		var ids []string
		for _, it := range ag.Items {
			if it.PersonID != "" {
				ids = append(ids, it.PersonID)
			}
		}
		facts, err := records(ctx, tx, ids)
		if err != nil {
			return err
		}
		see := userSight(u, facts)
		var shown []string
		for i := range ag.Items {
			it := &ag.Items[i]
			if it.PersonID == "" {
				continue
			}
			if see(it.PersonID) {
				shown = append(shown, it.PersonID)
				continue
			}
			*it = AgendaItem{Kind: it.Kind, Subject: HiddenChild, Reasons: []string{}, Hidden: true, key: it.Key()}
		}
		return g.Meetings.Audit.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: RecordType,
			Detail: fmt.Sprintf("viewed the daily meeting's agenda for %s, %d items", date, len(ag.Items)), Shown: shown})
	})
	if err != nil {
		return nil, errs.Wrap(err, "writing the agenda")
	}
	return ag, nil
}

// generate writes the agenda of the signed-in user's authority's daily
// meeting on date from the facts as the user may see them, before the
// content about people the user may not see is left out: what is recorded
// at the meeting is the whole item.
func (g *Agendas) generate(ctx context.Context, date civil.Date) (*DailyAgenda, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, err
	}
	if !access.RunMeetings(u) {
		return nil, errs.E(errs.Forbidden, "Only staff of a local authority who run its meetings can see the daily meeting's agenda")
	}
	cal, err := g.Meetings.Calendar.Calendar(ctx)
	if err != nil {
		return nil, errs.Wrap(err, "reading the calendar")
	}
	if !cal.IsWorkingDay(date) {
		return nil, errs.E(errs.Invalid, "There is no daily meeting on %s: choose a working day", date.Time(civil.London).Format("Monday 2 January 2006"))
	}
	prev := date.AddDays(-1)
	for !cal.IsWorkingDay(prev) {
		prev = prev.AddDays(-1)
	}
	q := g.Meetings.DB.Read()
	ag := &DailyAgenda{Date: date, Items: []AgendaItem{}}
	if ag.From, err = g.meetingAt(ctx, q, u.Organisation.ID, prev); err != nil {
		return nil, errs.Wrap(err, "writing the agenda")
	}
	if ag.To, err = g.meetingAt(ctx, q, u.Organisation.ID, date); err != nil {
		return nil, errs.Wrap(err, "writing the agenda")
	}
	refs, err := g.Sources.ReferralsReceived(ctx, ag.From, ag.To)
	if err != nil {
		return nil, errs.Wrap(err, "reading the referrals received")
	}
	mis, err := g.Sources.MissingFacts(ctx, ag.From, ag.To)
	if err != nil {
		return nil, errs.Wrap(err, "reading missing episodes")
	}
	links, err := g.newLinks(ctx, u, ag.From, ag.To)
	if err != nil {
		return nil, errs.Wrap(err, "reading the associations recorded")
	}
	ag.Items = agendaItems(refs, mis, links, ag.To)
	themes, err := g.newThemes(ctx, u, ag.From, ag.To)
	if err != nil {
		return nil, errs.Wrap(err, "reading the themes raised")
	}
	ag.Items = append(ag.Items, themes...)
	return ag, nil
}

// newThemes are the themes raised at the authority's other meetings (MACE
// panels, strategy discussions, mapping meetings) from from up to to, one
// item each, the earliest first. A theme is about no one, so reading them
// is not audited.
func (g *Agendas) newThemes(ctx context.Context, u *auth.User, from, to time.Time) ([]AgendaItem, error) {
	themes, err := themesRaised(ctx, g.Meetings.DB.Read(), since{OrgID: u.Organisation.ID, From: from, To: to})
	if err != nil {
		return nil, err
	}
	var out []AgendaItem
	for _, t := range themes {
		out = append(out, AgendaItem{Kind: SubjectTheme, Subject: t.Subject, Reasons: []string{
			fmt.Sprintf("Theme raised at the %s on %s", strings.ToLower(KindLabel(t.MeetingKind)), t.MeetingAt.In(civil.London).Format("Mon 2 Jan"))}})
	}
	return out, nil
}

// LinkFact is an association recorded at one of the authority's meetings
// since the previous daily meeting: a young person newly linked to an
// adult of concern, a place or another.
type LinkFact struct {
	PersonID, PersonName string
	Other                string // the other's name or description, as the reader may see it
	Relation             string // plain words
	MeetingKind          string
	MeetingAt            time.Time
	RecordedAt           time.Time
}

// newLinks are the associations recorded at the user's authority's
// meetings from from up to to, about young people the user may see in
// full; reading them is on the audit trail with each person.
func (g *Agendas) newLinks(ctx context.Context, u *auth.User, from, to time.Time) ([]LinkFact, error) {
	var out []LinkFact
	err := g.Meetings.DB.Tx(ctx, func(tx *sql.Tx) error {
		all, err := linksRecorded(ctx, tx, since{OrgID: u.Organisation.ID, From: from, To: to})
		if err != nil {
			return err
		}
		var ids []string
		for _, r := range all {
			ids = append(ids, r.PersonID, r.OtherID)
		}
		names, err := personNames(ctx, tx, u, ids)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		var events []audit.Event
		for _, r := range all {
			if r.PersonName = names[r.PersonID]; r.PersonName == "" {
				continue
			}
			if r.OtherID != "" {
				// An association is about both people on record.
				if r.Other = names[r.OtherID]; r.Other == "" {
					continue
				}
			}
			r.Relation = strings.ToLower(RelationLabel(r.Relation))
			out = append(out, r.LinkFact)
			for _, id := range []string{r.PersonID, r.OtherID} {
				if id != "" && !seen[id] {
					seen[id] = true
					events = append(events, audit.Event{Action: audit.View, RecordType: RecordType,
						PersonID: id, Detail: "associations recorded at meetings, for the daily meeting's agenda"})
				}
			}
		}
		return g.Meetings.record(ctx, tx, events...)
	})
	return out, err
}

// when is a time as the agenda says it: "Sat 21 Nov, 14:02".
func when(t time.Time) string { return t.In(civil.London).Format("Mon 2 Jan, 15:04") }

// agendaItems gathers the facts into one item per young person (or per
// referral not linked to a record): those still missing first, then new
// referrals, new missing reports and associations, and return interviews
// overdue and due, each group the earliest first.
func agendaItems(refs []ReferralFact, mis []MissingFact, links []LinkFact, at time.Time) []AgendaItem {
	var items []*AgendaItem
	byPerson := map[string]*AgendaItem{}
	add := func(personID, name string, priority int, first time.Time, reason string) {
		it := byPerson[personID]
		if it == nil || personID == "" {
			it = &AgendaItem{Kind: SubjectChild, Subject: name, PersonID: personID, priority: priority, first: first}
			items = append(items, it)
			if personID != "" {
				byPerson[personID] = it
			}
		}
		if it.Subject == "" {
			it.Subject = name
		}
		if priority < it.priority || (priority == it.priority && first.Before(it.first)) {
			it.priority, it.first = priority, first
		}
		if !slices.Contains(it.Reasons, reason) {
			it.Reasons = append(it.Reasons, reason)
		}
	}
	// An episode both reported since the last meeting and still open is
	// told once, as still missing.
	open := map[string]bool{}
	reported := map[string]bool{}
	for _, m := range mis {
		switch m.Kind {
		case FactStillMissing:
			open[m.EpisodeID] = true
		case FactReported:
			reported[m.EpisodeID] = true
		}
	}
	for _, m := range mis {
		if m.Kind == FactReported && open[m.EpisodeID] && m.EpisodeID != "" {
			continue
		}
		grading := ""
		if m.RiskGrading != "" {
			grading = " (police grading: " + m.RiskGrading + ")"
		}
		switch m.Kind {
		case FactStillMissing:
			what := "Still missing"
			if reported[m.EpisodeID] && m.EpisodeID != "" {
				what = "Reported missing since the last meeting and still missing"
			}
			add(m.PersonID, m.PersonName, 0, m.StartAt, fmt.Sprintf("%s: went missing %s, %s ago%s",
				what, when(m.StartAt), span(at.Sub(m.StartAt)), grading))
		case FactReported:
			reason := "Reported missing: went missing " + when(m.StartAt) + grading
			if !m.EndAt.IsZero() {
				reason += "; returned " + when(m.EndAt)
			}
			add(m.PersonID, m.PersonName, 2, m.StartAt, reason)
		case FactInterviewLate:
			add(m.PersonID, m.PersonName, 3, m.InterviewDueAt, fmt.Sprintf("Return interview overdue: returned %s, interview was due by %s and none is recorded",
				when(m.EndAt), when(m.InterviewDueAt)))
		case FactInterviewDue:
			add(m.PersonID, m.PersonName, 4, m.InterviewDueAt, fmt.Sprintf("Return interview due: returned %s, offer an interview by %s",
				when(m.EndAt), when(m.InterviewDueAt)))
		}
	}
	for _, r := range refs {
		reason := fmt.Sprintf("New referral %s from %s, received %s", r.Reference, r.ReferrerOrg, when(r.ReceivedAt))
		if r.Urgent {
			reason += ", urgent"
		}
		if r.Outcome != "" {
			reason += ": " + r.State + ", " + r.Outcome
		} else if r.DecisionDueAt.Before(at) {
			reason += ": " + r.State + ", decision overdue since " + when(r.DecisionDueAt)
		} else {
			reason += ": " + r.State + ", decision due by " + when(r.DecisionDueAt)
		}
		add(r.PersonID, r.ChildName, 1, r.ReceivedAt, reason)
	}
	for _, l := range links {
		add(l.PersonID, l.PersonName, 2, l.RecordedAt, fmt.Sprintf("Newly linked at the %s on %s: %s, %s",
			strings.ToLower(KindLabel(l.MeetingKind)), l.MeetingAt.In(civil.London).Format("Mon 2 Jan"), l.Other, l.Relation))
	}
	slices.SortStableFunc(items, func(a, b *AgendaItem) int {
		if c := cmp.Compare(a.priority, b.priority); c != 0 {
			return c
		}
		return a.first.Compare(b.first)
	})
	out := make([]AgendaItem, len(items))
	for i, it := range items {
		out[i] = *it
	}
	return out
}

// span is a duration in plain words: "3 hours", "2 days and 11 hours".
func span(d time.Duration) string {
	switch h := int(d.Hours()); {
	case h < 1:
		return "less than an hour"
	case h == 1:
		return "1 hour"
	case h < 48:
		return fmt.Sprintf("%d hours", h)
	case h%24 == 0:
		return fmt.Sprintf("%d days", h/24)
	case h%24 == 1:
		return fmt.Sprintf("%d days and 1 hour", h/24)
	default:
		return fmt.Sprintf("%d days and %d hours", h/24, h%24)
	}
}
