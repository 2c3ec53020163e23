package rhiquality

import (
	"net/http"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/web"
)

// The list of audit standards.

type standardsData struct {
	Current, Retired []Standard
	CanManage        bool
}

// Standards lists the standards, with the form to add one and buttons to
// retire them for those who may.
func (h *Handlers) Standards(w http.ResponseWriter, r *http.Request) error {
	return h.showStandards(w, r, http.StatusOK, web.NewForm(nil))
}

func (h *Handlers) showStandards(w http.ResponseWriter, r *http.Request, status int, f *web.Form) error {
	list, err := h.Svc.Standards(r.Context())
	if err != nil {
		return err
	}
	d := standardsData{CanManage: access.ManageStandards(auth.UserFrom(r.Context()))}
	for _, s := range list {
		if s.Retired() {
			d.Retired = append(d.Retired, s)
		} else {
			d.Current = append(d.Current, s)
		}
	}
	return h.render(w, r, status, "quality_standards", "Return interview standards", f, d)
}
