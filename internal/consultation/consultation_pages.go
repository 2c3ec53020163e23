package consultation

import (
	"net/http"
	"net/url"
	"strconv"

	"mace/internal/concern"
	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

type listData struct {
	Result   ListResult
	States   []option
	CanAdd   bool
	Filtered bool
	PrevHref string
	NextHref string
}

// List shows the authority's consultation log, newest first, filtered by
// whether a referral followed and by date.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query()
	f := web.NewForm(query)
	q := ListQuery{State: f.Get("state")}
	q.Page, _ = strconv.Atoi(f.Get("page"))
	var problem string
	if q.From, problem = f.FormDate("from", "The start date"); problem != "" {
		f.SetError("from", problem)
	}
	if q.To, problem = f.FormDate("to", "The end date"); problem != "" {
		f.SetError("to", problem)
	}
	d := listData{States: choices(States), CanAdd: access.LogConsultation(auth.UserFrom(r.Context())),
		Filtered: q.State != "" || !q.From.IsZero() || !q.To.IsZero()}
	if !f.HasErrors() {
		res, err := h.Svc.List(r.Context(), q)
		if !f.Fail(err) && err != nil {
			h.R.Error(w, r, err)
			return
		}
		d.Result = res
	}
	link := func(p int) string {
		v := url.Values{}
		for k, vs := range query {
			if k != "page" {
				v[k] = vs
			}
		}
		v.Set("page", strconv.Itoa(p))
		return "/consultations?" + v.Encode()
	}
	if d.Result.Page > 1 {
		d.PrevHref = link(d.Result.Page - 1)
	}
	if d.Result.PerPage > 0 && d.Result.Page < d.Result.Pages() {
		d.NextHref = link(d.Result.Page + 1)
	}
	h.R.Render(w, r, http.StatusOK, "consultation/list", web.Page{Title: "Consultations", Nav: "consultations", Data: d, Form: f})
}

// View shows a consultation.
func (h *Handlers) View(w http.ResponseWriter, r *http.Request) {
	c, err := h.Svc.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.R.Render(w, r, http.StatusOK, "consultation/view", web.Page{Title: "Consultation", Nav: "consultations", Data: c})
}

// New shows an empty consultation form.
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) {
	if !access.LogConsultation(auth.UserFrom(r.Context())) {
		h.R.Error(w, r, errMayNotLog)
		return
	}
	h.showForm(w, r, http.StatusOK, newForm(h.Svc.Now()), nil)
}

func (h *Handlers) showForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, c *Consultation) {
	d := formData{Consultation: c, Methods: choices(Methods), States: choices(States), IdemKey: f.Get("idempotency_key")}
	orgs, err := h.Svc.Organisations(r.Context())
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	for _, o := range orgs {
		d.Organisations = append(d.Organisations, option{Value: o.ID, Label: o.Name})
	}
	for _, t := range concern.Types {
		d.Concerns = append(d.Concerns, option{Value: t.Code, Label: t.Label})
	}
	// The linked (or chosen) person record first, then any found.
	seen := map[string]bool{}
	if id := f.Get("person_id"); id != "" && f.Error("person_id") == "" {
		if p, err := h.Svc.Person(r.Context(), id); err == nil && !p.ContentHidden {
			d.People = append(d.People, option{Value: p.ID, Label: personLabel(p.Name(), p.DateOfBirth.Long(), p.EstimatedAge, "")})
			seen[p.ID] = true
		}
	}
	if f.Get("action") == "find-person" {
		d.Searched = true
		found, err := h.Svc.FindPeople(r.Context(), f.Get("person_search"))
		if err != nil {
			h.R.Error(w, r, err)
			return
		}
		for _, s := range found {
			if !seen[s.ID] && !s.ContentHidden {
				d.People = append(d.People, summaryOption(s))
			}
		}
	}
	title := "Log a consultation"
	if c != nil {
		title = "Change the consultation"
	}
	h.R.Render(w, r, status, "consultation/form", web.Page{Title: title, Nav: "consultations", Form: f, Data: d})
}

// Create saves a new consultation from the form, or, when the person
// search button was pressed, shows the form again with the people found.
// A double submit returns the first submission's consultation.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if f.Get("action") == "find-person" {
		if !access.LogConsultation(auth.UserFrom(r.Context())) {
			h.R.Error(w, r, errMayNotLog)
			return
		}
		h.showForm(w, r, http.StatusOK, f, nil)
		return
	}
	c, err := h.Svc.Create(r.Context(), inputFromForm(f), f.Get("idempotency_key"))
	if f.Fail(err) {
		h.showForm(w, r, http.StatusUnprocessableEntity, f, nil)
		return
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	web.Redirect(w, r, "/consultations/"+c.ID, "Consultation logged")
}

// Edit shows the form filled with the stored consultation.
func (h *Handlers) Edit(w http.ResponseWriter, r *http.Request) {
	c, err := h.Svc.Get(r.Context(), r.PathValue("id"))
	if err == nil && !c.CanEdit {
		err = errs.E(errs.Forbidden, "You do not have permission to change this consultation")
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.showForm(w, r, http.StatusOK, formOf(c), c)
}

// Update saves the edit form (or searches for a person record to link).
func (h *Handlers) Update(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	id := r.PathValue("id")
	if f.Get("action") == "find-person" {
		h.showStored(w, r, http.StatusOK, f, id)
		return
	}
	c, err := h.Svc.Update(r.Context(), id, inputFromForm(f))
	if errs.Is(err, errs.Invalid) {
		f.Fail(err)
		h.showStored(w, r, http.StatusUnprocessableEntity, f, id)
		return
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	web.Redirect(w, r, "/consultations/"+c.ID, "Changes saved")
}

// showStored shows the edit form as typed, for the consultation id.
func (h *Handlers) showStored(w http.ResponseWriter, r *http.Request, status int, f *web.Form, id string) {
	stored, err := h.Svc.Get(r.Context(), id)
	if err == nil && !stored.CanEdit {
		err = errs.E(errs.Forbidden, "You do not have permission to change this consultation")
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.showForm(w, r, status, f, stored)
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
