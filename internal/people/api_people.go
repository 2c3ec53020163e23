package people

import (
	"net/http"

	"mace/internal/platform/audit"
	"mace/internal/platform/errs"
	"mace/internal/platform/page"
	"mace/internal/platform/web"
)

// The JSON API for person records, under /api/v1/people.

type apiList struct {
	People     []apiSummary `json:"people"`
	Total      int          `json:"total"`
	TotalMore  bool         `json:"total_more,omitempty"`
	Limit      int          `json:"limit"`
	NextCursor string       `json:"next_cursor,omitempty"`
}

type apiSummary struct {
	ID            string `json:"id"`
	Kind          string `json:"kind,omitempty"`
	GivenName     string `json:"given_name,omitempty"`
	FamilyName    string `json:"family_name,omitempty"`
	DateOfBirth   string `json:"date_of_birth,omitempty"`
	EstimatedAge  int    `json:"estimated_age,omitempty"`
	Gender        string `json:"gender,omitempty"`
	Postcode      string `json:"postcode,omitempty"`
	OwnerOrgID    string `json:"owning_authority_id"`
	Restricted    bool   `json:"restricted"`
	ContentHidden bool   `json:"content_hidden,omitempty"`
}

// APIList answers GET /api/v1/people?q=&limit=&cursor=, a page at a time
// in name order.
func (h *Handlers) APIList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, err := page.Limit(q)
	if err != nil {
		return err
	}
	res, err := h.Svc.List(r.Context(), ListQuery{Search: q.Get("q"), After: q.Get("cursor"), PerPage: limit})
	if err != nil {
		return err
	}
	out := apiList{People: []apiSummary{}, Total: res.Total, TotalMore: res.More, Limit: res.PerPage, NextCursor: res.Next}
	for _, s := range res.People {
		out.People = append(out.People, apiSummary{ID: s.ID, Kind: s.Kind, GivenName: s.GivenName, FamilyName: s.FamilyName,
			DateOfBirth: s.DateOfBirth.String(), EstimatedAge: s.EstimatedAge, Gender: s.Gender, Postcode: s.Postcode,
			OwnerOrgID: s.OwnerOrgID, Restricted: s.Restricted, ContentHidden: s.ContentHidden})
	}
	web.JSON(w, http.StatusOK, out)
	return nil
}

// APIGet answers GET /api/v1/people/{id}.
func (h *Handlers) APIGet(w http.ResponseWriter, r *http.Request) error {
	p, err := h.Svc.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, p)
	return nil
}

// APICreate answers POST /api/v1/people. A retry with the same
// Idempotency-Key header returns the first request's record.
func (h *Handlers) APICreate(w http.ResponseWriter, r *http.Request) error {
	return web.Create(w, r, func(r *http.Request, in Input, key string) (*Person, error) {
		return h.Svc.Create(r.Context(), in, key)
	}, func(p *Person) string { return "/api/v1/people/" + p.ID }, nil)
}

// APIUpdate answers PATCH /api/v1/people/{id}: the fields sent replace the
// stored ones; fields not sent are kept.
func (h *Handlers) APIUpdate(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	p, err := h.Svc.Get(r.Context(), id)
	if err == nil && !p.CanEdit {
		err = errs.E(errs.Forbidden, "You do not have permission to change this record")
	}
	if err != nil {
		return err
	}
	in := InputOf(p)
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if p, err = h.Svc.Update(r.Context(), id, in); err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, p)
	return nil
}

// APIAudit answers GET /api/v1/people/{id}/audit.
func (h *Handlers) APIAudit(w http.ResponseWriter, r *http.Request) error {
	_, events, err := h.Svc.WhoHasSeen(r.Context(), r.PathValue("id"), 1000)
	if err != nil {
		return err
	}
	if events == nil {
		events = []audit.Event{}
	}
	web.JSON(w, http.StatusOK, map[string]any{"events": events})
	return nil
}
