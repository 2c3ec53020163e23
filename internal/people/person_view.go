package people

import (
	"errors"
	"net/http"

	"mace/internal/platform/civil"
	"mace/internal/platform/web"
)

type viewData struct {
	Person *Person
	Today  civil.Date
	Merges []*Merge
}

// View shows a person's record.
func (h *Handlers) View(w http.ResponseWriter, r *http.Request) error {
	p, err := h.Svc.Get(r.Context(), r.PathValue("id"))
	if h.viewMerged(w, r, err) {
		return nil
	}
	if err != nil {
		return err
	}
	title := p.Name()
	d := viewData{Person: p, Today: h.Svc.today()}
	if p.ContentHidden {
		title = "Restricted record"
	} else if d.Merges, err = h.Svc.MergeHistory(r.Context(), p.ID); err != nil {
		return err
	}
	h.R.Render(w, r, http.StatusOK, "people/view", web.Page{Title: title, Nav: "people", Data: d})
	return nil
}

type mergedData struct{ Merged *MergedError }

// viewMerged shows where a merged record went, if err says it was merged.
func (h *Handlers) viewMerged(w http.ResponseWriter, r *http.Request, err error) bool {
	var me *MergedError
	if !errors.As(err, &me) {
		return false
	}
	h.R.Render(w, r, http.StatusOK, "people/merged", web.Page{Title: "This record was merged", Nav: "people", Data: mergedData{me}})
	return true
}
