package ssda903

import (
	"net/http"

	"mace/internal/platform/errs"
)

// Downloading the return as CSV, from the page or the API.

// Download sends the return as a CSV attachment, recorded as an export.
func (h *Handlers) Download(w http.ResponseWriter, r *http.Request) error {
	year, err := h.year(r)
	if err != nil {
		return err
	}
	ret, err := h.Svc.Export903(r.Context(), year)
	if err != nil {
		return err
	}
	h.writeCSV(w, ret)
	return nil
}

func (h *Handlers) writeCSV(w http.ResponseWriter, ret *Return903) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+ret.Filename()+`"`)
	w.Header().Set("Cache-Control", "no-store")
	if err := Write903CSV(w, ret.Rows); err != nil {
		h.Log.Warn("writing the SSDA903 Missing CSV", "err", err)
	}
}

// APIExport answers GET /api/v1/exports/ssda903/missing?year=: the CSV,
// recorded as an export; with report=json, the validation report instead.
func (h *Handlers) APIExport(w http.ResponseWriter, r *http.Request) error {
	switch r.URL.Query().Get("report") {
	case "json":
		return h.APIReport(w, r)
	case "":
	default:
		return errs.FieldErr("report", "Leave report out for the CSV, or say report=json for the validation report")
	}
	year, err := h.apiYear(r)
	if err != nil {
		return err
	}
	ret, err := h.Svc.Export903(r.Context(), year)
	if err != nil {
		return err
	}
	h.writeCSV(w, ret)
	return nil
}
