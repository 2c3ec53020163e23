package people

import (
	"net/http"
	"net/url"
	"strconv"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

type listData struct {
	Result   ListResult
	Search   string
	Orgs     map[string]auth.Organisation
	Today    civil.Date
	CanAdd   bool
	PrevHref string
	NextHref string
}

// List shows the people the user may see, or those matching a search.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) error {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	q := r.URL.Query().Get("q")
	res, err := h.Svc.List(r.Context(), ListQuery{Search: q, Page: page})
	if err != nil {
		return err
	}
	orgs, err := h.Svc.orgNames(r.Context())
	if err != nil {
		return err
	}
	d := listData{Result: res, Search: q, Orgs: orgs, Today: h.Svc.today(), CanAdd: canCreate(r)}
	link := func(p int) string {
		v := url.Values{}
		if q != "" {
			v.Set("q", q)
		}
		v.Set("page", strconv.Itoa(p))
		return "/people?" + v.Encode()
	}
	if res.Page > 1 {
		d.PrevHref = link(res.Page - 1)
	}
	if res.Page < res.Pages() {
		d.NextHref = link(res.Page + 1)
	}
	title := "People"
	if q != "" {
		title = "Search results"
	}
	h.R.Render(w, r, http.StatusOK, "people/list", web.Page{Title: title, Nav: "people", Data: d,
		Form: web.NewForm(url.Values{"q": {q}})})
	return nil
}

type viewData struct {
	Person *Person
	Today  civil.Date
	Merges []*Merge
}

// View shows a person's record.
func (h *Handlers) View(w http.ResponseWriter, r *http.Request) error {
	p, err := h.Svc.Get(r.Context(), r.PathValue("id"))
	if h.viewMerged(w, r, err) {
		return nil
	}
	if err != nil {
		return err
	}
	title := p.Name()
	d := viewData{Person: p, Today: h.Svc.today()}
	if p.ContentHidden {
		title = "Restricted record"
	} else if d.Merges, err = h.Svc.MergeHistory(r.Context(), p.ID); err != nil {
		return err
	}
	h.R.Render(w, r, http.StatusOK, "people/view", web.Page{Title: title, Nav: "people", Data: d})
	return nil
}

// New shows an empty person form.
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) error {
	if !canCreate(r) {
		return errs.E(errs.Forbidden, "You do not have permission to create person records")
	}
	f := web.NewForm(url.Values{"kind": {Child}, "idempotency_key": {web.RandomToken()}, "addresses-0-line": {""}})
	if u := auth.UserFrom(r.Context()); u.Organisation.Type == auth.LocalAuthority {
		f.Values.Set("owning_authority_id", u.Organisation.ID)
	}
	return h.showForm(w, r, http.StatusOK, f, nil)
}

func (h *Handlers) showForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, p *Person) error {
	d, err := h.formData(r, f, p)
	if err != nil {
		return err
	}
	title := "Add a person"
	if p != nil {
		title = "Change " + p.Name() + "’s details"
	}
	h.R.Render(w, r, status, "people/form", web.Page{Title: title, Nav: "people", Form: f, Data: d})
	return nil
}

// Create saves a new person from the form; a double submit returns the
// first submission's record.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	key, err := web.FormKey(r)
	if err != nil {
		return err
	}
	p, err := h.Svc.Create(r.Context(), inputFromForm(f), key)
	if f.Fail(err) {
		return h.showForm(w, r, http.StatusUnprocessableEntity, f, nil)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/people/"+p.ID, "Person record created")
	return nil
}

// Edit shows the form filled with the stored record.
func (h *Handlers) Edit(w http.ResponseWriter, r *http.Request) error {
	p, err := h.Svc.Get(r.Context(), r.PathValue("id"))
	if err == nil && !p.CanEdit {
		err = errs.E(errs.Forbidden, "You do not have permission to change this record")
	}
	if err != nil {
		return err
	}
	return h.showForm(w, r, http.StatusOK, formOf(p, h.Svc.today()), p)
}

// Update saves the edit form.
func (h *Handlers) Update(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	p, err := h.Svc.Update(r.Context(), id, inputFromForm(f))
	if errs.Is(err, errs.Invalid) {
		stored, gerr := h.Svc.Get(r.Context(), id)
		if gerr != nil {
			return gerr
		}
		f.Fail(err)
		return h.showForm(w, r, http.StatusUnprocessableEntity, f, stored)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/people/"+p.ID, "Changes saved")
	return nil
}

type auditData struct {
	Person *Person
	Events []eventRow
}

type eventRow struct {
	At, Who, Organisation, What, Address string
}

var actionWords = map[string]string{
	"view": "Viewed", "create": "Created", "update": "Changed", "export": "Exported", "restrict": "Restricted",
	"grant": "Granted access", "search": "Searched", "merge": "Merged", "unmerge": "Merge undone",
}

// WhoHasSeen lists the audit trail of a person's record.
func (h *Handlers) WhoHasSeen(w http.ResponseWriter, r *http.Request) error {
	p, events, err := h.Svc.WhoHasSeen(r.Context(), r.PathValue("id"), 500)
	if err != nil {
		return err
	}
	d := auditData{Person: p}
	for _, e := range events {
		what := actionWords[e.Action]
		if what == "" {
			what = e.Action
		}
		if e.RecordType == "person-audit" {
			what = "Viewed who has seen this record"
		} else if e.Detail != "" {
			what += ": " + e.Detail
		}
		d.Events = append(d.Events, eventRow{At: e.At.In(civil.London).Format("2 January 2006 at 3:04:05pm"),
			Who: e.ActorName, Organisation: e.OrganisationName, What: what, Address: e.Address})
	}
	h.R.Render(w, r, http.StatusOK, "people/audit", web.Page{Title: "Who has seen this record", Nav: "people", Data: d})
	return nil
}

func canCreate(r *http.Request) bool { return access.Create(auth.UserFrom(r.Context())) }
