package task

import (
	"net/http"
	"strings"

	"mace/internal/platform/auth"
	"mace/internal/platform/page"
	"mace/internal/platform/web"
)

// The JSON API for tasks, under /api/v1/tasks, for other systems: the
// same lists as My work, and completing or cancelling a task.

type apiList struct {
	Assignee   string `json:"assignee"`
	State      string `json:"state"`
	Tasks      []Task `json:"tasks"`
	Limit      int    `json:"limit"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// APIList answers GET /api/v1/tasks?assignee=me|teams|team:{id}&state=open|overdue|done|cancelled
// (me and open when not given), a page at a time: limit tasks (50 unless
// given; asked for more than 200, 200), from the cursor a page gave as
// next_cursor.
func (h *Handlers) APIList(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	limit, err := page.Limit(v)
	if err != nil {
		return err
	}
	q := Query{Assignee: v.Get("assignee"), State: v.Get("state"), After: strings.TrimSpace(v.Get("cursor")), Limit: limit}
	p, err := h.Svc.Page(r.Context(), auth.UserFrom(r.Context()), q)
	if err != nil {
		return err
	}
	tasks := p.Tasks
	if tasks == nil {
		tasks = []Task{}
	}
	if q.Assignee == "" {
		q.Assignee = "me"
	}
	if q.State == "" {
		q.State = Open
	}
	web.JSON(w, http.StatusOK, apiList{Assignee: strings.TrimSpace(q.Assignee), State: strings.TrimSpace(q.State), Tasks: tasks,
		Limit: p.Limit, NextCursor: p.Next})
	return nil
}

// APIComplete answers POST /api/v1/tasks/{id}/complete.
func (h *Handlers) APIComplete(w http.ResponseWriter, r *http.Request) error {
	t, err := h.Svc.Complete(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, t)
	return nil
}

// cancelBody is the body of POST /api/v1/tasks/{id}/cancel.
type cancelBody struct {
	Reason string `json:"reason"`
}

// APICancel answers POST /api/v1/tasks/{id}/cancel with {"reason": "..."}.
func (h *Handlers) APICancel(w http.ResponseWriter, r *http.Request) error {
	var body cancelBody
	if err := web.DecodeJSON(r, &body); err != nil {
		return err
	}
	t, err := h.Svc.Cancel(r.Context(), r.PathValue("id"), body.Reason)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, t)
	return nil
}
