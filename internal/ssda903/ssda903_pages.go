package ssda903

import (
	"embed"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// Templates are the pages of the SSDA903 Missing return.
//
//go:embed templates/*.html
var Templates embed.FS

// Handlers serve the SSDA903 Missing return: its page (the
// validation report, then the download) and its API.
type Handlers struct {
	Svc *Service
	R   *web.Renderer
	Log *slog.Logger
}

// ExportPath is the address of the return's page.
const ExportPath = "/exports/ssda903-missing"

type exportPage struct {
	Year     int
	Return   *Return903
	Download string
}

// year reads ?year=, the latest ended collection year when absent.
func (h *Handlers) year(r *http.Request) (int, error) {
	s := strings.TrimSpace(r.URL.Query().Get("year"))
	if s == "" {
		return LatestCollectionYear(h.Svc.Now()), nil
	}
	y, err := strconv.Atoi(s)
	if err != nil {
		return 0, errs.FieldErr("year", "Enter the year the collection starts as 4 digits, like 2025")
	}
	return y, nil
}

// Page shows the validation report of a collection year's return, then
// the button to download it.
func (h *Handlers) Page(w http.ResponseWriter, r *http.Request) {
	f := web.NewForm(url.Values{"year": {r.URL.Query().Get("year")}})
	d := exportPage{}
	year, err := h.year(r)
	if err == nil {
		d.Year = year
		f.Values.Set("year", strconv.Itoa(year))
		d.Return, err = h.Svc.Report903(r.Context(), year)
	}
	if err != nil && !f.Fail(err) {
		h.R.Error(w, r, err)
		return
	}
	status := http.StatusOK
	if f.HasErrors() {
		status = http.StatusUnprocessableEntity
	}
	if d.Return != nil {
		d.Download = ExportPath + "/download?year=" + strconv.Itoa(year)
	}
	h.R.Render(w, r, status, "missing-export/ssda903", web.Page{Title: "SSDA903 Missing return", Nav: "exports",
		Form: f, Data: d})
}

// Download sends the return as a CSV attachment, recorded as an export.
func (h *Handlers) Download(w http.ResponseWriter, r *http.Request) {
	year, err := h.year(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	ret, err := h.Svc.Export903(r.Context(), year)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.writeCSV(w, ret)
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
func (h *Handlers) APIExport(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Query().Get("report") {
	case "json":
		h.APIReport(w, r)
		return
	case "":
	default:
		web.JSONError(w, r, h.Log, errs.FieldErr("report", "Leave report out for the CSV, or say report=json for the validation report"))
		return
	}
	year, err := h.apiYear(r)
	if err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	ret, err := h.Svc.Export903(r.Context(), year)
	if err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	h.writeCSV(w, ret)
}

// APIReport answers GET /api/v1/exports/ssda903/missing/report?year=: the
// validation report as JSON.
func (h *Handlers) APIReport(w http.ResponseWriter, r *http.Request) {
	year, err := h.apiYear(r)
	if err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	ret, err := h.Svc.Report903(r.Context(), year)
	if err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	web.JSON(w, http.StatusOK, ret)
}

// apiYear reads the year the API requires.
func (h *Handlers) apiYear(r *http.Request) (int, error) {
	if strings.TrimSpace(r.URL.Query().Get("year")) == "" {
		return 0, errs.FieldErr("year", "Say which collection year, like year=2025 for 1 April 2025 to 31 March 2026")
	}
	return h.year(r)
}
