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
	Rows        []Row
}

type myWorkData struct {
	Team, State string // the filter as asked for: team "", "all" or an id; state open, overdue or done
	TeamLabel   string // whose work is shown, in words
	Teams       []choice.Option
	Sections    []Section
	Empty       bool
	Others      int    // open tasks of the manager's teams' members, not shown in "Yours"
	Here        string // this page's address, to come back to after a form
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
	d := myWorkData{Team: q.Get("team"), State: q.Get("state"), TeamLabel: "Your work and your teams'", Here: r.URL.RequestURI()}
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

// fillMyWork reads the tasks the filter asks for into d's groups.
func (h *Handlers) fillMyWork(r *http.Request, u *auth.User, d *myWorkData) error {
	ctx := r.Context()
	m, err := h.rowMaker(ctx, u)
	if err != nil {
		return err
	}
	var w MyWork
	var list []Task
	switch assignee := h.assignee(d.Team); {
	case assignee == "me" && d.State == Open:
		if w, err = h.Svc.MyWork(ctx, u); err != nil {
			return err
		}
		d.Others = len(w.TeamTasks)
	default:
		if list, err = h.Svc.List(ctx, u, Query{Assignee: assignee, State: d.State, Limit: 500}); err != nil {
			return err
		}
		if d.State == Open {
			w = Group(list, m.now)
		}
	}
	groups := []Section{{ID: "overdue", Heading: "Overdue"}, {ID: "due-today", Heading: "Due today"}, {ID: "due-later", Heading: "Due later"}}
	switch d.State {
	case Open:
		for i, ts := range [][]Task{w.Overdue, w.DueToday, w.Later} {
			if groups[i].Rows, err = m.rows(ts); err != nil {
				return err
			}
		}
	case "overdue":
		groups = groups[:1]
		groups[0].Rows, err = m.rows(list)
	case Done:
		groups = []Section{{ID: "done", Heading: "Done"}}
		groups[0].Rows, err = m.rows(list)
	}
	if err != nil {
		return err
	}
	d.Empty = true
	for _, g := range groups {
		if len(g.Rows) > 0 {
			d.Empty = false
			d.Sections = append(d.Sections, g)
		}
	}
	return nil
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
