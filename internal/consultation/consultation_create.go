package consultation

import (
	"mace/internal/platform/errs"
	"net/http"

	"mace/internal/concern"
	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/choice"
	"mace/internal/platform/web"
)

// New shows an empty consultation form.
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) error {
	if !access.LogConsultation(auth.UserFrom(r.Context())) {
		return errMayNotLog
	}
	return h.showForm(w, r, http.StatusOK, newForm(h.Svc.Now()), nil)
}

// showForm shows the consultation form, new (c nil) or for a change to c.
func (h *Handlers) showForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, c *Consultation) error {
	d := formData{Consultation: c, Methods: Methods.Options(), States: States.Options(), IdemKey: f.Get("idempotency_key"),
		Concerns: concern.Types.Options()}
	orgs, err := h.Svc.Organisations(r.Context())
	if err != nil {
		return err
	}
	for _, o := range orgs {
		d.Organisations = append(d.Organisations, choice.Option{Value: o.ID, Label: o.Name})
	}
	// The linked (or chosen) person record first, then any found.
	seen := map[string]bool{}
	if id := f.Get("person_id"); id != "" && f.Error("person_id") == "" {
		if p, err := h.Svc.Person(r.Context(), id); err == nil && !p.ContentHidden {
			d.People = append(d.People, choice.Option{Value: p.ID, Label: personLabel(p.Name(), p.DateOfBirth.Long(), p.EstimatedAge, "")})
			seen[p.ID] = true
		}
	}
	if f.Get("action") == "find-person" {
		d.Searched = true
		found, err := h.Svc.FindPeople(r.Context(), f.Get("person_search"))
		if errs.Is(err, errs.Invalid) {
			// A search too long to run: said on the search box, the
			// form kept as typed.
			for _, fe := range errs.Fields(err) {
				f.SetError("person_search", fe.Message)
			}
			status = http.StatusUnprocessableEntity
		} else if err != nil {
			return err
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
	return nil
}

// Create saves a new consultation from the form, or, when the person
// search button was pressed, shows the form again with the people found.
// A double submit returns the first submission's consultation.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	if f.Get("action") == "find-person" {
		if !access.LogConsultation(auth.UserFrom(r.Context())) {
			return errMayNotLog
		}
		return h.showForm(w, r, http.StatusOK, f, nil)
	}
	var c *Consultation
	key, err := web.FormKey(r)
	if err == nil {
		c, err = h.Svc.Create(r.Context(), inputFromForm(f), key)
	}
	if f.Fail(err) {
		return h.showForm(w, r, http.StatusUnprocessableEntity, f, nil)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/consultations/"+c.ID, "Consultation logged")
	return nil
}
