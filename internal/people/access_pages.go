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

func (h *Handlers) showAccess(w http.ResponseWriter, r *http.Request, status int, f *web.Form) {
	p, info, err := h.Svc.Access(r.Context(), r.PathValue("id"))
	if err != nil {
		h.R.Error(w, r, err)
		return
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
}

// Access shows who may see a record, with forms to restrict it and to grant
// another organisation access.
func (h *Handlers) Access(w http.ResponseWriter, r *http.Request) {
	h.showAccess(w, r, http.StatusOK, nil)
}

// Restrict saves the restriction form.
func (h *Handlers) Restrict(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	id := r.PathValue("id")
	err = h.Svc.Restrict(r.Context(), id, f.Get("restricted") == "yes", f.All("named"))
	if f.Fail(err) {
		h.showAccess(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	web.Redirect(w, r, "/people/"+id+"/access", "Restriction saved")
}

// Grant saves the grant form.
func (h *Handlers) Grant(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	id := r.PathValue("id")
	err = h.Svc.Grant(r.Context(), id, f.Get("organisation_id"), f.Get("reason"))
	if f.Fail(err) {
		h.showAccess(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	web.Redirect(w, r, "/people/"+id+"/access", "Access granted")
}
