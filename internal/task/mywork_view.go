package task

import (
	"net/http"
	"net/url"

	"mace/internal/platform/auth"
	"mace/internal/platform/choice"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// Section is one heading of My work and its tasks.
type Section struct {
	ID, Heading string
	Count       Count // the group's size, of which Rows are a page
	Rows        []Row
	More        string // the address of the group's next page, or ""
}

type myWorkData struct {
	Team, State string // the filter as asked for: team "", "all" or an id; state open, overdue or done
	TeamLabel   string // whose work is shown, in words
	Teams       []choice.Option
	Sections    []Section
	Empty       bool
	Others      Count  // open tasks of the manager's teams' members, not shown in "Yours"
	Here        string // this page's address, to come back to after a form
	After       string // the cursor of this page, "" for the first
	Next, First string // the addresses of the next and first pages, or ""
}

// myWorkStates are the states the page filters on.
var myWorkStates = choice.Choices{{Code: Open, Label: "Open"}, {Code: "overdue", Label: "Overdue"}, {Code: Done, Label: "Done"}}

// MyWork shows the signed-in user's open tasks and their teams', overdue
// first, then due today, then later. Leads and managers may choose one of
// their teams, or all of them, to see the team's work (its own tasks and
// its members'); anyone may filter on open, overdue or done.
func (h *Handlers) MyWork(w http.ResponseWriter, r *http.Request) error {
	u := auth.UserFrom(r.Context())
	q := r.URL.Query()
	d := myWorkData{Team: q.Get("team"), State: q.Get("state"), TeamLabel: "Your work and your teams'", Here: r.URL.RequestURI(),
		After: q.Get("after")}
	if d.State == "" {
		d.State = Open
	}
	f := web.NewForm(url.Values{"team": {d.Team}, "state": {d.State}})
	ctx := r.Context()
	var teams choice.Choices
	if u.Has(auth.Lead, auth.Manager) && len(u.TeamIDs) > 0 {
		teams = choice.Choices{{Code: "", Label: "Yours and your teams' tasks"}, {Code: "all", Label: "All your teams' work"}}
		for _, id := range u.TeamIDs {
			team, err := h.Svc.Directory.GetTeam(ctx, id)
			if err != nil {
				return errs.Wrap(err, "naming your teams")
			}
			teams = append(teams, choice.Choice{Code: id, Label: team.Name})
			if id == d.Team {
				d.TeamLabel = team.Name
			}
		}
		d.Teams = teams.Options()
	}
	if !myWorkStates.Has(d.State) {
		f.SetError("state", "Choose open, overdue or done")
	}
	switch {
	case d.Team == "":
	case d.Team == "all" && len(d.Teams) > 0:
		d.TeamLabel = "All your teams' work"
	case teams.Has(d.Team):
	default:
		f.SetError("team", "Choose yourself or one of your teams")
	}
	if f.HasErrors() {
		h.R.Render(w, r, http.StatusBadRequest, "task/my-work", web.Page{Title: "My work", Nav: "my-work", Form: f, Data: d})
		return nil
	}
	if err := h.fillMyWork(r, u, &d); err != nil {
		return err
	}
	h.R.Render(w, r, http.StatusOK, "task/my-work", web.Page{Title: "My work", Nav: "my-work", Form: f, Data: d})
	return nil
}

// fillMyWork reads a page of the tasks the filter asks for into d's
// groups: the first page of each group of the user's open tasks, or a page
// of the list asked for with its groups' counts.
func (h *Handlers) fillMyWork(r *http.Request, u *auth.User, d *myWorkData) error {
	ctx := r.Context()
	m, err := h.rowMaker(ctx, u)
	if err != nil {
		return err
	}
	groups := []Section{{ID: "overdue", Heading: "Overdue"}, {ID: "due-today", Heading: "Due today"}, {ID: "due-later", Heading: "Due later"}}
	lists := make([][]Task, 3)
	switch assignee := h.assignee(d.Team); {
	case assignee == "me" && d.State == Open && d.After == "":
		w, err := h.Svc.MyWork(ctx, u)
		if err != nil {
			return err
		}
		d.Others = w.TeamCount
		lists = [][]Task{w.Overdue, w.DueToday, w.Later}
		for i, c := range []Count{w.Counts.Overdue, w.Counts.DueToday, w.Counts.Later} {
			groups[i].Count = c
		}
		if w.Next.Overdue != "" {
			groups[0].More = d.page("overdue", w.Next.Overdue)
		}
		if w.Next.DueToday != "" {
			groups[1].More = d.page(Open, w.Next.DueToday)
		}
		if w.Next.Later != "" {
			groups[2].More = d.page(Open, w.Next.Later)
		}
	default:
		p, err := h.Svc.Page(ctx, u, Query{Assignee: assignee, State: d.State, After: d.After, Count: true})
		if err != nil {
			return err
		}
		if p.Next != "" {
			d.Next = d.page(d.State, p.Next)
		}
		if d.After != "" {
			d.First = d.page(d.State, "")
		}
		switch d.State {
		case Open:
			w := Group(p.Tasks, m.now)
			lists = [][]Task{w.Overdue, w.DueToday, w.Later}
			for i, c := range []Count{p.Counts.Overdue, p.Counts.DueToday, p.Counts.Later} {
				groups[i].Count = c
			}
		case "overdue":
			groups, lists = groups[:1], [][]Task{p.Tasks}
			groups[0].Count = p.Counts.All
		case Done:
			groups, lists = []Section{{ID: "done", Heading: "Done", Count: p.Counts.All}}, [][]Task{p.Tasks}
		}
	}
	d.Empty = true
	for i := range groups {
		g := &groups[i]
		if g.Rows, err = m.rows(lists[i]); err != nil {
			return err
		}
		if len(g.Rows) > 0 {
			d.Empty = false
			d.Sections = append(d.Sections, *g)
		}
	}
	return nil
}

// page is the address of a page of My work with the same team, in state,
// from the cursor after ("" for the first page).
func (d *myWorkData) page(state, after string) string {
	q := url.Values{}
	if after != "" {
		q.Set("after", after)
	}
	if state != Open {
		q.Set("state", state)
	}
	if d.Team != "" {
		q.Set("team", d.Team)
	}
	if len(q) == 0 {
		return "/my-work"
	}
	return "/my-work?" + q.Encode()
}

// assignee is the list query for the team filter.
func (h *Handlers) assignee(team string) string {
	switch team {
	case "":
		return "me"
	case "all":
		return AllTeams
	}
	return "team:" + team
}
