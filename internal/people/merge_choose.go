package people

import (
	"net/http"

	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// The merge pages: choose the duplicate, confirm with both records side by
// side, merge, and undo from the kept record's merge history.

type chooseData struct {
	Person  *Person
	Matches []Match
}

// MergeChoose shows the likely duplicates of a record and a field for
// another record's number.
func (h *Handlers) MergeChoose(w http.ResponseWriter, r *http.Request) error {
	return h.showChoose(w, r, http.StatusOK, web.NewForm(nil))
}

func (h *Handlers) showChoose(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	p, err := h.Svc.Get(r.Context(), r.PathValue("id"))
	if err == nil && (p.ContentHidden || !p.CanManageAccess) {
		err = errs.E(errs.Forbidden, "Only leads and managers of the owning authority can merge records")
	}
	if err != nil {
		return err
	}
	ms, err := h.Svc.DuplicateCandidates(r.Context(), p)
	if err != nil {
		return err
	}
	h.R.Render(w, r, status, "people/merge_choose", web.Page{Title: "Merge with a duplicate record", Nav: "people", Form: f,
		Data: chooseData{Person: p, Matches: ms}})
	return nil
}

// duplicateOf is the record the choose form picked: a typed record number
// wins over a chosen match.
func duplicateOf(f *web.Form) string {
	if id := f.Get("other_id"); id != "" {
		return id
	}
	if id := f.Get("duplicate_id"); id != "other" {
		return id
	}
	return ""
}
