package missing

import (
	"net/http"

	"mace/internal/platform/page"
	"mace/internal/platform/web"
)

// The lists of children missing now and of overdue return interviews, as
// pages and API, a page at a time: a page's after= (the API's cursor=) is
// the cursor the page before gave.

type listPage struct {
	Episodes []Summary
	Hours    int
	// FirstHref and NextHref are the links to the first and next pages,
	// "" where there is none.
	FirstHref, NextHref string
}

// links are the list's first and next page links at path.
func links(path, after string, l List) (first, next string) {
	if after != "" {
		first = path
	}
	if l.Next != "" {
		next = path + "?after=" + l.Next
	}
	return first, next
}

// Now shows the children missing now, the longest missing first.
func (h *Handlers) Now(w http.ResponseWriter, r *http.Request) error {
	after := r.URL.Query().Get("after")
	l, err := h.Svc.MissingNowPage(r.Context(), ListQuery{After: after})
	if err != nil {
		return err
	}
	d := listPage{Episodes: l.Episodes}
	d.FirstHref, d.NextHref = links("/missing", after, l)
	h.R.Render(w, r, http.StatusOK, "missing/now", web.Page{Title: "Missing now", Nav: "missing", Data: d, Now: h.Svc.Now()})
	return nil
}

// Overdue shows the returns whose interview was not offered in time.
func (h *Handlers) Overdue(w http.ResponseWriter, r *http.Request) error {
	after := r.URL.Query().Get("after")
	l, err := h.Svc.OverdueInterviewsPage(r.Context(), ListQuery{After: after})
	if err != nil {
		return err
	}
	d := listPage{Episodes: l.Episodes, Hours: h.Svc.timescales().ReturnInterviewHours}
	d.FirstHref, d.NextHref = links("/missing/overdue", after, l)
	h.R.Render(w, r, http.StatusOK, "missing/overdue", web.Page{Title: "Return interviews overdue", Nav: "missing", Data: d, Now: h.Svc.Now()})
	return nil
}

type apiList struct {
	Episodes   []Summary `json:"episodes"`
	Limit      int       `json:"limit"`
	NextCursor string    `json:"next_cursor,omitempty"`
}

// apiQuery reads a list's limit and cursor from the query string.
func apiQuery(r *http.Request) (ListQuery, error) {
	limit, err := page.Limit(r.URL.Query())
	return ListQuery{After: r.URL.Query().Get("cursor"), Limit: limit}, err
}

// APINow answers GET /api/v1/missing-now?limit=&cursor=.
func (h *Handlers) APINow(w http.ResponseWriter, r *http.Request) error {
	q, err := apiQuery(r)
	if err != nil {
		return err
	}
	l, err := h.Svc.MissingNowPage(r.Context(), q)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, apiList{Episodes: l.Episodes, Limit: l.Limit, NextCursor: l.Next})
	return nil
}

// APIOverdue answers GET /api/v1/return-interviews/overdue?limit=&cursor=.
func (h *Handlers) APIOverdue(w http.ResponseWriter, r *http.Request) error {
	q, err := apiQuery(r)
	if err != nil {
		return err
	}
	l, err := h.Svc.OverdueInterviewsPage(r.Context(), q)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, apiList{Episodes: l.Episodes, Limit: l.Limit, NextCursor: l.Next})
	return nil
}
