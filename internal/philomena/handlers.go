package philomena

import (
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"mace/internal/people"
	"mace/internal/platform/web"
)

//go:embed templates/*.html
var Templates embed.FS

// TemplateFuncs are the template functions the profile pages use.
var TemplateFuncs = template.FuncMap{
	"paragraphs": paragraphs,
	"phone":      people.FormatPhone,
	"megabytes":  func(n int) string { return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) },
	"maxPhotoMB": func() int { return MaxPhotoBytes >> 20 },
}

// Handlers serve the profile pages and API.
type Handlers struct {
	Svc *Service
	R   *web.Renderer
	Log *slog.Logger
}

// paragraphs splits text at line breaks, for showing as paragraphs (the
// template escapes each).
func paragraphs(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (h *Handlers) path(personID, rest string) string {
	return "/people/" + personID + "/philomena" + rest
}

// View shows a child's profile.
func (h *Handlers) View(w http.ResponseWriter, r *http.Request) error {
	v, err := h.Svc.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	h.R.Render(w, r, http.StatusOK, "philomena/view", web.Page{Title: "Philomena profile: " + v.Person.Name(), Nav: "people", Data: v})
	return nil
}

// Print shows the printable one-page view for the police.
func (h *Handlers) Print(w http.ResponseWriter, r *http.Request) error {
	v, err := h.Svc.Print(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	h.R.Render(w, r, http.StatusOK, "philomena/print", web.Page{Title: "Philomena profile for printing: " + v.Person.Name(),
		Nav: "people", Data: v, Now: h.Svc.Now()})
	return nil
}

// Photo serves the stored photograph, to a user who may see the profile.
func (h *Handlers) Photo(w http.ResponseWriter, r *http.Request) error {
	b, err := h.Svc.Photo(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", PhotoContentType)
	hd.Set("Content-Length", strconv.Itoa(len(b)))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("Content-Disposition", `inline; filename="photograph.jpg"`)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
	return nil
}

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
