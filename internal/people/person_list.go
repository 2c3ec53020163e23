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
	form := web.NewForm(url.Values{"q": {q}})
	status := http.StatusOK
	res, err := h.Svc.List(r.Context(), ListQuery{Search: q, Page: page})
	if form.Fail(err) {
		// A search refused (too long) is shown again as typed, with the
		// problem, and nothing found.
		status, res = http.StatusUnprocessableEntity, ListResult{Page: 1, PerPage: 50}
	} else if err != nil {
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
	if form.HasErrors() {
		d.Search, title = "", "People"
	}
	h.R.Render(w, r, status, "people/list", web.Page{Title: title, Nav: "people", Data: d, Form: form})
	return nil
}
