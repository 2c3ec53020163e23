package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"

	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// This file holds the package's SQL. Every function takes a db.Querier so
// that it runs the same inside a transaction or on the read pool.

const orgColumns = "o.id, o.name, o.type, o.created_at"

func scanOrg(sc interface{ Scan(...any) error }) (Organisation, error) {
	var o Organisation
	err := sc.Scan(&o.ID, &o.Name, &o.Type, db.ScanTime(&o.CreatedAt))
	return o, err
}

func getOrganisation(ctx context.Context, q db.Querier, id string) (Organisation, error) {
	o, err := scanOrg(q.QueryRowContext(ctx, "SELECT "+orgColumns+" FROM organisations o WHERE o.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return o, errs.E(errs.NotFound, "The organisation was not found")
	}
	return o, errs.Wrap(err, "reading an organisation")
}

// orgNameTaken reports whether another organisation has the name, ignoring
// case, so that "Northfield Council" and "northfield council" cannot both exist.
func orgNameTaken(ctx context.Context, q db.Querier, name, exceptID string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM organisations WHERE LOWER(name) = LOWER($1) AND id <> $2",
		name, exceptID).Scan(&n)
	return n > 0, errs.Wrap(err, "checking organisation names")
}

// listOrganisations lists every organisation by name.
func listOrganisations(ctx context.Context, q db.Querier) ([]Organisation, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+orgColumns+" FROM organisations o ORDER BY o.name")
	if err != nil {
		return nil, errs.Wrap(err, "listing organisations")
	}
	defer rows.Close()
	var out []Organisation
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, errs.Wrap(err, "listing organisations")
		}
		out = append(out, o)
	}
	return out, errs.Wrap(rows.Err(), "listing organisations")
}

const teamColumns = "t.id, t.organisation_id, t.name, t.locality, t.created_at"

func scanTeam(sc interface{ Scan(...any) error }) (Team, error) {
	var t Team
	err := sc.Scan(&t.ID, &t.OrganisationID, &t.Name, &t.Locality, db.ScanTime(&t.CreatedAt))
	return t, err
}

func getTeam(ctx context.Context, q db.Querier, id string) (Team, error) {
	t, err := scanTeam(q.QueryRowContext(ctx, "SELECT "+teamColumns+" FROM teams t WHERE t.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, errs.E(errs.NotFound, "The team was not found")
	}
	return t, errs.Wrap(err, "reading a team")
}

func teamNameTaken(ctx context.Context, q db.Querier, orgID, name, exceptID string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx,
		"SELECT COUNT(*) FROM teams WHERE organisation_id = $1 AND LOWER(name) = LOWER($2) AND id <> $3",
		orgID, name, exceptID).Scan(&n)
	return n > 0, errs.Wrap(err, "checking team names")
}

// teamsOutside counts the given teams that are missing or belong to another
// organisation.
func teamsOutside(ctx context.Context, q db.Querier, orgID string, teamIDs []string) (int, error) {
	if len(teamIDs) == 0 {
		return 0, nil
	}
	args := []any{orgID}
	marks := make([]string, len(teamIDs))
	for i, id := range teamIDs {
		args = append(args, id)
		marks[i] = fmt.Sprintf("$%d", i+2)
	}
	var n int
	err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM teams WHERE organisation_id = $1 AND id IN ("+
		strings.Join(marks, ", ")+")", args...).Scan(&n)
	return len(teamIDs) - n, errs.Wrap(err, "checking teams")
}

// listTeams lists the teams of an organisation ("" for every organisation),
// by organisation name and then team name.
func listTeams(ctx context.Context, q db.Querier, orgID string) ([]Team, error) {
	query := "SELECT " + teamColumns + " FROM teams t JOIN organisations o ON o.id = t.organisation_id"
	var args []any
	if orgID != "" {
		query, args = query+" WHERE t.organisation_id = $1", []any{orgID}
	}
	rows, err := q.QueryContext(ctx, query+" ORDER BY o.name, t.name", args...)
	if err != nil {
		return nil, errs.Wrap(err, "listing teams")
	}
	defer rows.Close()
	var out []Team
	for rows.Next() {
		t, err := scanTeam(rows)
		if err != nil {
			return nil, errs.Wrap(err, "listing teams")
		}
		out = append(out, t)
	}
	return out, errs.Wrap(rows.Err(), "listing teams")
}

