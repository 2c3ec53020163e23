package meeting

import (
	"fmt"
	"net/http"
	"net/url"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/choice"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// Arranging a meeting: the form.

type formData struct {
	Kind      string // fixed by the link followed, or "" to choose
	Kinds     []choice.Option
	Chairs    []choice.Option
	Conveners []choice.Option
	IdemKey   string
}

func (h *Handlers) chairs(r *http.Request) ([]choice.Option, error) {
	u := auth.UserFrom(r.Context())
	users, err := h.Staff.ListUsers(r.Context(), u.Organisation.ID)
	if err != nil {
		return nil, errs.Wrap(err, "listing staff")
	}
	var out []choice.Option
	for _, c := range users {
		if c.Active && access.RunMeetings(c) {
			out = append(out, choice.Option{Value: c.ID, Label: c.Name})
		}
	}
	return out, nil
}

// New shows the form to arrange a meeting: ?kind= fixes its kind, and
// ?convened_by_type=&convened_by_id= what convened a strategy discussion.
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) error {
	u := auth.UserFrom(r.Context())
	if !access.RunMeetings(u) {
		return errMayNotRun
	}
	q := r.URL.Query()
	f := web.NewForm(url.Values{"idempotency_key": {web.RandomToken()}, "chair_id": {u.ID}})
	if k := q.Get("kind"); Kinds.Has(k) {
		f.Values.Set("kind", k)
	}
	for _, n := range []string{"convened_by_type", "convened_by_id"} {
		f.Values.Set(n, q.Get(n))
	}
	return h.showForm(w, r, http.StatusOK, f, q.Get("kind"))
}

func (h *Handlers) showForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, fixed string) error {
	chairs, err := h.chairs(r)
	if err != nil {
		return err
	}
	if !Kinds.Has(fixed) {
		fixed = ""
	}
	d := formData{Kind: fixed, Kinds: Kinds.Options(), Chairs: chairs, Conveners: Conveners.Options(),
		IdemKey: f.Get("idempotency_key")}
	title := "Arrange a meeting"
	if fixed != "" {
		title = "Arrange a " + kindPhrase(fixed)
	}
	h.R.Render(w, r, status, "meeting/form", web.Page{Title: title, Nav: "meetings", Form: f, Data: d})
	return nil
}

// formClock reads a time typed on a form as HH:MM, or leaves it as typed
// for the service to refuse.
func formClock(s string) string {
	if hh, mm, problem := web.ParseClock(s, "the time"); problem == "" {
		return fmt.Sprintf("%02d:%02d", hh, mm)
	}
	return s
}

// formDay reads a date input as an ISO date, with the problem to show
// instead of the service's, if any.
func formDay(f *web.Form, name, what string) (string, string) {
	d, problem := f.FormDate(name, what)
	if problem != "" || d.IsZero() {
		return "", problem
	}
	return d.String(), ""
}

// overrule puts msg in place of the service's problem with field.
func overrule(f *web.Form, field, msg string) {
	if msg == "" {
		return
	}
	for i := range f.Errors {
		if f.Errors[i].Field == field {
			f.Errors[i].Message = msg
			return
		}
	}
	f.SetError(field, msg)
}

// Create arranges a meeting from the form. A double submit returns the
// first submission's meeting.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	date, problem := formDay(f, "date", "The date of the meeting")
	in := Input{Kind: f.Get("kind"), Date: date, Time: formClock(f.Get("time")), ChairID: f.Get("chair_id"),
		Reason: f.Values.Get("reason"), ConvenedByType: f.Get("convened_by_type"), ConvenedByID: f.Get("convened_by_id")}
	m, err := h.Svc.Create(r.Context(), in, f.Get("idempotency_key"))
	if rename(f, err, nil) {
		overrule(f, "date", problem)
		return h.showForm(w, r, failStatus(err), f, f.Get("fixed_kind"))
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/meetings/"+m.ID, KindLabel(m.Kind)+" arranged")
	return nil
}
