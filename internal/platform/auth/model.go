// Package auth knows organisations, teams, users and their roles, and signs
// people in: passwords (argon2id), server-side sessions, throttling of failed
// sign-ins, and hashed, revocable API tokens. It knows nothing of children.
package auth

import (
	"context"
	"embed"
	"slices"
	"time"

	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Migrations are this package's tables.
var Migrations = db.MigrationsFrom(migrationFS, "migrations")

// Role is what a user does in the service. A user may hold several.
type Role string

// The roles.
const (
	Referrer           Role = "referrer"
	Screener           Role = "screener"
	Practitioner       Role = "practitioner"
	Lead               Role = "lead"
	Manager            Role = "manager"
	Police             Role = "police"
	MissingCoordinator Role = "missing-coordinator"
	Analyst            Role = "analyst"
	Administrator      Role = "administrator"
	// PartnershipAdministrator adds organisations and keeps the calendar,
	// and manages the users and teams of every organisation (an
	// Administrator manages only their own organisation's).
	PartnershipAdministrator Role = "partnership-administrator"
	DPO                      Role = "dpo"
)

// RoleInfo describes a role in plain words for the admin pages.
type RoleInfo struct {
	Role  Role
	Label string
	Hint  string
}

// Roles lists every role in the order the admin pages show them.
var Roles = []RoleInfo{
	{Referrer, "Referrer", "Asks for advice, makes referrals and sees their outcome"},
	{Screener, "Screener", "Screens referrals at the front door and records decisions"},
	{Practitioner, "Practitioner", "Social worker or specialist exploitation worker"},
	{Lead, "Complex safeguarding lead", "Chairs meetings and arranges strategy discussions and assessments"},
	{Manager, "Manager", "Oversees the team's work, signs off decisions, sees who has viewed records"},
	{Police, "Police officer", "Works on strategy discussions, intelligence and disruption"},
	{MissingCoordinator, "Missing coordinator", "Records missing episodes and return home interviews"},
	{Analyst, "Analyst", "Works with reports, maps and performance figures"},
	{Administrator, "Administrator", "Manages their own organisation's teams and users, and revokes their API tokens"},
	{PartnershipAdministrator, "Partnership administrator", "Adds organisations, keeps the bank holidays, and manages the teams and users of every organisation"},
	{DPO, "Data protection officer", "Checks who has seen records and oversees retention"},
}

// ValidRole reports whether r is a known role.
func ValidRole(r Role) bool {
	return slices.ContainsFunc(Roles, func(i RoleInfo) bool { return i.Role == r })
}

// RoleLabel is the plain name of a role.
func RoleLabel(r Role) string {
	for _, i := range Roles {
		if i.Role == r {
			return i.Label
		}
	}
	return string(r)
}

// OrgType is the kind of organisation.
type OrgType string

// The organisation types.
const (
	LocalAuthority  OrgType = "local-authority"
	PoliceForce     OrgType = "police"
	Health          OrgType = "health"
	Education       OrgType = "education"
	YouthJustice    OrgType = "youth-justice"
	Voluntary       OrgType = "voluntary"
	CommunitySafety OrgType = "community-safety"
)

// OrgTypeInfo names an organisation type in plain words.
type OrgTypeInfo struct {
	Type  OrgType
	Label string
}

// OrgTypes lists the types in the order the admin pages show them.
var OrgTypes = []OrgTypeInfo{
	{LocalAuthority, "Local authority"},
	{PoliceForce, "Police"},
	{Health, "Health"},
	{Education, "Education"},
	{YouthJustice, "Youth justice"},
	{Voluntary, "Voluntary sector"},
	{CommunitySafety, "Community safety"},
}

// ValidOrgType reports whether t is a known type.
func ValidOrgType(t OrgType) bool {
	return slices.ContainsFunc(OrgTypes, func(i OrgTypeInfo) bool { return i.Type == t })
}

// OrgTypeLabel is the plain name of a type.
func OrgTypeLabel(t OrgType) string {
	for _, i := range OrgTypes {
		if i.Type == t {
			return i.Label
		}
	}
	return string(t)
}

// Organisation is a partner agency.
type Organisation struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Type      OrgType   `json:"type"`
	CreatedAt time.Time `json:"created_at"`
}

// Team belongs to an organisation, often in a locality.
type Team struct {
	ID             string    `json:"id"`
	OrganisationID string    `json:"organisation_id"`
	Name           string    `json:"name"`
	Locality       string    `json:"locality,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
}

// User is a person who signs in.
type User struct {
	ID           string       `json:"id"`
	Email        string       `json:"email"`
	Name         string       `json:"name"`
	Active       bool         `json:"active"`
	Roles        []Role       `json:"roles"`
	TeamIDs      []string     `json:"team_ids"`
	Organisation Organisation `json:"organisation"`
	CreatedAt    time.Time    `json:"created_at"`
}

// Has reports whether the user holds any of the roles.
func (u *User) Has(roles ...Role) bool {
	if u == nil {
		return false
	}
	for _, r := range roles {
		if slices.Contains(u.Roles, r) {
			return true
		}
	}
	return false
}

// InTeam reports whether the user is a member of the team.
func (u *User) InTeam(teamID string) bool { return u != nil && slices.Contains(u.TeamIDs, teamID) }

type ctxKey struct{}

// WithUser returns a context carrying the signed-in user.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, ctxKey{}, u)
}

// UserFrom returns the signed-in user, or nil.
func UserFrom(ctx context.Context) *User {
	u, _ := ctx.Value(ctxKey{}).(*User)
	return u
}

// Actor is the signed-in user a service acts for, or an Unauthenticated
// error when there is none: the one way a service asks who is asking.
func Actor(ctx context.Context) (*User, error) {
	u := UserFrom(ctx)
	if u == nil {
		return nil, errs.E(errs.Unauthenticated, "Sign in to continue")
	}
	return u, nil
}
