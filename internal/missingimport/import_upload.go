package missingimport

import (
	"fmt"
	"io"
	"net/http"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// The page to upload a police file of missing notifications.

// New shows the upload form with the file's layout.
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) error {
	if !access.ImportMissing(auth.UserFrom(r.Context())) {
		return errForbidden
	}
	return h.showNew(w, r, http.StatusOK, web.NewForm(nil))
}

func (h *Handlers) showNew(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	h.R.Render(w, r, status, "missing-import/import_new", web.Page{Title: "Import missing notifications", Nav: "missing",
		Form: f, Data: importPage{Columns: Columns}})
	return nil
}

// Upload keeps the file and starts its preview.
func (h *Handlers) Upload(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(nil)
	file, hdr, err := r.FormFile("file")
	if err != nil {
		f.SetError("file", "Select a CSV file of missing notifications")
		return h.showNew(w, r, http.StatusUnprocessableEntity, f)
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
		return h.showNew(w, r, http.StatusUnprocessableEntity, f)
	}
	im, err := h.Im.Upload(r.Context(), hdr.Filename, data)
	if errs.Is(err, errs.Invalid) {
		f.SetError("file", errs.Public(err))
		return h.showNew(w, r, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	if err := h.Im.Start(r.Context(), im.ID, false, h.Wait); err != nil {
		return err
	}
	http.Redirect(w, r, "/missing/imports/"+im.ID, http.StatusSeeOther)
	return nil
}
