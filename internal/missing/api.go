package missing

import (
	"net/http"

	"mace/internal/platform/web"
)

// The JSON API for missing episodes, under /api/v1.

// apiEpisode is an episode with the return interview's offered and
// accepted codes (Y, N or NA) as the returns report them.
type apiEpisode struct {
	*Episode
	Offered  string `json:"return_interview_offered"`
	Accepted string `json:"return_interview_accepted"`
}

func toAPI(e *Episode) apiEpisode {
	return apiEpisode{Episode: e, Offered: e.OfferedCode(), Accepted: e.AcceptedCode()}
}

type apiList struct {
	Episodes []Summary `json:"episodes"`
}

// APICreate answers POST /api/v1/missing-episodes. A retry with the same
// Idempotency-Key header returns the first request's episode.
func (h *Handlers) APICreate(w http.ResponseWriter, r *http.Request) {
	var in Input
	if err := web.DecodeJSON(r, &in); err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	key, err := web.IdempotencyKey(r)
	if err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	e, err := h.Svc.CreateEpisode(r.Context(), in, key)
	if err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	w.Header().Set("Location", "/api/v1/missing-episodes/"+e.ID)
	web.JSON(w, http.StatusCreated, toAPI(e))
}

// APIGet answers GET /api/v1/missing-episodes/{id}.
func (h *Handlers) APIGet(w http.ResponseWriter, r *http.Request) {
	e, err := h.Svc.GetEpisode(r.Context(), r.PathValue("id"))
	if err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	web.JSON(w, http.StatusOK, toAPI(e))
}

// APIUpdate answers PATCH /api/v1/missing-episodes/{id}: the fields sent
// replace the stored ones; "end_at": null reopens the episode.
func (h *Handlers) APIUpdate(w http.ResponseWriter, r *http.Request) {
	stored, err := h.Svc.GetEpisode(r.Context(), r.PathValue("id"))
	if err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	in := InputOf(stored)
	in.Version = 0
	if err := web.DecodeJSON(r, &in); err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	e, err := h.Svc.UpdateEpisode(r.Context(), stored.ID, in)
	if err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	web.JSON(w, http.StatusOK, toAPI(e))
}

// APIInterview answers POST /api/v1/missing-episodes/{id}/return-interview.
func (h *Handlers) APIInterview(w http.ResponseWriter, r *http.Request) {
	var in InterviewInput
	if err := web.DecodeJSON(r, &in); err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	e, err := h.Svc.RecordReturnInterview(r.Context(), r.PathValue("id"), in)
	if err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	web.JSON(w, http.StatusOK, toAPI(e))
}

// APINow answers GET /api/v1/missing-now.
func (h *Handlers) APINow(w http.ResponseWriter, r *http.Request) {
	list, err := h.Svc.MissingNow(r.Context())
	if err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	web.JSON(w, http.StatusOK, apiList{Episodes: list})
}

// APIOverdue answers GET /api/v1/return-interviews/overdue.
func (h *Handlers) APIOverdue(w http.ResponseWriter, r *http.Request) {
	list, err := h.Svc.OverdueInterviews(r.Context())
	if err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	web.JSON(w, http.StatusOK, apiList{Episodes: list})
}
