package missing

import (
	"net/http"

	"mace/internal/platform/web"
)

// The lists of children missing now and of overdue return interviews, as pages and API.

type listPage struct {
	Episodes []Summary
	Hours    int
}

// Now shows the children missing now, the longest missing first.
func (h *Handlers) Now(w http.ResponseWriter, r *http.Request) error {
	list, err := h.Svc.MissingNow(r.Context())
	if err != nil {
		return err
	}
	h.R.Render(w, r, http.StatusOK, "missing/now", web.Page{Title: "Missing now", Nav: "missing",
		Data: listPage{Episodes: list}, Now: h.Svc.Now()})
	return nil
}

// Overdue shows the returns whose interview was not offered in time.
func (h *Handlers) Overdue(w http.ResponseWriter, r *http.Request) error {
	list, err := h.Svc.OverdueInterviews(r.Context())
	if err != nil {
		return err
	}
	h.R.Render(w, r, http.StatusOK, "missing/overdue", web.Page{Title: "Return interviews overdue", Nav: "missing",
		Data: listPage{Episodes: list, Hours: h.Svc.timescales().ReturnInterviewHours}, Now: h.Svc.Now()})
	return nil
}

type apiList struct {
	Episodes []Summary `json:"episodes"`
}

// APINow answers GET /api/v1/missing-now.
func (h *Handlers) APINow(w http.ResponseWriter, r *http.Request) error {
	list, err := h.Svc.MissingNow(r.Context())
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, apiList{Episodes: list})
	return nil
}

// APIOverdue answers GET /api/v1/return-interviews/overdue.
func (h *Handlers) APIOverdue(w http.ResponseWriter, r *http.Request) error {
	list, err := h.Svc.OverdueInterviews(r.Context())
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, apiList{Episodes: list})
	return nil
}
