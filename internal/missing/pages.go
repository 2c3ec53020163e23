package missing

import (
	"net/http"

	"mace/internal/concern"
	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/choice"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

var errNotFoundPerson = errs.E(errs.NotFound, "There is no such person record")

var errMayNotEdit = errs.E(errs.Forbidden, "You do not have permission to change this missing episode")

type listPage struct {
	Episodes []Summary
	Hours    int
}

// Now shows the children missing now, the longest missing first.
func (h *Handlers) Now(w http.ResponseWriter, r *http.Request) {
	list, err := h.Svc.MissingNow(r.Context())
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.R.Render(w, r, http.StatusOK, "missing/now", web.Page{Title: "Missing now", Nav: "missing",
		Data: listPage{Episodes: list}, Now: h.Svc.Now()})
}

// Overdue shows the returns whose interview was not offered in time.
func (h *Handlers) Overdue(w http.ResponseWriter, r *http.Request) {
	list, err := h.Svc.OverdueInterviews(r.Context())
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.R.Render(w, r, http.StatusOK, "missing/overdue", web.Page{Title: "Return interviews overdue", Nav: "missing",
		Data: listPage{Episodes: list, Hours: h.Svc.timescales().ReturnInterviewHours}, Now: h.Svc.Now()})
}

// View shows an episode and its return interview.
func (h *Handlers) View(w http.ResponseWriter, r *http.Request) {
	e, err := h.Svc.GetEpisode(r.Context(), r.PathValue("id"))
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.R.Render(w, r, http.StatusOK, "missing/episode", web.Page{Title: "Missing episode", Nav: "missing", Data: e, Now: h.Svc.Now()})
}

// History shows a young person's missing history.
func (h *Handlers) History(w http.ResponseWriter, r *http.Request) {
	hist, err := h.Svc.History(r.Context(), r.PathValue("id"))
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	sub, err := h.Svc.Subject(r.Context(), r.PathValue("id"))
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.R.Render(w, r, http.StatusOK, "missing/history", web.Page{Title: "Missing history", Nav: "missing",
		Data: map[string]any{"History": hist, "Subject": sub}, Now: h.Svc.Now()})
}

// New shows the form to report a young person missing.
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) {
	h.showForm(w, r, http.StatusOK, newEpisodeForm(r.PathValue("id")), nil)
}

func (h *Handlers) showForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, e *Episode) {
	sub, err := h.Svc.Subject(r.Context(), f.Get("person_id"))
	if err == nil && e == nil && !sub.CanReport {
		err = errs.E(errs.Forbidden, "Only missing coordinators and police officers can report a young person missing")
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	u := auth.UserFrom(r.Context())
	d := episodeForm{Subject: sub, Episode: e, Types: Types.Options(), Gradings: Gradings.Options(), Police: access.OwnForceOnly(u)}
	forces, err := h.Svc.Forces(r.Context())
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	for _, o := range forces {
		d.Forces = append(d.Forces, choice.Option{Value: o.ID, Label: o.Name})
	}
	title := "Report " + sub.Name + " missing"
	if e != nil {
		title = "Change the missing episode"
	}
	h.R.Render(w, r, status, "missing/form", web.Page{Title: title, Nav: "missing", Form: f, Data: d})
}

// Create saves a new episode from the form. A double submit returns the
// first submission's episode.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	e, err := h.Svc.CreateEpisode(r.Context(), inputFromForm(f), f.Get("idempotency_key"))
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) && len(errs.Fields(err)) > 0 {
		f.Fail(err)
		h.showForm(w, r, http.StatusUnprocessableEntity, f, nil)
		return
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	web.Redirect(w, r, "/missing/episodes/"+e.ID, "Missing episode recorded")
}

// Edit shows the form filled with the stored episode.
func (h *Handlers) Edit(w http.ResponseWriter, r *http.Request) {
	e, err := h.Svc.GetEpisode(r.Context(), r.PathValue("id"))
	if err == nil && !e.CanEdit {
		err = errMayNotEdit
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.showForm(w, r, http.StatusOK, episodeFormOf(e), e)
}

// Update saves the edit form: most often, when the young person was found.
func (h *Handlers) Update(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	id := r.PathValue("id")
	e, err := h.Svc.UpdateEpisode(r.Context(), id, inputFromForm(f))
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) && len(errs.Fields(err)) > 0 {
		f.Fail(err)
		stored, gerr := h.Svc.GetEpisode(r.Context(), id)
		if gerr != nil {
			h.R.Error(w, r, gerr)
			return
		}
		f.Values.Set("person_id", stored.PersonID)
		h.showForm(w, r, http.StatusUnprocessableEntity, f, stored)
		return
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	web.Redirect(w, r, "/missing/episodes/"+e.ID, "Changes saved")
}

// InterviewForm shows the return interview form.
func (h *Handlers) InterviewForm(w http.ResponseWriter, r *http.Request) {
	e, err := h.episodeForInterview(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	f := interviewFormOf(e.Interview, auth.UserFrom(r.Context()).Name, h.Svc.Now())
	h.showInterview(w, r, http.StatusOK, f, e)
}

func (h *Handlers) episodeForInterview(r *http.Request) (*Episode, error) {
	e, err := h.Svc.GetEpisode(r.Context(), r.PathValue("id"))
	switch {
	case err != nil:
		return nil, err
	case e.Open():
		return nil, ErrNotReturned
	case !e.CanRecordInterview:
		return nil, errs.E(errs.Forbidden, "Only missing coordinators can record return home interviews")
	}
	return e, nil
}

func (h *Handlers) showInterview(w http.ResponseWriter, r *http.Request, status int, f *web.Form, e *Episode) {
	d := interviewForm{Episode: e, Outcomes: Outcomes.Options(), Due: e.InterviewDueAt}
	for _, t := range concern.Types {
		d.Concerns = append(d.Concerns, choice.Option{Value: t.Code, Label: t.Label})
	}
	h.R.Render(w, r, status, "missing/interview", web.Page{Title: "Return home interview", Nav: "missing", Form: f, Data: d})
}

// SaveInterview records the return interview from the form.
func (h *Handlers) SaveInterview(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	e, err := h.Svc.RecordReturnInterview(r.Context(), r.PathValue("id"), interviewFromForm(f))
	if errs.Is(err, errs.Invalid) && len(errs.Fields(err)) > 0 {
		f.Fail(err)
		stored, gerr := h.episodeForInterview(r)
		if gerr != nil {
			h.R.Error(w, r, gerr)
			return
		}
		h.showInterview(w, r, http.StatusUnprocessableEntity, f, stored)
		return
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	web.Redirect(w, r, "/missing/episodes/"+e.ID, "Return interview recorded")
}
