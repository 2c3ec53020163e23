package task

import (
	"net/http"
	"net/url"

	"mace/internal/platform/auth"
	"mace/internal/platform/web"
)

type taskData struct {
	Row     Row
	Choices []Choice
	Next    string
}

// showTask renders a task's page with status and the form f (nil for a
// fresh one).
func (h *Handlers) showTask(w http.ResponseWriter, r *http.Request, status int, f *web.Form) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	t, err := h.Svc.Get(ctx, r.PathValue("id"))
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	m, err := h.rowMaker(ctx, u)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	d := taskData{}
	if d.Row, err = m.row(t); err != nil {
		h.R.Error(w, r, err)
		return
	}
	if d.Row.CanAct {
		if d.Choices, err = h.Svc.Choices(ctx, u, t); err != nil {
			h.R.Error(w, r, err)
			return
		}
	}
	if f == nil {
		f = web.NewForm(url.Values{"next": {safeNext(r.URL.Query().Get("next"))}})
	}
	d.Next = safeNext(f.Get("next"))
	h.R.Render(w, r, status, "task/task", web.Page{Title: t.Title, Nav: "my-work", Form: f, Data: d})
}

// Task shows one task: what it is, its record, owner and due time, and the
// forms to mark it done, cancel it or give it to someone else.
func (h *Handlers) Task(w http.ResponseWriter, r *http.Request) { h.showTask(w, r, http.StatusOK, nil) }

// Complete marks a task done and goes back to My work.
func (h *Handlers) Complete(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if _, err := h.Svc.Complete(r.Context(), r.PathValue("id")); err != nil {
		h.R.Error(w, r, err)
		return
	}
	web.Redirect(w, r, safeNext(f.Get("next")), "Task marked as done")
}

// Cancel closes a task that is no longer needed, with the reason given; a
// missing reason shows the task's page again with the problem.
func (h *Handlers) Cancel(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	_, err = h.Svc.Cancel(r.Context(), r.PathValue("id"), f.Values.Get("reason"))
	if f.Fail(err) {
		h.showTask(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	web.Redirect(w, r, safeNext(f.Get("next")), "Task cancelled")
}

// Reassign gives a task to the team or person chosen.
func (h *Handlers) Reassign(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if f.Get("owner") == "" {
		f.SetError("owner", "Select the team or person to give the task to")
		h.showTask(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	_, err = h.Svc.Reassign(r.Context(), r.PathValue("id"), ParseOwner(f.Get("owner")))
	if f.Fail(err) {
		h.showTask(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	web.Redirect(w, r, safeNext(f.Get("next")), "Task reassigned")
}
