package philomena

import (
	"net/http"
	"strconv"

	"mace/internal/platform/web"
)

type photoData struct {
	*View
	Version int
}

// PhotoForm shows the form to upload a photograph.
func (h *Handlers) PhotoForm(w http.ResponseWriter, r *http.Request) error {
	v, err := h.Svc.ForEdit(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	h.showPhoto(w, r, http.StatusOK, v, web.NewForm(nil), v.Profile.Version)
	return nil
}

func (h *Handlers) showPhoto(w http.ResponseWriter, r *http.Request, status int, v *View, f *web.Form, version int) {
	h.R.Render(w, r, status, "philomena/photo", web.Page{Title: "Add a photograph", Nav: "people", Form: f,
		Data: photoData{View: v, Version: version}})
}

// UploadPhoto stores an uploaded photograph, or shows the form again with
// what was wrong with the file.
func (h *Handlers) UploadPhoto(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	f := web.NewForm(nil)
	version, _ := strconv.Atoi(r.FormValue("version"))
	data, problem := readUpload(r, "photo")
	var err error
	if problem != "" {
		f.SetError("photo", problem)
	} else if _, err = h.Svc.SetPhoto(r.Context(), id, data, version); f.Fail(err) {
		err = nil
	}
	if err != nil {
		return err
	}
	if f.HasErrors() {
		v, err := h.Svc.ForEdit(r.Context(), id)
		if err != nil {
			return err
		}
		h.showPhoto(w, r, http.StatusUnprocessableEntity, v, f, version)
		return nil
	}
	web.Redirect(w, r, h.path(id, ""), "Photograph saved")
	return nil
}
