package auth

import (
	"context"
	"database/sql"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"slices"
	"strings"
)

// UserInput is what an administrator enters for a user.
type UserInput struct {
	Email, Name, OrganisationID, Password string
	Roles                                 []Role
	TeamIDs                               []string
	Active                                bool
}

func (in UserInput) clean() UserInput {
	in.Email = normaliseEmail(in.Email)
	in.Name = strings.TrimSpace(in.Name)
	in.OrganisationID = strings.TrimSpace(in.OrganisationID)
	in.Roles = cleanList(in.Roles)
	sortRoles(in.Roles)
	in.TeamIDs = cleanList(in.TeamIDs)
	slices.Sort(in.TeamIDs)
	return in
}

// hashNewPassword hashes an acceptable new password before a transaction
// starts, so the slow hash never holds the write lock. It returns "" for an
// empty or unacceptable one, which validation reports.
func hashNewPassword(pw string) (string, error) {
	if pw == "" || ValidatePassword(pw) != "" {
		return "", nil
	}
	h, err := HashPassword(pw)
	return h, errs.Wrap(err, "hashing a password")
}

func (s *Service) validateUser(ctx context.Context, q db.Querier, in UserInput, id string, creating bool) error {
	var v errs.Validation
	switch {
	case in.Email == "":
		v.Add("email", "Enter an email address")
	case !validEmail(in.Email):
		v.Add("email", "Enter an email address in the correct format, like name@example.com")
	default:
		taken, err := emailTaken(ctx, q, in.Email, id)
		if err != nil {
			return err
		}
		if taken {
			v.Add("email", "A user with this email address already exists")
		}
	}
	checkName(&v, "name", in.Name, "Enter the user's name")
	if _, err := getOrganisation(ctx, q, in.OrganisationID); errs.Is(err, errs.NotFound) || in.OrganisationID == "" {
		v.Add("organisation_id", "Select an organisation")
	} else if err != nil {
		return err
	}
	if creating || in.Password != "" {
		if msg := ValidatePassword(in.Password); msg != "" {
			v.Add("password", msg)
		}
	}
	if len(in.Roles) == 0 {
		v.Add("roles", "Select at least one role")
	} else if slices.ContainsFunc(in.Roles, func(r Role) bool { return !ValidRole(r) }) {
		v.Add("roles", "Select roles from the list")
	}
	if !v.Has("organisation_id") {
		n, err := teamsOutside(ctx, q, in.OrganisationID, in.TeamIDs)
		if err != nil {
			return err
		}
		if n > 0 {
			v.Add("team_ids", "Select teams in the user's organisation")
		}
	}
	return v.Err()
}

// CreateUser adds a user with a password.
func (s *Service) CreateUser(ctx context.Context, in UserInput) (*User, error) {
	in = in.clean()
	hash, err := hashNewPassword(in.Password)
	if err != nil {
		return nil, err
	}
	var u *User
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.validateUser(ctx, tx, in, "", true); err != nil {
			return err
		}
		id, now := db.NewID(), db.Time(s.now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO users
			(id, organisation_id, email, name, password_hash, active, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`, id, in.OrganisationID, in.Email, in.Name, hash, in.Active, now); err != nil {
			return writeErr(err, "email", "A user with this email address already exists")
		}
		if err := setMemberships(ctx, tx, id, in.Roles, in.TeamIDs); err != nil {
			return err
		}
		org, err := getOrganisation(ctx, tx, in.OrganisationID)
		if err != nil {
			return err
		}
		teams, err := teamNames(ctx, tx, in.TeamIDs)
		if err != nil {
			return err
		}
		if err := s.record(ctx, tx, AuditEvent{Action: "create", RecordType: "user", RecordID: id,
			Detail: "created with roles: " + roleList(in.Roles) + "; organisation: " + org.Name + "; teams: " + teams}); err != nil {
			return err
		}
		row, err := findUser(ctx, tx, "id", id)
		u = row.User
		return err
	})
	return u, err
}

// UpdateUser changes a user. An empty Password leaves it unchanged; a new
// one ends the user's sessions. Deactivating a user ends their sessions and
// revokes their API tokens.
func (s *Service) UpdateUser(ctx context.Context, id string, in UserInput) (*User, error) {
	in = in.clean()
	hash, err := hashNewPassword(in.Password)
	if err != nil {
		return nil, err
	}
	var u *User
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		old, err := findUser(ctx, tx, "id", id)
		if err != nil {
			return err
		}
		if err := s.validateUser(ctx, tx, in, id, false); err != nil {
			return err
		}
		if err := notOwnAccess(ctx, id, old.User, in); err != nil {
			return err
		}
		var c changed
		c.check("email", in.Email != old.Email)
		c.check("name", in.Name != old.Name)
		c.check("organisation_id", in.OrganisationID != old.Organisation.ID)
		c.check("password", hash != "")
		c.check("roles", !slices.Equal(in.Roles, old.Roles))
		c.check("team_ids", !slices.Equal(in.TeamIDs, old.TeamIDs))
		c.check("active", in.Active != old.Active)
		if len(c) == 0 {
			u = old.User
			return nil
		}
		now := s.now()
		if hash == "" {
			hash = old.passwordHash
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET email = $1, name = $2, organisation_id = $3,
			password_hash = $4, active = $5, updated_at = $6 WHERE id = $7`,
			in.Email, in.Name, in.OrganisationID, hash, in.Active, db.Time(now), id); err != nil {
			return writeErr(err, "email", "A user with this email address already exists")
		}
		if err := setMemberships(ctx, tx, id, in.Roles, in.TeamIDs); err != nil {
			return err
		}
		detail, err := s.accessChanges(ctx, tx, "changed "+c.String(), old.User, in)
		if err != nil {
			return err
		}
		if deactivated, newPassword := old.Active && !in.Active, hash != old.passwordHash; deactivated || newPassword {
			sessions, tokens, err := endAccess(ctx, tx, id, deactivated, db.Time(now))
			if err != nil {
				return err
			}
			detail += "; " + plural(sessions, "session") + " ended"
			if deactivated {
				detail += "; " + plural(tokens, "API token") + " revoked"
			}
		}
		if err := s.record(ctx, tx, AuditEvent{Action: "update", RecordType: "user", RecordID: id, Detail: detail}); err != nil {
			return err
		}
		row, err := findUser(ctx, tx, "id", id)
		u = row.User
		return err
	})
	return u, err
}

