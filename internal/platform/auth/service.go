package auth

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// AuditEvent is an entry for the audit trail, in this package's terms. The
// audit package imports this one (for the signed-in user), so this package
// cannot name the audit log; the wiring adapts it to an Auditor.
type AuditEvent struct {
	Action     string // "create", "update", "sign-in"
	RecordType string // "organisation", "team", "user" or "api-token"
	RecordID   string
	Detail     string // field names, never values or passwords
	Address    string // the network address, when known here
}

// Auditor writes an event inside the transaction of the change it records,
// taking the actor from ctx.
type Auditor interface {
	RecordAuth(ctx context.Context, tx *sql.Tx, e AuditEvent) error
}

// AuditFunc adapts a function to an Auditor.
type AuditFunc func(ctx context.Context, tx *sql.Tx, e AuditEvent) error

// RecordAuth calls f.
func (f AuditFunc) RecordAuth(ctx context.Context, tx *sql.Tx, e AuditEvent) error {
	return f(ctx, tx, e)
}

// Service manages organisations, teams, users, sessions and API tokens. It
// does not check the caller's roles (route handlers do); it takes the acting
// user from ctx only for the audit trail.
type Service struct {
	DB    *db.DB
	Audit Auditor
	Now   func() time.Time
	// A session ends after IdleTimeout without use, and AbsoluteTimeout
	// after sign-in however busy.
	IdleTimeout, AbsoluteTimeout time.Duration
	// An account may be tried MaxAttempts times from one network address
	// in FailureWindow (from the first attempt); more are refused unchecked
	// until the window ends. A successful sign-in starts the count again.
	MaxAttempts   int
	FailureWindow time.Duration
	// Log receives the housekeeping the service skips (see touch); nil
	// is the default logger.
	Log *slog.Logger
	// checkPassword checks a password against its hash (CheckPassword;
	// tests count the checks).
	checkPassword func(hash, pw string) bool
	// skips counts the notes of last use skipped since the last said so.
	skips skipped
}

// NewService returns a Service with the default limits: sessions end after
// 30 minutes idle or 12 hours in all; an account may be tried 5 times from
// one address in 15 minutes.
func NewService(d *db.DB, a Auditor, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{
		DB: d, Audit: a, Now: now,
		IdleTimeout: 30 * time.Minute, AbsoluteTimeout: 12 * time.Hour,
		MaxAttempts: 5, FailureWindow: 15 * time.Minute,
	}
}

func (s *Service) now() time.Time {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	// Stored times keep microseconds; so do the values returned.
	return now().UTC().Truncate(time.Microsecond)
}

func (s *Service) record(ctx context.Context, tx *sql.Tx, e AuditEvent) error {
	if s.Audit == nil {
		return errs.Wrap(fmt.Errorf("auth: no audit trail configured"), "recording on the audit trail")
	}
	return errs.Wrap(s.Audit.RecordAuth(ctx, tx, e), "recording on the audit trail")
}

const maxNameLength = 200

func checkName(v *errs.Validation, field, name, missing string) {
	switch {
	case name == "":
		v.Add(field, missing)
	case utf8.RuneCountInString(name) > maxNameLength:
		v.Add(field, fmt.Sprintf("Enter a name that is %d characters or fewer", maxNameLength))
	}
}

// changed lists the names of fields whose values differ, for the audit trail.
type changed []string

func (c *changed) check(field string, differs bool) {
	if differs {
		*c = append(*c, field)
	}
}

func (c changed) String() string { return strings.Join(c, ", ") }

// CreateOrganisation adds a partner agency.
func (s *Service) CreateOrganisation(ctx context.Context, name string, t OrgType) (Organisation, error) {
	o := Organisation{ID: db.NewID(), Name: strings.TrimSpace(name), Type: t, CreatedAt: s.now()}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.validateOrg(ctx, tx, o); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO organisations (id, name, type, created_at) VALUES ($1, $2, $3, $4)",
			o.ID, o.Name, string(o.Type), db.Time(o.CreatedAt)); err != nil {
			return writeErr(err, "name", fmt.Sprintf("An organisation called %s already exists", o.Name))
		}
		return s.record(ctx, tx, AuditEvent{Action: "create", RecordType: "organisation", RecordID: o.ID, Detail: "name, type"})
	})
	return o, err
}

// UpdateOrganisation renames or retypes an organisation.
func (s *Service) UpdateOrganisation(ctx context.Context, id, name string, t OrgType) (Organisation, error) {
	var o Organisation
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		old, err := getOrganisation(ctx, tx, id)
		if err != nil {
			return err
		}
		o = Organisation{ID: old.ID, Name: strings.TrimSpace(name), Type: t, CreatedAt: old.CreatedAt}
		if err := s.validateOrg(ctx, tx, o); err != nil {
			return err
		}
		var c changed
		c.check("name", o.Name != old.Name)
		c.check("type", o.Type != old.Type)
		if len(c) == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, "UPDATE organisations SET name = $1, type = $2 WHERE id = $3",
			o.Name, string(o.Type), o.ID); err != nil {
			return writeErr(err, "name", fmt.Sprintf("An organisation called %s already exists", o.Name))
		}
		return s.record(ctx, tx, AuditEvent{Action: "update", RecordType: "organisation", RecordID: o.ID, Detail: "changed " + c.String()})
	})
	return o, err
}

