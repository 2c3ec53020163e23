package people

import (
	"net/http"
	"net/url"

	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/page"
	"mace/internal/platform/web"
)

type listData struct {
	Result    ListResult
	Search    string
	Orgs      map[string]auth.Organisation
	Today     civil.Date
	CanAdd    bool
	FirstHref string
	NextHref  string
}

// List shows the people the user may see, or those matching a search, a
// page at a time: after= is the cursor of the page, from its "Next page"
// link.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query().Get("q")
	after := r.URL.Query().Get("after")
	form := web.NewForm(url.Values{"q": {q}})
	status := http.StatusOK
	res, err := h.Svc.List(r.Context(), ListQuery{Search: q, After: after})
	if form.Fail(err) {
		// A search refused (too long) is shown again as typed, with the
		// problem, and nothing found.
		status, res = http.StatusUnprocessableEntity, ListResult{First: true, PerPage: page.Default}
	} else if err != nil {
		return err
	}
	orgs, err := h.Svc.orgNames(r.Context())
	if err != nil {
		return err
	}
	d := listData{Result: res, Search: q, Orgs: orgs, Today: h.Svc.today(), CanAdd: canCreate(r)}
	link := func(after string) string {
		v := url.Values{}
		if q != "" {
			v.Set("q", q)
		}
		if after != "" {
			v.Set("after", after)
		}
		if len(v) == 0 {
			return "/people"
		}
		return "/people?" + v.Encode()
	}
	if !res.First {
		d.FirstHref = link("")
	}
	if res.Next != "" {
		d.NextHref = link(res.Next)
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
