package consultation

import (
	"net/http"
	"net/url"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/choice"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

type listData struct {
	Result    ListResult
	States    []choice.Option
	CanAdd    bool
	Filtered  bool
	FirstHref string
	NextHref  string
}

// List shows the authority's consultation log, newest first, filtered by
// whether a referral followed and by date, a page at a time: after= is
// the cursor of the page, from its "Next page" link.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) error {
	query := r.URL.Query()
	f := web.NewForm(query)
	q := ListQuery{State: f.Get("state"), After: query.Get("after")}
	var problem string
	if q.From, problem = f.FormDate("from", "The start date"); problem != "" {
		f.SetError("from", problem)
	}
	if q.To, problem = f.FormDate("to", "The end date"); problem != "" {
		f.SetError("to", problem)
	}
	status := http.StatusOK
	d := listData{States: States.Options(), CanAdd: access.LogConsultation(auth.UserFrom(r.Context())),
		Filtered: q.State != "" || !q.From.IsZero() || !q.To.IsZero()}
	if !f.HasErrors() {
		res, err := h.Svc.List(r.Context(), q)
		if !f.Fail(err) && err != nil {
			return err
		}
		d.Result = res
		if fe := errs.Fields(err); len(fe) == 1 && fe[0].Field == "cursor" {
			// A made-up cursor: the problem, and nothing listed. (A
			// filter refused is shown with its problem as a page.)
			status, d.Result = http.StatusUnprocessableEntity, ListResult{First: true}
		}
	}
	link := func(after string) string {
		v := url.Values{}
		for k, vs := range query {
			if k != "after" && k != "page" {
				v[k] = vs
			}
		}
		if after != "" {
			v.Set("after", after)
		}
		if len(v) == 0 {
			return "/consultations"
		}
		return "/consultations?" + v.Encode()
	}
	if !d.Result.First {
		d.FirstHref = link("")
	}
	if d.Result.Next != "" {
		d.NextHref = link(d.Result.Next)
	}
	h.R.Render(w, r, status, "consultation/list", web.Page{Title: "Consultations", Nav: "consultations", Data: d, Form: f})
	return nil
}
