package ssda903

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// The return's page (the validation report) and its report in the API.

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
func (h *Handlers) Page(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(url.Values{"year": {r.URL.Query().Get("year")}})
	d := exportPage{}
	year, err := h.year(r)
	if err == nil {
		d.Year = year
		f.Values.Set("year", strconv.Itoa(year))
		d.Return, err = h.Svc.Report903(r.Context(), year)
	}
	if err != nil && !f.Fail(err) {
		return err
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
	return nil
}

// APIReport answers GET /api/v1/exports/ssda903/missing/report?year=: the
// validation report as JSON.
func (h *Handlers) APIReport(w http.ResponseWriter, r *http.Request) error {
	year, err := h.apiYear(r)
	if err != nil {
		return err
	}
	ret, err := h.Svc.Report903(r.Context(), year)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, ret)
	return nil
}

// apiYear reads the year the API requires.
func (h *Handlers) apiYear(r *http.Request) (int, error) {
	if strings.TrimSpace(r.URL.Query().Get("year")) == "" {
		return 0, errs.FieldErr("year", "Say which collection year, like year=2025 for 1 April 2025 to 31 March 2026")
	}
	return h.year(r)
}
