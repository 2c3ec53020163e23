package missing

import (
	"net/http"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/choice"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// Reporting and changing an episode, as pages and API.

// APICreate answers POST /api/v1/missing-episodes. A retry with the same
// Idempotency-Key header returns the first request's episode.
func (h *Handlers) APICreate(w http.ResponseWriter, r *http.Request) error {
	return web.Create(w, r, func(r *http.Request, in Input, key string) (*Episode, error) {
		return h.Svc.CreateEpisode(r.Context(), in, key)
	}, func(e *Episode) string { return "/api/v1/missing-episodes/" + e.ID }, func(e *Episode) any { return toAPI(e) })
}

// APIUpdate answers PATCH /api/v1/missing-episodes/{id}: the fields sent
// replace the stored ones; "end_at": null reopens the episode.
func (h *Handlers) APIUpdate(w http.ResponseWriter, r *http.Request) error {
	stored, err := h.Svc.GetEpisode(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	in := InputOf(stored)
	in.Version = 0
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	e, err := h.Svc.UpdateEpisode(r.Context(), stored.ID, in)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, toAPI(e))
	return nil
}

var errMayNotEdit = errs.E(errs.Forbidden, "You do not have permission to change this missing episode")

// New shows the form to report a young person missing.
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) error {
	return h.showForm(w, r, http.StatusOK, newEpisodeForm(r.PathValue("id")), nil)
}

func (h *Handlers) showForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, e *Episode) error {
	sub, err := h.Svc.Subject(r.Context(), f.Get("person_id"))
	if err == nil && e == nil && !sub.CanReport {
		err = errs.E(errs.Forbidden, "Only missing coordinators and police officers can report a young person missing")
	}
	if err != nil {
		return err
	}
	u := auth.UserFrom(r.Context())
	d := episodeForm{Subject: sub, Episode: e, Types: Types.Options(), Gradings: Gradings.Options(), Police: access.OwnForceOnly(u)}
	forces, err := h.Svc.Forces(r.Context())
	if err != nil {
		return err
	}
	for _, o := range forces {
		d.Forces = append(d.Forces, choice.Option{Value: o.ID, Label: o.Name})
	}
	title := "Report " + sub.Name + " missing"
	if e != nil {
		title = "Change the missing episode"
	}
	h.R.Render(w, r, status, "missing/form", web.Page{Title: title, Nav: "missing", Form: f, Data: d})
	return nil
}

// Create saves a new episode from the form. A double submit returns the
// first submission's episode.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	e, err := h.Svc.CreateEpisode(r.Context(), inputFromForm(f), f.Get("idempotency_key"))
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) && len(errs.Fields(err)) > 0 {
		f.Fail(err)
		return h.showForm(w, r, http.StatusUnprocessableEntity, f, nil)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/missing/episodes/"+e.ID, "Missing episode recorded")
	return nil
}

// Edit shows the form filled with the stored episode.
func (h *Handlers) Edit(w http.ResponseWriter, r *http.Request) error {
	e, err := h.Svc.GetEpisode(r.Context(), r.PathValue("id"))
	if err == nil && !e.CanEdit {
		err = errMayNotEdit
	}
	if err != nil {
		return err
	}
	return h.showForm(w, r, http.StatusOK, episodeFormOf(e), e)
}

// Update saves the edit form: most often, when the young person was found.
func (h *Handlers) Update(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	e, err := h.Svc.UpdateEpisode(r.Context(), id, inputFromForm(f))
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) && len(errs.Fields(err)) > 0 {
		f.Fail(err)
		stored, gerr := h.Svc.GetEpisode(r.Context(), id)
		if gerr != nil {
			return gerr
		}
		f.Values.Set("person_id", stored.PersonID)
		return h.showForm(w, r, http.StatusUnprocessableEntity, f, stored)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/missing/episodes/"+e.ID, "Changes saved")
	return nil
}
