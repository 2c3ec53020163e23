package task

import (
	"net/http"
	"net/url"

	"mace/internal/platform/auth"
	"mace/internal/platform/choice"
	"mace/internal/platform/web"
)

type taskData struct {
	Row     Row
	Choices []choice.Option
	Next    string
}

// showTask renders a task's page with status and the form f (nil for a
// fresh one).
func (h *Handlers) showTask(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	t, err := h.Svc.Get(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	m, err := h.rowMaker(ctx, u)
	if err != nil {
		return err
	}
	d := taskData{}
	if d.Row, err = m.row(t); err != nil {
		return err
	}
	if d.Row.CanAct {
		cs, err := h.Svc.Choices(ctx, u, t)
		if err != nil {
			return err
		}
		d.Choices = cs.Options()
	}
	if f == nil {
		f = web.NewForm(url.Values{"next": {safeNext(r.URL.Query().Get("next"))}})
	}
	d.Next = safeNext(f.Get("next"))
	h.R.Render(w, r, status, "task/task", web.Page{Title: t.Title, Nav: "my-work", Form: f, Data: d})
	return nil
}

// Task shows one task: what it is, its record, owner and due time, and the
// forms to mark it done, cancel it or give it to someone else.
func (h *Handlers) Task(w http.ResponseWriter, r *http.Request) error {
	return h.showTask(w, r, http.StatusOK, nil)
}

// Complete marks a task done and goes back to My work.
func (h *Handlers) Complete(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	if _, err := h.Svc.Complete(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	web.Redirect(w, r, safeNext(f.Get("next")), "Task marked as done")
	return nil
}

// Cancel closes a task that is no longer needed, with the reason given; a
// missing reason shows the task's page again with the problem.
func (h *Handlers) Cancel(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	_, err = h.Svc.Cancel(r.Context(), r.PathValue("id"), f.Values.Get("reason"))
	if f.Fail(err) {
		return h.showTask(w, r, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, safeNext(f.Get("next")), "Task cancelled")
	return nil
}

// Reassign gives a task to the team or person chosen.
func (h *Handlers) Reassign(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	if f.Get("owner") == "" {
		f.SetError("owner", "Select the team or person to give the task to")
		return h.showTask(w, r, http.StatusUnprocessableEntity, f)
	}
	_, err = h.Svc.Reassign(r.Context(), r.PathValue("id"), ParseOwner(f.Get("owner")))
	if f.Fail(err) {
		return h.showTask(w, r, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, safeNext(f.Get("next")), "Task reassigned")
	return nil
}
