package people

import (
	"net/http"
	"net/url"

	"mace/internal/platform/web"
)

type accessData struct {
	Person *Person
	Info   AccessInfo
}

func (h *Handlers) showAccess(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	p, info, err := h.Svc.Access(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if f == nil {
		f = web.NewForm(url.Values{})
		if p.Restricted {
			f.Values.Set("restricted", "yes")
		} else {
			f.Values.Set("restricted", "no")
		}
		for _, u := range info.Named {
			f.Values.Add("named", u.ID)
		}
	}
	h.R.Render(w, r, status, "people/access", web.Page{Title: "Who may see this record", Nav: "people", Form: f,
		Data: accessData{Person: p, Info: info}})
	return nil
}

// Access shows who may see a record, with forms to restrict it and to grant
// another organisation access.
func (h *Handlers) Access(w http.ResponseWriter, r *http.Request) error {
	return h.showAccess(w, r, http.StatusOK, nil)
}

// Restrict saves the restriction form.
func (h *Handlers) Restrict(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	err = h.Svc.Restrict(r.Context(), id, f.Get("restricted") == "yes", f.All("named"))
	if f.Fail(err) {
		return h.showAccess(w, r, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/people/"+id+"/access", "Restriction saved")
	return nil
}

// Grant saves the grant form.
func (h *Handlers) Grant(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	err = h.Svc.Grant(r.Context(), id, f.Get("organisation_id"), f.Get("reason"))
	if f.Fail(err) {
		return h.showAccess(w, r, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/people/"+id+"/access", "Access granted")
	return nil
}
