package missingimport

import (
	"net/http"

	"mace/internal/platform/web"
)

// An import's page: its preview or what it did, and its progress while it runs.

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
	// Authorities are the local authorities a police officer may import
	// a file for (on the upload form).
	Authorities []map[string]string
}

// View shows an import: its progress while checking or importing, then
// the preview of every row, or what the commit did.
func (h *Handlers) View(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := r.PathValue("id")
	im, err := h.Im.Get(ctx, id)
	if err != nil {
		return err
	}
	d := importPage{Import: im, Columns: Columns}
	p, err := h.Im.Progress(ctx, id)
	if err != nil {
		return err
	}
	switch {
	case !p.Finished:
		d.Running, d.Progress = true, p
	case p.Error != "" && im.State != ImportCommitted:
		// The preview or commit failed: say why.
		d.Progress.Error = p.Error
	case im.State == ImportChecking:
		// A preview never made (an import from before previews ran as
		// jobs): make it now.
		if err := h.Im.Start(ctx, id, false, h.Wait); err != nil {
			return err
		}
		http.Redirect(w, r, "/missing/imports/"+id, http.StatusSeeOther)
		return nil
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
	return nil
}

// ProgressJSON answers the page's progress bar.
func (h *Handlers) ProgressJSON(w http.ResponseWriter, r *http.Request) error {
	p, err := h.Im.Progress(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, p)
	return nil
}
