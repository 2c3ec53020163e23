// Package admin serves the administration pages: organisations, teams, users,
// API tokens and bank holidays, and each person's own API tokens. The routes
// are wired by the app, which lets only administrators through to the
// administration pages; these handlers check which organisation's teams and
// users the administrator manages (access.AdministerOrg, AdministerUser),
// and that organisations and the calendar are a partnership administrator's
// (access.AdministerPartnership).
package admin

import (
	"context"
	"embed"
	"net/http"
	"slices"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// Templates are the administration pages, registered as "admin/...".
//
//go:embed templates/*.html
var Templates embed.FS

// Handlers serve the administration pages.
type Handlers struct {
	Auth     *auth.Service
	Calendar *calendar.Service
	R        *web.Renderer
}

// render shows an administration page, marked as such in the navigation.
func (h *Handlers) render(w http.ResponseWriter, r *http.Request, status int, page, title string, f *web.Form, data any) {
	h.R.Render(w, r, status, "admin/"+page, web.Page{Title: title, Nav: "admin", Form: f, Data: data})
}

// notYours is the refusal of another organisation's teams and users.
func notYours() error {
	return errs.E(errs.Forbidden, "You can manage only your own organisation's teams and users")
}

// mayOrg refuses unless the signed-in user manages the organisation's
// teams and users.
func mayOrg(ctx context.Context, orgID string) error {
	if !access.AdministerOrg(auth.UserFrom(ctx), orgID) {
		return notYours()
	}
	return nil
}

// mayUser refuses unless the signed-in user manages the user.
func mayUser(ctx context.Context, u *auth.User) error {
	if !access.AdministerUser(auth.UserFrom(ctx), u) {
		return notYours()
	}
	return nil
}

// mayPartnership refuses unless the signed-in user is a partnership
// administrator.
func mayPartnership(ctx context.Context) error {
	if !access.AdministerPartnership(auth.UserFrom(ctx)) {
		return errs.E(errs.Forbidden, "Only a partnership administrator can do this")
	}
	return nil
}

// directory is every organisation, team and user the signed-in user
// manages, for the lists and counts: a partnership administrator's are
// everyone's, an administrator's their own organisation's.
type directory struct {
	Orgs  []auth.Organisation
	Teams []auth.Team
	Users []*auth.User
}

func (h *Handlers) directory(ctx context.Context) (directory, error) {
	var d directory
	var err error
	if d.Orgs, err = h.Auth.ListOrganisations(ctx); err != nil {
		return d, err
	}
	scope := ""
	if !access.AdministerPartnership(auth.UserFrom(ctx)) {
		u := auth.UserFrom(ctx)
		if u == nil || u.Organisation.ID == "" {
			return directory{}, nil
		}
		scope = u.Organisation.ID
		d.Orgs = slices.DeleteFunc(d.Orgs, func(o auth.Organisation) bool { return o.ID != scope })
	}
	if d.Teams, err = h.Auth.ListTeams(ctx, scope); err != nil {
		return d, err
	}
	d.Users, err = h.Auth.ListUsers(ctx, scope)
	return d, err
}

// orgNames maps organisation ids to names.
func (d directory) orgNames() map[string]string {
	m := make(map[string]string, len(d.Orgs))
	for _, o := range d.Orgs {
		m[o.ID] = o.Name
	}
	return m
}

type indexData struct {
	Organisations, Teams, Users, ActiveUsers int
	// Partnership: the user is a partnership administrator, who adds
	// organisations and keeps the calendar.
	Partnership bool
}

// Index is the overview of the administration pages.
func (h *Handlers) Index(w http.ResponseWriter, r *http.Request) error {
	d, err := h.directory(r.Context())
	if err != nil {
		return err
	}
	data := indexData{Organisations: len(d.Orgs), Teams: len(d.Teams), Users: len(d.Users),
		Partnership: access.AdministerPartnership(auth.UserFrom(r.Context()))}
	for _, u := range d.Users {
		if u.Active {
			data.ActiveUsers++
		}
	}
	h.render(w, r, http.StatusOK, "index", "Administration", nil, data)
	return nil
}

// userRow is a user as shown in a table.
type userRow struct {
	ID, Name, Email, OrgID, OrgName string
	Roles                           []string
	Active                          bool
}

func rowOf(u *auth.User) userRow {
	row := userRow{ID: u.ID, Name: u.Name, Email: u.Email, OrgID: u.Organisation.ID,
		OrgName: u.Organisation.Name, Active: u.Active}
	row.Roles = roleLabels(u.Roles)
	return row
}

func roleLabels(roles []auth.Role) []string {
	out := make([]string, 0, len(roles))
	for _, r := range roles {
		out = append(out, auth.RoleLabel(r))
	}
	return out
}
