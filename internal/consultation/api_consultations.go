package consultation

import (
	"net/http"
	"time"

	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
	"mace/internal/platform/page"
	"mace/internal/platform/web"
)

// The JSON API for consultations, under /api/v1/consultations.

type apiList struct {
	Consultations []any  `json:"consultations"`
	Total         int    `json:"total"`
	TotalMore     bool   `json:"total_more,omitempty"`
	Limit         int    `json:"limit"`
	NextCursor    string `json:"next_cursor,omitempty"`
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

// apiHiddenSummary is a row about a young person whose record the caller
// may not see in full.
type apiHiddenSummary struct {
	ID            string    `json:"id"`
	OccurredAt    time.Time `json:"occurred_at"`
	Method        string    `json:"method"`
	ReferralState string    `json:"referral_state"`
	ReferralID    string    `json:"referral_id,omitempty"`
	Hidden        bool      `json:"hidden"`
}

// apiHidden is a consultation about a young person whose record the
// caller may not see in full: that the call was taken, nothing of it.
type apiHidden struct {
	ID            string    `json:"id"`
	OccurredAt    time.Time `json:"occurred_at"`
	Method        string    `json:"method"`
	ReferralState string    `json:"referral_state"`
	ReferralID    string    `json:"referral_id,omitempty"`
	OwnerOrgID    string    `json:"local_authority_id"`
	OwnerOrgName  string    `json:"local_authority"`
	TakenByID     string    `json:"taken_by_id"`
	TakenByName   string    `json:"taken_by"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	Version       int       `json:"version"`
	Hidden        bool      `json:"hidden"`
}

// apiView is a consultation as the caller may see it.
func apiView(c *Consultation) any {
	if !c.Hidden {
		return c
	}
	return apiHidden{ID: c.ID, OccurredAt: c.OccurredAt, Method: c.Method, ReferralState: c.ReferralState,
		ReferralID: c.ReferralID, OwnerOrgID: c.OwnerOrgID, OwnerOrgName: c.OwnerOrgName, TakenByID: c.TakenByID,
		TakenByName: c.TakenByName, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, Version: c.Version, Hidden: true}
}

// APIList answers GET /api/v1/consultations?state=&from=&to=&limit=&cursor=,
// a page at a time, newest first.
func (h *Handlers) APIList(w http.ResponseWriter, r *http.Request) error {
	qv := r.URL.Query()
	var v errs.Validation
	q := ListQuery{State: qv.Get("state"), From: parseDay(&v, "from", qv.Get("from")), To: parseDay(&v, "to", qv.Get("to"))}
	q.After = qv.Get("cursor")
	limit, err := page.Limit(qv)
	if err != nil {
		return err
	}
	q.PerPage = limit
	if err := v.Err(); err != nil {
		return err
	}
	res, err := h.Svc.List(r.Context(), q)
	if err != nil {
		return err
	}
	out := apiList{Consultations: []any{}, Total: res.Total, TotalMore: res.More, Limit: res.PerPage, NextCursor: res.Next}
	for _, s := range res.Consultations {
		if s.Hidden {
			out.Consultations = append(out.Consultations, apiHiddenSummary{ID: s.ID, OccurredAt: s.OccurredAt,
				Method: s.Method, ReferralState: s.ReferralState, ReferralID: s.ReferralID, Hidden: true})
			continue
		}
		out.Consultations = append(out.Consultations, apiSummary{ID: s.ID, OccurredAt: s.OccurredAt, Method: s.Method,
			ProfessionalName: s.ProfessionalName, OrganisationName: s.OrganisationName, ChildName: s.ChildName,
			PersonID: s.PersonID, ReferralState: s.ReferralState, ReferralID: s.ReferralID})
	}
	web.JSON(w, http.StatusOK, out)
	return nil
}

// parseDay reads an ISO date from the API's query, or reports the field.
func parseDay(v *errs.Validation, field, s string) civil.Date {
	if s == "" {
		return civil.Date{}
	}
	d, err := civil.Parse(s)
	if err != nil {
		v.Add(field, "Give "+field+" as a date like 2026-11-24")
	}
	return d
}

// APIGet answers GET /api/v1/consultations/{id}.
func (h *Handlers) APIGet(w http.ResponseWriter, r *http.Request) error {
	c, err := h.Svc.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, apiView(c))
	return nil
}

// APICreate answers POST /api/v1/consultations. A retry with the same
// Idempotency-Key header returns the first request's consultation.
func (h *Handlers) APICreate(w http.ResponseWriter, r *http.Request) error {
	return web.Create(w, r, func(r *http.Request, in Input, key string) (*Consultation, error) {
		return h.Svc.Create(r.Context(), in, key)
	}, func(c *Consultation) string { return "/api/v1/consultations/" + c.ID }, nil)
}
