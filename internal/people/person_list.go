package people

import (
	"net/http"
	"net/url"
	"strconv"

	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/web"
)

type listData struct {
	Result   ListResult
	Search   string
	Orgs     map[string]auth.Organisation
	Today    civil.Date
	CanAdd   bool
	PrevHref string
	NextHref string
}

// List shows the people the user may see, or those matching a search.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) error {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	q := r.URL.Query().Get("q")
	res, err := h.Svc.List(r.Context(), ListQuery{Search: q, Page: page})
	if err != nil {
		return err
	}
	orgs, err := h.Svc.orgNames(r.Context())
	if err != nil {
		return err
	}
	d := listData{Result: res, Search: q, Orgs: orgs, Today: h.Svc.today(), CanAdd: canCreate(r)}
	link := func(p int) string {
		v := url.Values{}
		if q != "" {
			v.Set("q", q)
		}
		v.Set("page", strconv.Itoa(p))
		return "/people?" + v.Encode()
	}
	if res.Page > 1 {
		d.PrevHref = link(res.Page - 1)
	}
	if res.Page < res.Pages() {
		d.NextHref = link(res.Page + 1)
	}
	title := "People"
	if q != "" {
		title = "Search results"
	}
	h.R.Render(w, r, http.StatusOK, "people/list", web.Page{Title: title, Nav: "people", Data: d,
		Form: web.NewForm(url.Values{"q": {q}})})
	return nil
}
