package missingimport

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"time"

	"mace/internal/missing"
	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// Templates are the pages of imports and the review list.
//
//go:embed templates/*.html
var Templates embed.FS

// TemplateFuncs are the template functions those pages use.
var TemplateFuncs = template.FuncMap{
	"percent":     func(f float64) int { return int(math.Round(f * 100)) },
	"typeLabel":   missing.TypeLabel,
	"londonTime":  func(t time.Time) string { return londonTime(t) },
	"actionLabel": ActionLabel,
}

// ActionLabel says what an import does with a row.
func ActionLabel(action string) string {
	return map[string]string{ActionCreate: "New episode", ActionClose: "Ends an open episode",
		ActionNone: "Already imported", ActionReview: "For review", ActionProblem: "Cannot import"}[action]
}

// Handlers serve the import and review pages.
type Handlers struct {
	Im  *Importer
	R   *web.Renderer
	Log *slog.Logger
	// MaxFile is the largest file the page takes, in bytes.
	MaxFile int64
	// Wait is how long a page waits for a preview or commit before showing
	// its progress.
	Wait time.Duration
}

// shownRows bounds each table of the preview page.
const shownRows = 500

type importPage struct {
	Import            *Import
	Running           bool
	Progress          Progress
	Problems, Reviews []RowResult
	Good              []RowResult
	MoreGood          int
	MoreProblems      int
	Columns           []Column
}

// New shows the upload form with the file's layout.
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) {
	if !access.ImportMissing(auth.UserFrom(r.Context())) {
		h.R.Error(w, r, errForbidden)
		return
	}
	h.showNew(w, r, http.StatusOK, web.NewForm(nil))
}

func (h *Handlers) showNew(w http.ResponseWriter, r *http.Request, status int, f *web.Form) {
	h.R.Render(w, r, status, "missing-import/import_new", web.Page{Title: "Import missing notifications", Nav: "missing",
		Form: f, Data: importPage{Columns: Columns}})
}

// Upload keeps the file and starts its preview.
func (h *Handlers) Upload(w http.ResponseWriter, r *http.Request) {
	f := web.NewForm(nil)
	file, hdr, err := r.FormFile("file")
	if err != nil {
		f.SetError("file", "Select a CSV file of missing notifications")
		h.showNew(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, h.MaxFile+1))
	switch {
	case err != nil:
		f.SetError("file", "The file could not be read: try again")
	case int64(len(data)) > h.MaxFile:
		f.SetError("file", fmt.Sprintf("The file must be %d MB or smaller: import larger files on the command line", h.MaxFile>>20))
	}
	if f.HasErrors() {
		h.showNew(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	im, err := h.Im.Upload(r.Context(), hdr.Filename, data)
	if errs.Is(err, errs.Invalid) {
		f.SetError("file", errs.Public(err))
		h.showNew(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if err := h.Im.Start(r.Context(), im.ID, false, h.Wait); err != nil {
		h.R.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/missing/imports/"+im.ID, http.StatusSeeOther)
}

// View shows an import: its progress while checking or importing, then
// the preview of every row, or what the commit did.
func (h *Handlers) View(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := r.PathValue("id")
	im, err := h.Im.Get(ctx, id)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	d := importPage{Import: im, Columns: Columns}
	if h.Im.Running(id) {
		d.Running = true
		d.Progress, _ = h.Im.Progress(ctx, id)
	} else if im.State == ImportChecking {
		// A preview broken off (the service restarted): make it again.
		if err := h.Im.Start(ctx, id, false, h.Wait); err != nil {
			h.R.Error(w, r, err)
			return
		}
		http.Redirect(w, r, "/missing/imports/"+id, http.StatusSeeOther)
		return
	}
	for _, res := range im.Results {
		switch res.Action {
		case ActionProblem:
			if len(d.Problems) < shownRows {
				d.Problems = append(d.Problems, res)
			} else {
				d.MoreProblems++
			}
		case ActionReview:
			if len(d.Reviews) < shownRows {
				d.Reviews = append(d.Reviews, res)
			}
		default:
			if len(d.Good) < shownRows {
				d.Good = append(d.Good, res)
			} else {
				d.MoreGood++
			}
		}
	}
	f := web.NewForm(nil)
	if d.Progress.Error != "" {
		f.SetError("", d.Progress.Error)
	}
	h.R.Render(w, r, http.StatusOK, "missing-import/import_view", web.Page{Title: "Import of " + im.FileName,
		Nav: "missing", Data: d, Form: f})
}

// ProgressJSON answers the page's progress bar.
func (h *Handlers) ProgressJSON(w http.ResponseWriter, r *http.Request) {
	p, err := h.Im.Progress(r.Context(), r.PathValue("id"))
	if err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	web.JSON(w, http.StatusOK, p)
}

// Commit imports the previewed file's good rows (or, with action=check,
// makes the preview again).
func (h *Handlers) Commit(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	again := r.PostFormValue("action") == "check"
	if err := h.Im.Start(r.Context(), id, !again, h.Wait); err != nil {
		h.R.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/missing/imports/"+id, http.StatusSeeOther)
}

// Reviews lists the rows waiting for a record.
func (h *Handlers) Reviews(w http.ResponseWriter, r *http.Request) {
	list, err := h.Im.Reviews(r.Context())
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.R.Render(w, r, http.StatusOK, "missing-import/import_reviews", web.Page{Title: "Imported rows to review",
		Nav: "missing", Data: list})
}

// Review shows one row to review with the records it may be.
func (h *Handlers) Review(w http.ResponseWriter, r *http.Request) {
	h.showReview(w, r, http.StatusOK, web.NewForm(nil))
}

func (h *Handlers) showReview(w http.ResponseWriter, r *http.Request, status int, f *web.Form) {
	line, _ := strconv.Atoi(r.PathValue("line"))
	it, err := h.Im.GetReview(r.Context(), r.PathValue("id"), line)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.R.Render(w, r, status, "missing-import/import_review", web.Page{Title: "Choose the young person’s record",
		Nav: "missing", Data: it, Form: f})
}

// Choose imports a reviewed row with the record chosen, or a new one.
func (h *Handlers) Choose(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	line, _ := strconv.Atoi(r.PathValue("line"))
	choice := f.Get("person_id")
	if choice == "" {
		f.SetError("person_id", "Choose the young person’s record, or to make a new one")
		h.showReview(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if choice == "new" {
		choice = ""
	}
	ep, err := h.Im.ImportReviewed(r.Context(), r.PathValue("id"), line, choice)
	if errs.Is(err, errs.Invalid) || errors.Is(err, errReviewDone) {
		f.Fail(err)
		h.showReview(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	msg := "The row was imported"
	if ep != nil {
		msg = "The row was imported as a missing episode"
	}
	web.Redirect(w, r, "/missing/imports/reviews", msg)
}