// notOwnAccess refuses a change by the signed-in user to their own roles or
// organisation: those are what decide what they may see and do, so another
// administrator changes them.
func notOwnAccess(ctx context.Context, id string, old *User, in UserInput) error {
	actor := UserFrom(ctx)
	if actor == nil || actor.ID != id {
		return nil
	}
	var v errs.Validation
	if !slices.Equal(in.Roles, old.Roles) {
		v.Add("roles", "You cannot change your own roles: ask another administrator")
	}
	if in.OrganisationID != old.Organisation.ID {
		v.Add("organisation_id", "You cannot change your own organisation: ask another administrator")
	}
	return v.Err()
}

// accessChanges adds to an update's detail the old and new values of what
// decides a user's access: roles, organisation and teams, by name (they
// are about the staff's work, not about children), like
// "roles: lead → lead, manager".
func (s *Service) accessChanges(ctx context.Context, q db.Querier, detail string, old *User, in UserInput) (string, error) {
	if !slices.Equal(in.Roles, old.Roles) {
		detail += "; roles: " + roleList(old.Roles) + " → " + roleList(in.Roles)
	}
	if in.OrganisationID != old.Organisation.ID {
		org, err := getOrganisation(ctx, q, in.OrganisationID)
		if err != nil {
			return "", err
		}
		detail += "; organisation: " + old.Organisation.Name + " → " + org.Name
	}
	if !slices.Equal(in.TeamIDs, old.TeamIDs) {
		before, err := teamNames(ctx, q, old.TeamIDs)
		if err != nil {
			return "", err
		}
		after, err := teamNames(ctx, q, in.TeamIDs)
		if err != nil {
			return "", err
		}
		detail += "; teams: " + before + " → " + after
	}
	return detail, nil
}

// roleList names roles for the trail: "lead, manager", or "none".
func roleList(roles []Role) string {
	if len(roles) == 0 {
		return "none"
	}
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = string(r)
	}
	return strings.Join(out, ", ")
}

// teamNames names teams for the trail, by name: "Team A, Team B", or
// "none".
func teamNames(ctx context.Context, q db.Querier, ids []string) (string, error) {
	if len(ids) == 0 {
		return "none", nil
	}
	var a db.Args
	rows, err := q.QueryContext(ctx, "SELECT name FROM teams WHERE id IN "+a.In(ids)+" ORDER BY name, id", a...)
	if err != nil {
		return "", errs.Wrap(err, "reading team names")
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return "", errs.Wrap(err, "reading team names")
		}
		names = append(names, n)
	}
	return strings.Join(names, ", "), errs.Wrap(rows.Err(), "reading team names")
}

// GetUser reads a user with roles, teams and organisation.
func (s *Service) GetUser(ctx context.Context, id string) (*User, error) {
	row, err := findUser(ctx, s.DB.Read(), "id", id)
	return row.User, err
}

// UserByEmail reads a user by email address, ignoring case and spaces.
func (s *Service) UserByEmail(ctx context.Context, email string) (*User, error) {
	row, err := findUser(ctx, s.DB.Read(), "email", normaliseEmail(email))
	return row.User, err
}

// ListUsers lists the users of an organisation ("" for all) by name.
func (s *Service) ListUsers(ctx context.Context, orgID string) ([]*User, error) {
	return listUsers(ctx, s.DB.Read(), orgID)
}