// normaliseEmail trims and lower-cases an email address.
func normaliseEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// validEmail accepts a plain address (no display name) with a dotted domain.
func validEmail(email string) bool {
	if len(email) > 254 || strings.ContainsAny(email, " \t\r\n<>\"") {
		return false
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email {
		return false
	}
	at := strings.LastIndexByte(email, '@')
	domain := email[at+1:]
	return at > 0 && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") &&
		!strings.HasSuffix(domain, ".") && !strings.Contains(domain, "..")
}

// cleanList trims, drops empties and duplicates, keeping order.
func cleanList[T ~string](xs []T) []T {
	out := []T{}
	for _, x := range xs {
		x = T(strings.TrimSpace(string(x)))
		if x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// userRow is a user as stored, with what only this package may see.
type userRow struct {
	*User
	passwordHash string
}

const userQuery = `SELECT u.id, u.email, u.name, u.active, u.created_at, u.password_hash, ` + orgColumns + `
	FROM users u JOIN organisations o ON o.id = u.organisation_id`

func scanUser(sc interface{ Scan(...any) error }) (userRow, error) {
	u := userRow{User: &User{}}
	o := &u.Organisation
	err := sc.Scan(&u.ID, &u.Email, &u.Name, &u.Active, db.ScanTime(&u.CreatedAt), &u.passwordHash,
		&o.ID, &o.Name, &o.Type, db.ScanTime(&o.CreatedAt))
	return u, err
}

// findUserRow reads one user by a column of users ("id" or "email") in a
// single query, without roles and teams.
func findUserRow(ctx context.Context, q db.Querier, column, value string) (userRow, error) {
	u, err := scanUser(q.QueryRowContext(ctx, userQuery+" WHERE u."+column+" = $1", value))
	if errors.Is(err, sql.ErrNoRows) {
		return userRow{}, errs.E(errs.NotFound, "The user was not found")
	}
	if err != nil {
		return userRow{}, errs.Wrap(err, "reading a user")
	}
	return u, nil
}

// findUser reads one user by a column of users, with roles and teams.
func findUser(ctx context.Context, q db.Querier, column, value string) (userRow, error) {
	u, err := findUserRow(ctx, q, column, value)
	if err == nil {
		err = loadMemberships(ctx, q, []*User{u.User}, " WHERE u.id = $1", u.ID)
	}
	if err != nil {
		return userRow{}, err
	}
	return u, nil
}

// listUsers reads the users of an organisation ("" for all), by name, with
// their roles and teams in one query each.
func listUsers(ctx context.Context, q db.Querier, orgID string) ([]*User, error) {
	cond, args := "", []any(nil)
	if orgID != "" {
		cond, args = " WHERE u.organisation_id = $1", []any{orgID}
	}
	rows, err := q.QueryContext(ctx, userQuery+cond+" ORDER BY u.name, u.email", args...)
	if err != nil {
		return nil, errs.Wrap(err, "listing users")
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, errs.Wrap(err, "listing users")
		}
		out = append(out, u.User)
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(err, "listing users")
	}
	rows.Close()
	return out, loadMemberships(ctx, q, out, cond, args...)
}

// loadMemberships fills Roles and TeamIDs of users, which are the users
// selected by cond (a WHERE clause on users u) and args.
func loadMemberships(ctx context.Context, q db.Querier, users []*User, cond string, args ...any) error {
	if len(users) == 0 {
		return nil
	}
	byID := make(map[string]*User, len(users))
	for _, u := range users {
		u.Roles, u.TeamIDs = []Role{}, []string{}
		byID[u.ID] = u
	}
	err := eachPair(ctx, q, "SELECT r.user_id, r.role FROM user_roles r JOIN users u ON u.id = r.user_id"+cond, args,
		func(userID, role string) {
			if u := byID[userID]; u != nil {
				u.Roles = append(u.Roles, Role(role))
			}
		})
	if err != nil {
		return errs.Wrap(err, "reading roles")
	}
	err = eachPair(ctx, q, "SELECT m.user_id, m.team_id FROM team_members m JOIN users u ON u.id = m.user_id"+cond, args,
		func(userID, teamID string) {
			if u := byID[userID]; u != nil {
				u.TeamIDs = append(u.TeamIDs, teamID)
			}
		})
	if err != nil {
		return errs.Wrap(err, "reading team memberships")
	}
	for _, u := range users {
		sortRoles(u.Roles)
		slices.Sort(u.TeamIDs)
	}
	return nil
}

func eachPair(ctx context.Context, q db.Querier, query string, args []any, fn func(a, b string)) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a, b string
		if err := rows.Scan(&a, &b); err != nil {
			return err
		}
		fn(a, b)
	}
	return rows.Err()
}

