package task

import (
	"net/http"
	"strings"

	"mace/internal/platform/auth"
	"mace/internal/platform/web"
)

// The JSON API for tasks, under /api/v1/tasks, for other systems: the
// same lists as My work, and completing or cancelling a task.

type apiList struct {
	Assignee string `json:"assignee"`
	State    string `json:"state"`
	Tasks    []Task `json:"tasks"`
}

// APIList answers GET /api/v1/tasks?assignee=me|teams|team:{id}&state=open|overdue|done|cancelled
// (me and open when not given).
func (h *Handlers) APIList(w http.ResponseWriter, r *http.Request) error {
	q := Query{Assignee: r.URL.Query().Get("assignee"), State: r.URL.Query().Get("state"), Limit: 500}
	tasks, err := h.Svc.List(r.Context(), auth.UserFrom(r.Context()), q)
	if err != nil {
		return err
	}
	if tasks == nil {
		tasks = []Task{}
	}
	if q.Assignee == "" {
		q.Assignee = "me"
	}
	if q.State == "" {
		q.State = Open
	}
	web.JSON(w, http.StatusOK, apiList{Assignee: strings.TrimSpace(q.Assignee), State: strings.TrimSpace(q.State), Tasks: tasks})
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
