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
