package admin

import (
	"net/http"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
)

type orgData struct {
	Org       auth.Organisation
	TypeLabel string
	Teams     []auth.Team
	Users     []userRow
	// Partnership: the user may change the organisation's details.
	Partnership bool
}

// Organisation shows an organisation with its teams and users.
func (h *Handlers) Organisation(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := h.Auth.GetOrganisation(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := mayOrg(ctx, o.ID); err != nil {
		return err
	}
	d := orgData{Org: o, TypeLabel: auth.OrgTypeLabel(o.Type), Partnership: access.AdministerPartnership(auth.UserFrom(ctx))}
	if d.Teams, err = h.Auth.ListTeams(ctx, o.ID); err != nil {
		return err
	}
	users, err := h.Auth.ListUsers(ctx, o.ID)
	if err != nil {
		return err
	}
	for _, u := range users {
		d.Users = append(d.Users, rowOf(u))
	}
	h.render(w, r, http.StatusOK, "organisation", o.Name, nil, d)
	return nil
}
