package missing

import (
	"net/http"

	"mace/internal/concern"
	"mace/internal/platform/auth"
	"mace/internal/platform/choice"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// Recording a return interview, as a page and API.

// InterviewForm shows the return interview form.
func (h *Handlers) InterviewForm(w http.ResponseWriter, r *http.Request) error {
	e, err := h.episodeForInterview(r)
	if err != nil {
		return err
	}
	f := interviewFormOf(e.Interview, auth.UserFrom(r.Context()).Name, h.Svc.Now())
	return h.showInterview(w, r, http.StatusOK, f, e)
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

func (h *Handlers) showInterview(w http.ResponseWriter, r *http.Request, status int, f *web.Form, e *Episode) error {
	d := interviewForm{Episode: e, Outcomes: Outcomes.Options(), Due: e.InterviewDueAt}
	for _, t := range concern.Types {
		d.Concerns = append(d.Concerns, choice.Option{Value: t.Code, Label: t.Label})
	}
	h.R.Render(w, r, status, "missing/interview", web.Page{Title: "Return home interview", Nav: "missing", Form: f, Data: d})
	return nil
}

// SaveInterview records the return interview from the form.
func (h *Handlers) SaveInterview(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	e, err := h.Svc.RecordReturnInterview(r.Context(), r.PathValue("id"), interviewFromForm(f))
	if errs.Is(err, errs.Invalid) && len(errs.Fields(err)) > 0 {
		f.Fail(err)
		stored, gerr := h.episodeForInterview(r)
		if gerr != nil {
			return gerr
		}
		return h.showInterview(w, r, http.StatusUnprocessableEntity, f, stored)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/missing/episodes/"+e.ID, "Return interview recorded")
	return nil
}

// APIInterview answers POST /api/v1/missing-episodes/{id}/return-interview.
func (h *Handlers) APIInterview(w http.ResponseWriter, r *http.Request) error {
	var in InterviewInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	e, err := h.Svc.RecordReturnInterview(r.Context(), r.PathValue("id"), in)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, toAPI(e))
	return nil
}
