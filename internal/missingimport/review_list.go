package missingimport

import (
	"net/http"

	"mace/internal/platform/web"
)

// The review list of imported rows no record certainly matched.

// Reviews lists the rows waiting for a record.
func (h *Handlers) Reviews(w http.ResponseWriter, r *http.Request) error {
	list, err := h.Im.Reviews(r.Context())
	if err != nil {
		return err
	}
	h.R.Render(w, r, http.StatusOK, "missing-import/import_reviews", web.Page{Title: "Imported rows to review",
		Nav: "missing", Data: list})
	return nil
}
