package consultation

import (
	"net/http"
	"strconv"
	"time"

	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// The JSON API for consultations, under /api/v1/consultations.

type apiList struct {
	Consultations []apiSummary `json:"consultations"`
	Total         int          `json:"total"`
	Page          int          `json:"page"`
	PerPage       int          `json:"per_page"`
}

type apiSummary struct {
	ID               string    `json:"id"`
	OccurredAt       time.Time `json:"occurred_at"`
	Method           string    `json:"method"`
	ProfessionalName string    `json:"professional_name"`
	OrganisationName string    `json:"organisation_name"`
	ChildName        string    `json:"child_name"`
	PersonID         string    `json:"person_id,omitempty"`
	ReferralState    string    `json:"referral_state"`
	ReferralID       string    `json:"referral_id,omitempty"`
}

// APIList answers GET /api/v1/consultations?state=&from=&to=&page=&per_page=.
func (h *Handlers) APIList(w http.ResponseWriter, r *http.Request) {
	qv := r.URL.Query()
	var v errs.Validation
	q := ListQuery{State: qv.Get("state"), From: parseDay(&v, "from", qv.Get("from")), To: parseDay(&v, "to", qv.Get("to"))}
	q.Page, _ = strconv.Atoi(qv.Get("page"))
	q.PerPage, _ = strconv.Atoi(qv.Get("per_page"))
	if err := v.Err(); err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	res, err := h.Svc.List(r.Context(), q)
	if err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	out := apiList{Consultations: []apiSummary{}, Total: res.Total, Page: res.Page, PerPage: res.PerPage}
	for _, s := range res.Consultations {
		out.Consultations = append(out.Consultations, apiSummary{ID: s.ID, OccurredAt: s.OccurredAt, Method: s.Method,
			ProfessionalName: s.ProfessionalName, OrganisationName: s.OrganisationName, ChildName: s.ChildName,
			PersonID: s.PersonID, ReferralState: s.ReferralState, ReferralID: s.ReferralID})
	}
	web.JSON(w, http.StatusOK, out)
}

// APIGet answers GET /api/v1/consultations/{id}.
func (h *Handlers) APIGet(w http.ResponseWriter, r *http.Request) {
	c, err := h.Svc.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	web.JSON(w, http.StatusOK, c)
}

// APICreate answers POST /api/v1/consultations. A retry with the same
// Idempotency-Key header returns the first request's consultation.
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
	c, err := h.Svc.Create(r.Context(), in, key)
	if err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	w.Header().Set("Location", "/api/v1/consultations/"+c.ID)
	web.JSON(w, http.StatusCreated, c)
}
