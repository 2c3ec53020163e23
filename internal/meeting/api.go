package meeting

import (
	"net/http"
	"strconv"

	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
	"mace/internal/platform/page"
	"mace/internal/platform/web"
)

// The JSON API for meetings, under /api/v1/meetings.

type apiList struct {
	Meetings   []Summary `json:"meetings"`
	Limit      int       `json:"limit"`
	NextCursor string    `json:"next_cursor,omitempty"`
}

type apiAttendance struct {
	Attendees []Attendee `json:"attendees"`
}

// ReorderInput puts the agenda in a new order: every item's id, once.
type ReorderInput struct {
	ItemIDs []string `json:"item_ids"`
	Version int      `json:"version,omitempty"`
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

// APIList answers GET /api/v1/meetings?kind=&from=&to=&limit=&cursor=, a
// page at a time in date order.
func (h *Handlers) APIList(w http.ResponseWriter, r *http.Request) error {
	qv := r.URL.Query()
	var v errs.Validation
	q := ListQuery{Kind: qv.Get("kind"), From: parseDay(&v, "from", qv.Get("from")), To: parseDay(&v, "to", qv.Get("to")),
		After: qv.Get("cursor")}
	limit, err := page.Limit(qv)
	if err != nil {
		return err
	}
	q.Limit = limit
	if err := v.Err(); err != nil {
		return err
	}
	p, err := h.Svc.List(r.Context(), q)
	if err != nil {
		return err
	}
	if p.Meetings == nil {
		p.Meetings = []Summary{}
	}
	web.JSON(w, http.StatusOK, apiList{Meetings: p.Meetings, Limit: p.Limit, NextCursor: p.Next})
	return nil
}

// APICreate answers POST /api/v1/meetings. A retry with the same
// Idempotency-Key header returns the first request's meeting.
func (h *Handlers) APICreate(w http.ResponseWriter, r *http.Request) error {
	return web.Create(w, r, func(r *http.Request, in Input, key string) (*Meeting, error) {
		return h.Svc.Create(r.Context(), in, key)
	}, func(m *Meeting) string { return "/api/v1/meetings/" + m.ID }, nil)
}

// APIGet answers GET /api/v1/meetings/{id}.
func (h *Handlers) APIGet(w http.ResponseWriter, r *http.Request) error {
	m, err := h.Svc.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, m)
	return nil
}

// APIUpdate answers PATCH /api/v1/meetings/{id}: the fields sent replace
// the stored ones; a version that is no longer the stored one is refused.
func (h *Handlers) APIUpdate(w http.ResponseWriter, r *http.Request) error {
	stored, err := h.Svc.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	in := InputOf(stored)
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	m, err := h.Svc.Update(r.Context(), stored.ID, in)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, m)
	return nil
}

// APIAttendance answers PUT /api/v1/meetings/{id}/attendance: the list
// sent replaces who attended.
func (h *Handlers) APIAttendance(w http.ResponseWriter, r *http.Request) error {
	var in AttendanceInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	list, err := h.Svc.SetAttendance(r.Context(), r.PathValue("id"), in)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, apiAttendance{Attendees: list})
	return nil
}

// APIAddItem answers POST /api/v1/meetings/{id}/items.
func (h *Handlers) APIAddItem(w http.ResponseWriter, r *http.Request) error {
	var in ItemInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	it, err := h.Svc.AddItem(r.Context(), r.PathValue("id"), in)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, it)
	return nil
}

// APIReorderItems answers POST /api/v1/meetings/{id}/items/order.
func (h *Handlers) APIReorderItems(w http.ResponseWriter, r *http.Request) error {
	var in ReorderInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := h.Svc.ReorderItems(r.Context(), r.PathValue("id"), in.ItemIDs, in.Version); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// APIDropItem answers DELETE /api/v1/meetings/{id}/items/{item}?version=.
func (h *Handlers) APIDropItem(w http.ResponseWriter, r *http.Request) error {
	version := 0
	if s := r.URL.Query().Get("version"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return errs.FieldErr("version", "Give version as the meeting's version number, like 3")
		}
		version = n
	}
	if err := h.Svc.DropItem(r.Context(), r.PathValue("id"), r.PathValue("item"), version); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// APIShared answers POST /api/v1/meetings/{id}/items/{item}/shared.
func (h *Handlers) APIShared(w http.ResponseWriter, r *http.Request) error {
	var in SharedInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	sh, err := h.Svc.RecordShared(r.Context(), r.PathValue("id"), r.PathValue("item"), in)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, sh)
	return nil
}

// APIDecision answers PUT /api/v1/meetings/{id}/items/{item}/decision.
func (h *Handlers) APIDecision(w http.ResponseWriter, r *http.Request) error {
	var in DecisionInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	it, err := h.Svc.SetDecision(r.Context(), r.PathValue("id"), r.PathValue("item"), in)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, it)
	return nil
}

// APIAddAction answers POST /api/v1/meetings/{id}/actions.
func (h *Handlers) APIAddAction(w http.ResponseWriter, r *http.Request) error {
	var in ActionInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	a, err := h.Svc.AddAction(r.Context(), r.PathValue("id"), in)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, a)
	return nil
}

// APIAbsences answers GET /api/v1/meetings/absences?from=&to=: how often
// agencies were missing from the caller's authority's meetings.
func (h *Handlers) APIAbsences(w http.ResponseWriter, r *http.Request) error {
	qv := r.URL.Query()
	var v errs.Validation
	from, to := parseDay(&v, "from", qv.Get("from")), parseDay(&v, "to", qv.Get("to"))
	if err := v.Err(); err != nil {
		return err
	}
	rep, err := h.Svc.Absences(r.Context(), "", from, to)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, rep)
	return nil
}

// APIDailyAgenda answers GET /api/v1/meetings/daily/agenda?date=: the
// generated agenda of the caller's authority's daily meeting on a working
// day, each item with its kind, subject and the reasons it is there.
func (h *Handlers) APIDailyAgenda(w http.ResponseWriter, r *http.Request) error {
	var v errs.Validation
	date := parseDay(&v, "date", r.URL.Query().Get("date"))
	if date.IsZero() && !v.Has("date") {
		v.Add("date", "Give the date of the meeting, like 2026-11-24")
	}
	if err := v.Err(); err != nil {
		return err
	}
	ag, err := h.Agendas.Daily(r.Context(), date)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, ag)
	return nil
}
