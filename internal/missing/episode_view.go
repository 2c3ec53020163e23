package missing

import (
	"net/http"

	"mace/internal/platform/web"
)

// An episode and a young person's missing history, as pages and API.

// View shows an episode and its return interview.
func (h *Handlers) View(w http.ResponseWriter, r *http.Request) error {
	e, err := h.Svc.GetEpisode(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	h.R.Render(w, r, http.StatusOK, "missing/episode", web.Page{Title: "Missing episode", Nav: "missing", Data: e, Now: h.Svc.Now()})
	return nil
}

// History shows a young person's missing history.
func (h *Handlers) History(w http.ResponseWriter, r *http.Request) error {
	hist, err := h.Svc.History(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	sub, err := h.Svc.Subject(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	h.R.Render(w, r, http.StatusOK, "missing/history", web.Page{Title: "Missing history", Nav: "missing",
		Data: map[string]any{"History": hist, "Subject": sub}, Now: h.Svc.Now()})
	return nil
}

// APIGet answers GET /api/v1/missing-episodes/{id}.
func (h *Handlers) APIGet(w http.ResponseWriter, r *http.Request) error {
	e, err := h.Svc.GetEpisode(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, toAPI(e))
	return nil
}
