package task

import (
	"context"
	"embed"
	"html/template"
	"net/url"
	"strings"
	"time"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

//go:embed templates/*.html
var Templates embed.FS

// TemplateFuncs are the template functions of the task pages.
var TemplateFuncs = template.FuncMap{
	"stateLabel": func(state string) string {
		return map[string]string{Open: "Open", Done: "Done", Cancelled: "Cancelled"}[state]
	},
}

// Calendars gives the working-day calendar (calendar.Service does).
type Calendars interface {
	Calendar(ctx context.Context) (*calendar.Calendar, error)
}

// Handlers serve My work, a task's page and the task API.
type Handlers struct {
	Svc       *Service
	Calendars Calendars
	R         *web.Renderer
	// RecordLinks maps a task's record type to the path its record's page
	// starts with ("person" -> "/people/"): this package does not know the
	// addresses of other features. A type not named is shown unlinked.
	RecordLinks map[string]string
	// StepLinks name, by task kind, the page where the step a task stands
	// for is taken ("{id}" in Path is the task's id), offered on an open
	// task to those who may act on it.
	StepLinks map[string]StepLink
}

// StepLink is where a task's step is taken.
type StepLink struct {
	Label string // "Arrange a strategy discussion"
	Path  string // "/meetings/new?kind=strategy&convened_by_type=task&convened_by_id={id}"
}

// Row is a task as a page shows it.
type Row struct {
	Task   Task
	Record string // the kind of record, in words: "Person", "Referral"
	Link   string // the record's page, or ""
	Owner  string // "You", or the team's or person's name
	Due    Due
	CanAct bool
	Step   *StepLink // where to take the step, for an open task the user may act on
}

// recordLabel names a record type in words: "missing-episode" is
// "Missing episode".
func recordLabel(recordType string) string {
	s := strings.ReplaceAll(recordType, "-", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// rowMaker builds the rows of tasks shown to u, looking up each owner's name once.
type rowMaker struct {
	h     *Handlers
	ctx   context.Context
	u     *auth.User
	cal   *calendar.Calendar
	now   time.Time
	names map[Owner]string
}

func (h *Handlers) rowMaker(ctx context.Context, u *auth.User) (*rowMaker, error) {
	cal, err := h.Calendars.Calendar(ctx)
	if err != nil {
		return nil, errs.Wrap(err, "reading the calendar")
	}
	return &rowMaker{h: h, ctx: ctx, u: u, cal: cal, now: h.Svc.Now(), names: map[Owner]string{}}, nil
}

// ownerName is "You", or the name of the team or person.
func (m *rowMaker) ownerName(o Owner) (string, error) {
	if o.UserID != "" && o.UserID == m.u.ID {
		return "You", nil
	}
	if n, ok := m.names[o]; ok {
		return n, nil
	}
	var name string
	if o.TeamID != "" {
		team, err := m.h.Svc.Directory.GetTeam(m.ctx, o.TeamID)
		if err != nil {
			return "", errs.Wrap(err, "naming a task's team")
		}
		name = team.Name
	} else {
		other, err := m.h.Svc.Directory.GetUser(m.ctx, o.UserID)
		if err != nil {
			return "", errs.Wrap(err, "naming a task's owner")
		}
		name = other.Name
	}
	m.names[o] = name
	return name, nil
}

func (m *rowMaker) row(t Task) (Row, error) {
	owner, err := m.ownerName(t.Owner())
	if err != nil {
		return Row{}, err
	}
	r := Row{Task: t, Record: recordLabel(t.RecordType), Owner: owner, CanAct: t.State == Open && access.ActOn(m.u, t.Assignment()),
		Due: DescribeDue(t.DueAt, m.now, m.cal)}
	if t.State != Open {
		r.Due.Status, r.Due.Tag = "", ""
	}
	if prefix, ok := m.h.RecordLinks[t.RecordType]; ok {
		r.Link = prefix + t.RecordID
	}
	if l, ok := m.h.StepLinks[t.Kind]; ok && r.CanAct {
		r.Step = &StepLink{Label: l.Label, Path: strings.ReplaceAll(l.Path, "{id}", url.QueryEscape(t.ID))}
	}
	return r, nil
}

func (m *rowMaker) rows(ts []Task) ([]Row, error) {
	out := make([]Row, 0, len(ts))
	for _, t := range ts {
		r, err := m.row(t)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// safeNext keeps a return address after a task's form on the task pages.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/my-work") && !strings.ContainsAny(next, "\\\r\n") &&
		(len(next) == len("/my-work") || next[len("/my-work")] == '?') {
		return next
	}
	return "/my-work"
}
