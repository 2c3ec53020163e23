package missingimport

import (
	"net/http"

	"mace/internal/platform/web"
)

// The review list of imported rows no record certainly matched.

// Reviews lists the rows waiting for a record.
func (h *Handlers) Reviews(w http.ResponseWriter, r *http.Request) error {
	after := r.URL.Query().Get("after")
	l, err := h.Im.ReviewsPage(r.Context(), ReviewQuery{After: after})
	if err != nil {
		return err
	}
	d := reviewsPage{Reviews: l.Reviews}
	if after != "" {
		d.FirstHref = "/missing/imports/reviews"
	}
	if l.Next != "" {
		d.NextHref = "/missing/imports/reviews?after=" + l.Next
	}
	h.R.Render(w, r, http.StatusOK, "missing-import/import_reviews", web.Page{Title: "Imported rows to review",
		Nav: "missing", Data: d})
	return nil
}

// reviewsPage is a page of the rows to review, with the links to the
// first and next pages ("" where there is none).
type reviewsPage struct {
	Reviews             []Review
	FirstHref, NextHref string
}
