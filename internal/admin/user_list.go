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

// Users lists users, all of them or those of one organisation
// (?organisation=id).
func (h *Handlers) Users(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	orgs, err := h.Auth.ListOrganisations(ctx)
	if err != nil {
		return err
	}
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
	users, err := h.Auth.ListUsers(ctx, filter)
	if err != nil {
		return err
	}
	for _, u := range users {
		d.Rows = append(d.Rows, rowOf(u))
	}
	h.render(w, r, http.StatusOK, "users", "Users", web.NewForm(url.Values{"organisation": {filter}}), d)
	return nil
}