// sortRoles puts roles in the order of Roles, the order the pages show.
func sortRoles(rs []Role) {
	slices.SortFunc(rs, func(a, b Role) int { return roleIndex(a) - roleIndex(b) })
}

func roleIndex(r Role) int {
	if i := slices.IndexFunc(Roles, func(i RoleInfo) bool { return i.Role == r }); i >= 0 {
		return i
	}
	return len(Roles)
}

// setMemberships replaces a user's roles and teams.
func setMemberships(ctx context.Context, tx *sql.Tx, userID string, roles []Role, teamIDs []string) error {
	for _, q := range []string{"DELETE FROM user_roles WHERE user_id = $1", "DELETE FROM team_members WHERE user_id = $1"} {
		if _, err := tx.ExecContext(ctx, q, userID); err != nil {
			return errs.Wrap(err, "clearing memberships")
		}
	}
	for _, r := range roles {
		if _, err := tx.ExecContext(ctx, "INSERT INTO user_roles (user_id, role) VALUES ($1, $2)", userID, string(r)); err != nil {
			return errs.Wrap(err, "saving roles")
		}
	}
	for _, t := range teamIDs {
		if _, err := tx.ExecContext(ctx, "INSERT INTO team_members (team_id, user_id) VALUES ($1, $2)", t, userID); err != nil {
			return errs.Wrap(err, "saving team memberships")
		}
	}
	return nil
}

// endAccess deletes a user's sessions and, when tokens is set, revokes their
// API tokens. It returns how many sessions and tokens it ended.
func endAccess(ctx context.Context, tx *sql.Tx, userID string, tokens bool, now any) (int64, int64, error) {
	res, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1", userID)
	if err != nil {
		return 0, 0, errs.Wrap(err, "ending sessions")
	}
	sessions, _ := res.RowsAffected()
	if !tokens {
		return sessions, 0, nil
	}
	res, err = tx.ExecContext(ctx, "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL", now, userID)
	if err != nil {
		return sessions, 0, errs.Wrap(err, "revoking API tokens")
	}
	revoked, _ := res.RowsAffected()
	return sessions, revoked, nil
}

// writeErr turns a unique violation, which a concurrent change can cause
// after validation passed, into the field error validation would have given.
func writeErr(err error, field, message string) error {
	if db.IsUniqueViolation(err) {
		var v errs.Validation
		v.Add(field, message)
		return v.Err()
	}
	return errs.Wrap(err, "saving")
}

func emailTaken(ctx context.Context, q db.Querier, email, exceptID string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM users WHERE email = $1 AND id <> $2", email, exceptID).Scan(&n)
	return n > 0, errs.Wrap(err, "checking email addresses")
}
