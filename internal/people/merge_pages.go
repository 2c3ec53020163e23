package people

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

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

// MergeConfirm shows both records side by side with what the merge will
// do, and asks why they are the same young person.
func (h *Handlers) MergeConfirm(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r.URL.Query())
	return h.showConfirm(w, r, http.StatusOK, f, duplicateOf(f))
}

func (h *Handlers) showConfirm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, dupID string) error {
	id := r.PathValue("id")
	pv, err := h.Svc.PreviewMerge(r.Context(), id, dupID)
	if errs.Is(err, errs.Invalid) {
		choose := web.NewForm(url.Values{"other_id": {f.Get("other_id")}, "duplicate_id": {f.Get("duplicate_id")}})
		for _, fe := range errs.Fields(err) {
			if fe.Field == "duplicate_id" && f.Get("other_id") != "" {
				fe.Field = "other_id"
			}
			choose.SetError(fe.Field, fe.Message)
		}
		return h.showChoose(w, r, http.StatusUnprocessableEntity, choose)
	}
	if err != nil {
		return err
	}
	if f.Get("keep_version") == "" {
		f.Values.Set("keep_version", strconv.Itoa(pv.Keep.Version))
		f.Values.Set("duplicate_version", strconv.Itoa(pv.Duplicate.Version))
	}
	h.R.Render(w, r, status, "people/merge_confirm", web.Page{Title: "Check and merge these records", Nav: "people", Form: f,
		Data: pv})
	return nil
}

// MergeSave merges the records confirmed on the confirmation page.
func (h *Handlers) MergeSave(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	id, dup := r.PathValue("id"), f.Get("duplicate_id")
	// The form always sends the versions it showed; one missing or
	// mangled is never a stored version, so the merge is refused.
	version := func(name string) int {
		n, err := strconv.Atoi(f.Get(name))
		if err != nil || n < 1 {
			return -1
		}
		return n
	}
	_, err = h.Svc.MergeRecords(r.Context(), MergeRequest{KeepID: id, DuplicateID: dup, Reason: f.Get("reason"),
		KeepVersion: version("keep_version"), DuplicateVersion: version("duplicate_version")})
	if f.Fail(err) {
		// A problem with the duplicate sends the user back to choose.
		return h.showConfirm(w, r, http.StatusUnprocessableEntity, f, dup)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/people/"+id, "Records merged")
	return nil
}

// MergeUndo undoes a merge from the kept record's merge history.
func (h *Handlers) MergeUndo(w http.ResponseWriter, r *http.Request) error {
	if _, err := web.ParseForm(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := h.Svc.UndoMerge(r.Context(), r.PathValue("merge")); err != nil {
		return err
	}
	web.Redirect(w, r, "/people/"+id, "Merge undone: the two records are separate again")
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
