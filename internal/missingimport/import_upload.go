package missingimport

import (
	"fmt"
	"io"
	"net/http"
	"net/url"

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
	d := importPage{Columns: Columns}
	// A police officer says which local authority the file is for.
	if u := auth.UserFrom(r.Context()); u != nil && u.Organisation.Type == auth.PoliceForce {
		list, err := h.Im.Authorities(r.Context(), u)
		if err != nil {
			return err
		}
		for _, o := range list {
			d.Authorities = append(d.Authorities, map[string]string{"value": o.ID, "label": o.Name})
		}
	}
	h.R.Render(w, r, status, "missing-import/import_new", web.Page{Title: "Import missing notifications", Nav: "missing",
		Form: f, Data: d})
	return nil
}

// Upload keeps the file and starts its preview.
func (h *Handlers) Upload(w http.ResponseWriter, r *http.Request) error {
	file, hdr, err := r.FormFile("file")
	var values url.Values
	if r.MultipartForm != nil {
		values = r.MultipartForm.Value
	}
	f := web.NewForm(values)
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
	im, err := h.Im.Upload(r.Context(), hdr.Filename, r.FormValue("authority_id"), data)
	if errs.Is(err, errs.Invalid) {
		if fields := errs.Fields(err); len(fields) > 0 {
			f.Fail(err)
		} else {
			f.SetError("file", errs.Public(err))
		}
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
