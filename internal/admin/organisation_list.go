package admin

import (
	"net/http"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
)

// orgRow is an organisation as shown in the list.
type orgRow struct {
	ID, Name, TypeLabel string
	Teams, Users        int
}

type orgsData struct {
	Rows        []orgRow
	Partnership bool // the user may add organisations
}

// Organisations lists every organisation (an administrator's own only) with its numbers of teams and users.
func (h *Handlers) Organisations(w http.ResponseWriter, r *http.Request) error {
	d, err := h.directory(r.Context())
	if err != nil {
		return err
	}
	teams, users := map[string]int{}, map[string]int{}
	for _, t := range d.Teams {
		teams[t.OrganisationID]++
	}
	for _, u := range d.Users {
		users[u.Organisation.ID]++
	}
	rows := make([]orgRow, 0, len(d.Orgs))
	for _, o := range d.Orgs {
		rows = append(rows, orgRow{ID: o.ID, Name: o.Name, TypeLabel: auth.OrgTypeLabel(o.Type),
			Teams: teams[o.ID], Users: users[o.ID]})
	}
	h.render(w, r, http.StatusOK, "organisations", "Organisations", nil,
		orgsData{Rows: rows, Partnership: access.AdministerPartnership(auth.UserFrom(r.Context()))})
	return nil
}
