package meeting

import (
	"net/http"

	"mace/internal/platform/civil"
	"mace/internal/platform/web"
)

// The absence report page.

// Absences shows how often agencies were missing from the authority's
// meetings over a period (the last three months by default).
func (h *Handlers) Absences(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := web.NewForm(q)
	now := today(h.Svc)
	from, to := now.AddDays(-91), now
	for _, p := range []struct {
		name, what string
		d          *civil.Date
	}{{"from", "The start of the period", &from}, {"to", "The end of the period", &to}} {
		if iso := f.Get(p.name); iso != "" && f.Get(p.name+"-day") == "" {
			if d, err := civil.Parse(iso); err == nil {
				f.SetDate(p.name, d)
			} else {
				f.SetError(p.name, p.what+" must be a real date")
			}
		}
		switch d, problem := f.FormDate(p.name, p.what); {
		case problem != "":
			if f.Error(p.name) == "" {
				f.SetError(p.name, problem)
			}
		case !d.IsZero():
			*p.d = d
		default:
			f.SetDate(p.name, *p.d)
		}
	}
	var rep *AbsenceReport
	if !f.HasErrors() {
		var err error
		rep, err = h.Svc.Absences(r.Context(), "", from, to)
		if !f.Fail(err) && err != nil {
			return err
		}
	}
	h.R.Render(w, r, http.StatusOK, "meeting/absences", web.Page{Title: "Agencies absent from meetings", Nav: "meetings",
		Form: f, Data: rep})
	return nil
}