func (s *Service) validateOrg(ctx context.Context, q db.Querier, o Organisation) error {
	var v errs.Validation
	checkName(&v, "name", o.Name, "Enter the organisation's name")
	if !v.Has("name") {
		taken, err := orgNameTaken(ctx, q, o.Name, o.ID)
		if err != nil {
			return err
		}
		if taken {
			v.Add("name", fmt.Sprintf("An organisation called %s already exists", o.Name))
		}
	}
	if !ValidOrgType(o.Type) {
		v.Add("type", "Select the type of organisation")
	}
	return v.Err()
}

// GetOrganisation reads one organisation.
func (s *Service) GetOrganisation(ctx context.Context, id string) (Organisation, error) {
	return getOrganisation(ctx, s.DB.Read(), id)
}

// ListOrganisations lists every organisation by name.
func (s *Service) ListOrganisations(ctx context.Context) ([]Organisation, error) {
	return listOrganisations(ctx, s.DB.Read())
}

// CreateTeam adds a team to an organisation.
func (s *Service) CreateTeam(ctx context.Context, orgID, name, locality string) (Team, error) {
	t := Team{ID: db.NewID(), OrganisationID: orgID, Name: strings.TrimSpace(name),
		Locality: strings.TrimSpace(locality), CreatedAt: s.now()}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var v errs.Validation
		if _, err := getOrganisation(ctx, tx, orgID); errs.Is(err, errs.NotFound) {
			v.Add("organisation_id", "Select an organisation")
		} else if err != nil {
			return err
		}
		if err := s.validateTeam(ctx, tx, &v, t); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO teams (id, organisation_id, name, locality, created_at)
			VALUES ($1, $2, $3, $4, $5)`, t.ID, t.OrganisationID, t.Name, t.Locality, db.Time(t.CreatedAt)); err != nil {
			return writeErr(err, "name", fmt.Sprintf("A team called %s already exists in this organisation", t.Name))
		}
		return s.record(ctx, tx, AuditEvent{Action: "create", RecordType: "team", RecordID: t.ID, Detail: "organisation_id, name, locality"})
	})
	return t, err
}

// UpdateTeam renames a team or changes its locality.
func (s *Service) UpdateTeam(ctx context.Context, id, name, locality string) (Team, error) {
	var t Team
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		old, err := getTeam(ctx, tx, id)
		if err != nil {
			return err
		}
		t = old
		t.Name, t.Locality = strings.TrimSpace(name), strings.TrimSpace(locality)
		var v errs.Validation
		if err := s.validateTeam(ctx, tx, &v, t); err != nil {
			return err
		}
		var c changed
		c.check("name", t.Name != old.Name)
		c.check("locality", t.Locality != old.Locality)
		if len(c) == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, "UPDATE teams SET name = $1, locality = $2 WHERE id = $3", t.Name, t.Locality, t.ID); err != nil {
			return writeErr(err, "name", fmt.Sprintf("A team called %s already exists in this organisation", t.Name))
		}
		return s.record(ctx, tx, AuditEvent{Action: "update", RecordType: "team", RecordID: t.ID, Detail: "changed " + c.String()})
	})
	return t, err
}

func (s *Service) validateTeam(ctx context.Context, q db.Querier, v *errs.Validation, t Team) error {
	checkName(v, "name", t.Name, "Enter the team's name")
	if !v.Has("name") && !v.Has("organisation_id") {
		taken, err := teamNameTaken(ctx, q, t.OrganisationID, t.Name, t.ID)
		if err != nil {
			return err
		}
		if taken {
			v.Add("name", fmt.Sprintf("A team called %s already exists in this organisation", t.Name))
		}
	}
	if utf8.RuneCountInString(t.Locality) > maxNameLength {
		v.Add("locality", fmt.Sprintf("Enter a locality that is %d characters or fewer", maxNameLength))
	}
	return v.Err()
}

// GetTeam reads one team.
func (s *Service) GetTeam(ctx context.Context, id string) (Team, error) {
	return getTeam(ctx, s.DB.Read(), id)
}

// ListTeams lists the teams of an organisation ("" for every organisation),
// by organisation name and then team name.
func (s *Service) ListTeams(ctx context.Context, orgID string) ([]Team, error) {
	return listTeams(ctx, s.DB.Read(), orgID)
}
