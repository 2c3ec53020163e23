package admin

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/choice"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

type userFormData struct {
	User                     *auth.User // nil when adding
	Orgs, Roles, Teams       []choice.Option
	Active                   []choice.Option
	ActiveHint, PasswordHint string
}

func (h *Handlers) showUserForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, u *auth.User) error {
	d, err := h.directory(r.Context())
	if err != nil {
		return err
	}
	data := userFormData{User: u, Active: []choice.Option{{Value: "yes", Label: "This user can sign in"}},
		PasswordHint: fmt.Sprintf("At least %d characters", auth.MinPasswordLength)}
	if u != nil {
		data.ActiveHint = "Deactivating a user signs them out and revokes their API tokens."
		data.PasswordHint = fmt.Sprintf("Leave blank to keep the current password. A new password must be at least %d characters.",
			auth.MinPasswordLength)
	}
	for _, o := range d.Orgs {
		data.Orgs = append(data.Orgs, choice.Option{Value: o.ID, Label: o.Name})
	}
	actor := auth.UserFrom(r.Context())
	for _, ri := range auth.Roles {
		if !access.GrantRole(actor, ri.Role) {
			continue
		}
		data.Roles = append(data.Roles, choice.Option{Value: string(ri.Role), Label: ri.Label, Hint: ri.Hint})
	}
	names := d.orgNames()
	for _, t := range d.Teams {
		data.Teams = append(data.Teams, choice.Option{Value: t.ID, Label: teamLabel(t, names[t.OrganisationID])})
	}
	title := "Add a user"
	if u != nil {
		title = "Change " + u.Name + "’s details"
	}
	h.render(w, r, status, "user_form", title, f, data)
	return nil
}

// mayGive refuses a user's organisation or roles that the signed-in user
// does not manage or may not give: changed from old (nil when adding).
func mayGive(ctx context.Context, old *auth.User, in auth.UserInput) error {
	actor := auth.UserFrom(ctx)
	if in.OrganisationID != "" && (old == nil || in.OrganisationID != old.Organisation.ID) {
		if err := mayOrg(ctx, in.OrganisationID); err != nil {
			return err
		}
	}
	for _, role := range in.Roles {
		if (old == nil || !old.Has(role)) && !access.GrantRole(actor, role) {
			return errs.E(errs.Forbidden, "Only a partnership administrator can give the role %s", auth.RoleLabel(role))
		}
	}
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
