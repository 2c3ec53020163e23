package admin

import (
	"net/http"
	"net/url"

	"mace/internal/platform/choice"
	"mace/internal/platform/web"
)

type usersData struct {
	Rows       []userRow
	Orgs       []choice.Option
	FilterName string // the organisation shown, when filtered
}

// Users lists the users the signed-in user manages, all of them or those
// of one organisation (?organisation=id).
func (h *Handlers) Users(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	dir, err := h.directory(ctx)
	if err != nil {
		return err
	}
	orgs := dir.Orgs
	filter := r.URL.Query().Get("organisation")
	d := usersData{}
	known := false
	for _, o := range orgs {
		d.Orgs = append(d.Orgs, choice.Option{Value: o.ID, Label: o.Name})
		if o.ID == filter {
			known, d.FilterName = true, o.Name
		}
	}
	if !known {
		filter = ""
	}
	for _, u := range dir.Users {
		if filter == "" || u.Organisation.ID == filter {
			d.Rows = append(d.Rows, rowOf(u))
		}
	}
	h.render(w, r, http.StatusOK, "users", "Users", web.NewForm(url.Values{"organisation": {filter}}), d)
	return nil
}
