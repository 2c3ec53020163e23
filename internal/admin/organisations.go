package admin

import (
	"net/http"

	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// orgRow is an organisation as shown in the list.
type orgRow struct {
	ID, Name, TypeLabel string
	Teams, Users        int
}

// Organisations lists every organisation with its numbers of teams and users.
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
	h.render(w, r, http.StatusOK, "organisations", "Organisations", nil, rows)
	return nil
}

type orgData struct {
	Org       auth.Organisation
	TypeLabel string
	Teams     []auth.Team
	Users     []userRow
}

// Organisation shows an organisation with its teams and users.
func (h *Handlers) Organisation(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o, err := h.Auth.GetOrganisation(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	d := orgData{Org: o, TypeLabel: auth.OrgTypeLabel(o.Type)}
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

type orgFormData struct {
	Org   *auth.Organisation // nil when adding
	Types []option
}

func (h *Handlers) showOrgForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, o *auth.Organisation) {
	d := orgFormData{Org: o}
	for _, t := range auth.OrgTypes {
		d.Types = append(d.Types, opt(string(t.Type), t.Label, ""))
	}
	title := "Add an organisation"
	if o != nil {
		title = "Change organisation details"
	}
	h.render(w, r, status, "organisation_form", title, f, d)
}

// NewOrganisation shows an empty organisation form.
func (h *Handlers) NewOrganisation(w http.ResponseWriter, r *http.Request) error {
	h.showOrgForm(w, r, http.StatusOK, web.NewForm(nil), nil)
	return nil
}

// CreateOrganisation adds an organisation from the form.
func (h *Handlers) CreateOrganisation(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	o, err := h.Auth.CreateOrganisation(r.Context(), f.Get("name"), auth.OrgType(f.Get("type")))
	if f.Fail(err) {
		h.showOrgForm(w, r, http.StatusUnprocessableEntity, f, nil)
		return nil
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/admin/organisations/"+o.ID, "Organisation added")
	return nil
}

// EditOrganisation shows the form filled with the stored organisation.
func (h *Handlers) EditOrganisation(w http.ResponseWriter, r *http.Request) error {
	o, err := h.Auth.GetOrganisation(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	f := web.NewForm(nil)
	f.Values.Set("name", o.Name)
	f.Values.Set("type", string(o.Type))
	h.showOrgForm(w, r, http.StatusOK, f, &o)
	return nil
}

// UpdateOrganisation saves the organisation form.
func (h *Handlers) UpdateOrganisation(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	id := r.PathValue("id")
	_, err = h.Auth.UpdateOrganisation(ctx, id, f.Get("name"), auth.OrgType(f.Get("type")))
	if errs.Is(err, errs.Invalid) {
		stored, gerr := h.Auth.GetOrganisation(ctx, id)
		if gerr != nil {
			return gerr
		}
		f.Fail(err)
		h.showOrgForm(w, r, http.StatusUnprocessableEntity, f, &stored)
		return nil
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/admin/organisations/"+id, "Changes saved")
	return nil
}

type teamFormData struct {
	Org  auth.Organisation
	Team *auth.Team // nil when adding
}

func (h *Handlers) showTeamForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, o auth.Organisation, t *auth.Team) {
	title := "Add a team"
	if t != nil {
		title = "Change team details"
	}
	h.render(w, r, status, "team_form", title, f, teamFormData{Org: o, Team: t})
}

// NewTeam shows an empty form for a team of the organisation.
func (h *Handlers) NewTeam(w http.ResponseWriter, r *http.Request) error {
	o, err := h.Auth.GetOrganisation(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	h.showTeamForm(w, r, http.StatusOK, web.NewForm(nil), o, nil)
	return nil
}

// CreateTeam adds a team to the organisation.
func (h *Handlers) CreateTeam(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	o, err := h.Auth.GetOrganisation(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	_, err = h.Auth.CreateTeam(ctx, o.ID, f.Get("name"), f.Get("locality"))
	if f.Fail(err) {
		h.showTeamForm(w, r, http.StatusUnprocessableEntity, f, o, nil)
		return nil
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/admin/organisations/"+o.ID, "Team added")
	return nil
}

// EditTeam shows the form filled with the stored team.
func (h *Handlers) EditTeam(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	t, err := h.Auth.GetTeam(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	o, err := h.Auth.GetOrganisation(ctx, t.OrganisationID)
	if err != nil {
		return err
	}
	f := web.NewForm(nil)
	f.Values.Set("name", t.Name)
	f.Values.Set("locality", t.Locality)
	h.showTeamForm(w, r, http.StatusOK, f, o, &t)
	return nil
}

// UpdateTeam saves the team form.
func (h *Handlers) UpdateTeam(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	t, err := h.Auth.GetTeam(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	o, err := h.Auth.GetOrganisation(ctx, t.OrganisationID)
	if err != nil {
		return err
	}
	_, err = h.Auth.UpdateTeam(ctx, t.ID, f.Get("name"), f.Get("locality"))
	if f.Fail(err) {
		h.showTeamForm(w, r, http.StatusUnprocessableEntity, f, o, &t)
		return nil
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/admin/organisations/"+o.ID, "Changes saved")
	return nil
}
