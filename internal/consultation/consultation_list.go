package consultation

import (
	"net/http"
	"net/url"
	"strconv"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/choice"
	"mace/internal/platform/web"
)

type listData struct {
	Result   ListResult
	States   []choice.Option
	CanAdd   bool
	Filtered bool
	PrevHref string
	NextHref string
}

// List shows the authority's consultation log, newest first, filtered by
// whether a referral followed and by date.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) error {
	query := r.URL.Query()
	f := web.NewForm(query)
	q := ListQuery{State: f.Get("state")}
	q.Page, _ = strconv.Atoi(f.Get("page"))
	var problem string
	if q.From, problem = f.FormDate("from", "The start date"); problem != "" {
		f.SetError("from", problem)
	}
	if q.To, problem = f.FormDate("to", "The end date"); problem != "" {
		f.SetError("to", problem)
	}
	d := listData{States: States.Options(), CanAdd: access.LogConsultation(auth.UserFrom(r.Context())),
		Filtered: q.State != "" || !q.From.IsZero() || !q.To.IsZero()}
	if !f.HasErrors() {
		res, err := h.Svc.List(r.Context(), q)
		if !f.Fail(err) && err != nil {
			return err
		}
		d.Result = res
	}
	link := func(p int) string {
		v := url.Values{}
		for k, vs := range query {
			if k != "page" {
				v[k] = vs
			}
		}
		v.Set("page", strconv.Itoa(p))
		return "/consultations?" + v.Encode()
	}
	if d.Result.Page > 1 {
		d.PrevHref = link(d.Result.Page - 1)
	}
	if d.Result.PerPage > 0 && d.Result.Page < d.Result.Pages() {
		d.NextHref = link(d.Result.Page + 1)
	}
	h.R.Render(w, r, http.StatusOK, "consultation/list", web.Page{Title: "Consultations", Nav: "consultations", Data: d, Form: f})
	return nil
}
