package people

import (
	"net/http"
	"net/url"
	"strconv"

	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

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
