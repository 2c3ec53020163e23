package admin

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"mace/internal/platform/auth"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

type usersData struct {
	Rows       []userRow
	Orgs       []option
	FilterName string // the organisation shown, when filtered
}

// Users lists users, all of them or those of one organisation
// (?organisation=id).
func (h *Handlers) Users(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	orgs, err := h.Auth.ListOrganisations(ctx)
	if err != nil {
		return err
	}
	filter := r.URL.Query().Get("organisation")
	d := usersData{}
	known := false
	for _, o := range orgs {
		d.Orgs = append(d.Orgs, opt(o.ID, o.Name, ""))
		if o.ID == filter {
			known, d.FilterName = true, o.Name
		}
	}
	if !known {
		filter = ""
	}
	users, err := h.Auth.ListUsers(ctx, filter)
	if err != nil {
		return err
	}
	for _, u := range users {
		d.Rows = append(d.Rows, rowOf(u))
	}
	h.render(w, r, http.StatusOK, "users", "Users", web.NewForm(url.Values{"organisation": {filter}}), d)
	return nil
}

type teamItem struct{ ID, Label string }

type userData struct {
	User   *auth.User
	Roles  []string
	Teams  []teamItem
	Tokens []auth.Token
}

// userPage gathers what the user page shows.
func (h *Handlers) userPage(r *http.Request, id string) (userData, error) {
	ctx := r.Context()
	u, err := h.Auth.GetUser(ctx, id)
	if err != nil {
		return userData{}, err
	}
	d := userData{User: u, Roles: roleLabels(u.Roles)}
	teams, err := h.Auth.ListTeams(ctx, u.Organisation.ID)
	if err != nil {
		return d, err
	}
	for _, t := range teams {
		if u.InTeam(t.ID) {
			d.Teams = append(d.Teams, teamItem{t.ID, teamLabel(t, "")})
		}
	}
	d.Tokens, err = h.Auth.ListTokens(ctx, u.ID)
	return d, err
}

// User shows a user's details and API tokens.
func (h *Handlers) User(w http.ResponseWriter, r *http.Request) error {
	d, err := h.userPage(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "user", d.User.Name, nil, d)
	return nil
}

// teamLabel names a team as "Name (Organisation, Locality)", leaving out
// what is empty.
func teamLabel(t auth.Team, org string) string {
	extra := org
	if t.Locality != "" {
		if extra != "" {
			extra += ", "
		}
		extra += t.Locality
	}
	if extra == "" {
		return t.Name
	}
	return t.Name + " (" + extra + ")"
}

type userFormData struct {
	User                     *auth.User // nil when adding
	Orgs, Roles, Teams       []option
	Active                   []option
	ActiveHint, PasswordHint string
}

func (h *Handlers) showUserForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, u *auth.User) error {
	d, err := h.directory(r.Context())
	if err != nil {
		return err
	}
	data := userFormData{User: u, Active: []option{opt("yes", "This user can sign in", "")},
		PasswordHint: fmt.Sprintf("At least %d characters", auth.MinPasswordLength)}
	if u != nil {
		data.ActiveHint = "Deactivating a user signs them out and revokes their API tokens."
		data.PasswordHint = fmt.Sprintf("Leave blank to keep the current password. A new password must be at least %d characters.",
			auth.MinPasswordLength)
	}
	for _, o := range d.Orgs {
		data.Orgs = append(data.Orgs, opt(o.ID, o.Name, ""))
	}
	for _, ri := range auth.Roles {
		data.Roles = append(data.Roles, opt(string(ri.Role), ri.Label, ri.Hint))
	}
	names := d.orgNames()
	for _, t := range d.Teams {
		data.Teams = append(data.Teams, opt(t.ID, teamLabel(t, names[t.OrganisationID]), ""))
	}
	title := "Add a user"
	if u != nil {
		title = "Change " + u.Name + "’s details"
	}
	h.render(w, r, status, "user_form", title, f, data)
	return nil
}

// inputFromForm reads the user form.
func inputFromForm(f *web.Form) auth.UserInput {
	in := auth.UserInput{Email: f.Get("email"), Name: f.Get("name"), OrganisationID: f.Get("organisation_id"),
		Password: f.Values.Get("password"), TeamIDs: f.All("team_ids"), Active: f.Has("active", "yes")}
	for _, role := range f.All("roles") {
		in.Roles = append(in.Roles, auth.Role(role))
	}
	return in
}

// userFields are the user form's fields in the order shown, so that the
// error summary lists problems in that order too.
var userFields = []string{"name", "email", "organisation_id", "roles", "team_ids", "active", "password"}

func inFormOrder(f *web.Form) {
	slices.SortStableFunc(f.Errors, func(a, b errs.FieldError) int {
		return slices.Index(userFields, a.Field) - slices.Index(userFields, b.Field)
	})
}

// formOf fills the user form from a stored user. The password is never
// shown.
func formOf(u *auth.User) *web.Form {
	f := web.NewForm(nil)
	f.Values.Set("name", u.Name)
	f.Values.Set("email", u.Email)
	f.Values.Set("organisation_id", u.Organisation.ID)
	for _, role := range u.Roles {
		f.Values.Add("roles", string(role))
	}
	f.Values["team_ids"] = append([]string(nil), u.TeamIDs...)
	if u.Active {
		f.Values.Set("active", "yes")
	}
	return f
}

// NewUser shows an empty user form; a new user can sign in unless unticked.
// ?organisation_id= chooses the organisation to start with.
func (h *Handlers) NewUser(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(url.Values{"active": {"yes"}})
	if org := r.URL.Query().Get("organisation_id"); org != "" {
		f.Values.Set("organisation_id", org)
	}
	return h.showUserForm(w, r, http.StatusOK, f, nil)
}

// CreateUser adds a user from the form.
func (h *Handlers) CreateUser(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	u, err := h.Auth.CreateUser(r.Context(), inputFromForm(f))
	if f.Fail(err) {
		inFormOrder(f)
		return h.showUserForm(w, r, http.StatusUnprocessableEntity, f, nil)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/admin/users/"+u.ID, "User added")
	return nil
}

// EditUser shows the form filled with the stored user.
func (h *Handlers) EditUser(w http.ResponseWriter, r *http.Request) error {
	u, err := h.Auth.GetUser(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return h.showUserForm(w, r, http.StatusOK, formOf(u), u)
}

// UpdateUser saves the user form. A blank password keeps the current one.
func (h *Handlers) UpdateUser(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	id := r.PathValue("id")
	_, err = h.Auth.UpdateUser(ctx, id, inputFromForm(f))
	if errs.Is(err, errs.Invalid) {
		stored, gerr := h.Auth.GetUser(ctx, id)
		if gerr != nil {
			return gerr
		}
		f.Fail(err)
		inFormOrder(f)
		return h.showUserForm(w, r, http.StatusUnprocessableEntity, f, stored)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/admin/users/"+id, "Changes saved")
	return nil
}
