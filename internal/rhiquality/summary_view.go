package rhiquality

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"

	"mace/internal/platform/web"
)

// The summary of audits by service and month, as a page, CSV and API.

// Summary shows the summary per service and month, or sends it as CSV.
func (h *Handlers) Summary(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(r.URL.Query())
	sum, err := h.Svc.Summary(r.Context(), f.Get("month"), f.Get("service"))
	if f.Fail(err) {
		return h.render(w, r, http.StatusUnprocessableEntity, "quality_summary", "Return interview audits", f, summaryView(nil))
	}
	if err != nil {
		return err
	}
	if f.Get("format") == "csv" {
		writeSummaryCSV(w, sum)
		return nil
	}
	return h.render(w, r, http.StatusOK, "quality_summary", "Return interview audits", f, summaryView(sum))
}

// The summary as a table, as CSV and as JSON.

type summaryTable struct {
	Summary *QualitySummary
	Heads   []string // the standards' codes, in order
	Titles  []string // and their statements
	Rows    [][]string
	CSVHref string
}

func percentText(p *float64) string {
	if p == nil {
		return "–"
	}
	return strconv.FormatFloat(*p, 'f', -1, 64) + "%"
}

// cells are a summary row as text: service, month, held, audited, each
// standard and overall.
func cells(sum *QualitySummary, r SummaryRow) []string {
	out := []string{r.Service, r.Month, strconv.Itoa(r.Held), strconv.Itoa(r.Audited)}
	for _, s := range r.Standards {
		out = append(out, percentText(s.Percent))
	}
	return append(out, percentText(r.Overall))
}

func summaryView(sum *QualitySummary) summaryTable {
	t := summaryTable{Summary: sum}
	if sum == nil {
		return t
	}
	for _, s := range sum.Standards {
		t.Heads, t.Titles = append(t.Heads, s.Code), append(t.Titles, s.Statement)
	}
	for _, r := range sum.Rows {
		t.Rows = append(t.Rows, cells(sum, r))
	}
	return t
}

// csvSafe keeps a spreadsheet from reading a cell as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func writeSummaryCSV(w http.ResponseWriter, sum *QualitySummary) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="return-interview-audits.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	head := []string{"Service", "Month", "Interviews held", "Audited"}
	for _, s := range sum.Standards {
		head = append(head, s.Code+" % met")
	}
	_ = cw.Write(append(head, "Overall % met"))
	for _, r := range sum.Rows {
		row := cells(sum, r)
		for i := range row {
			row[i] = csvSafe(strings.TrimSuffix(strings.ReplaceAll(row[i], "–", ""), "%"))
		}
		_ = cw.Write(row)
	}
	cw.Flush()
}

// APISummary answers GET /api/v1/return-interview-audits/summary?month=&service=.
func (h *Handlers) APISummary(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	sum, err := h.Svc.Summary(r.Context(), q.Get("month"), q.Get("service"))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, sum)
	return nil
}
