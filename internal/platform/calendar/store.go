package calendar

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Migrations are this package's tables.
var Migrations = db.MigrationsFrom(migrationFS, "migrations")

// RecordType names calendar days on the audit trail.
const RecordType = "calendar-day"

// CacheTTL is how long a Service keeps the calendar it loaded when its TTL
// is not set.
const CacheTTL = time.Minute

// FirstChangeYear and LastChangeYear bound the years an administrator may
// change, and so the years whose answers the service vouches for.
const (
	FirstChangeYear = 2000
	LastChangeYear  = 2100
	maxNameLength   = 200
)

// Change is one administrator's change to the rule holidays.
type Change struct {
	Date      civil.Date `json:"date"`
	Kind      string     `json:"kind"`       // KindHoliday or KindWorking
	Name      string     `json:"name"`       // the extra holiday, or the rule holiday removed
	CreatedBy string     `json:"created_by"` // the acting user's ID, or "system"
	CreatedAt time.Time  `json:"created_at"`
}

// Service loads the calendar and records an administrator's changes to it.
// It does not check the caller's roles (route handlers do); it takes the
// acting user from ctx for the audit trail. Use it by pointer: it holds a
// lock.
//
// Calendar is cached for TTL. A change made through this Service shows at
// once; with several application servers, a change made on another server
// shows here within TTL (one minute by default), which is ample for holidays
// announced months ahead.
type Service struct {
	DB    *db.DB
	Audit *audit.Log
	Now   func() time.Time
	TTL   time.Duration // zero means CacheTTL

	mu       sync.Mutex
	cached   *Calendar
	loadedAt time.Time
	version  uint64 // moves on every change, so a load that raced one is not kept
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Calendar returns the calendar: the rule holidays with the administrator's
// changes applied. It is shared and must not be changed.
func (s *Service) Calendar(ctx context.Context) (*Calendar, error) {
	now := s.now()
	ttl := s.TTL
	if ttl <= 0 {
		ttl = CacheTTL
	}
	s.mu.Lock()
	if c := s.cached; c != nil && !now.Before(s.loadedAt) && now.Sub(s.loadedAt) < ttl {
		s.mu.Unlock()
		return c, nil
	}
	version := s.version
	s.mu.Unlock()

	changes, err := readChanges(ctx, s.DB.Read())
	if err != nil {
		return nil, err
	}
	c := New(changes...)
	s.mu.Lock()
	if s.version == version {
		s.cached, s.loadedAt = c, now
	}
	s.mu.Unlock()
	return c, nil
}

// forget drops the cached calendar after a change.
func (s *Service) forget() {
	s.mu.Lock()
	s.version++
	s.cached = nil
	s.mu.Unlock()
}

// Changes lists the administrator's changes in date order.
func (s *Service) Changes(ctx context.Context) ([]Change, error) {
	return readChanges(ctx, s.DB.Read())
}

func readChanges(ctx context.Context, q db.Querier) ([]Change, error) {
	rows, err := q.QueryContext(ctx,
		"SELECT day, kind, name, created_by, created_at FROM calendar_days ORDER BY day")
	if err != nil {
		return nil, errs.Wrap(err, "reading the calendar")
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		if err := rows.Scan(&c.Date, &c.Kind, &c.Name, &c.CreatedBy, db.ScanTime(&c.CreatedAt)); err != nil {
			return nil, errs.Wrap(err, "reading the calendar")
		}
		out = append(out, c)
	}
	return out, errs.Wrap(rows.Err(), "reading the calendar")
}

// checkDate checks a date an administrator gave.
func checkDate(v *errs.Validation, d civil.Date) {
	switch {
	case d.IsZero():
		v.Add("date", "Enter the date")
	case norm(d) != d:
		v.Add("date", "Enter a real date")
	case d.Year < FirstChangeYear || d.Year > LastChangeYear:
		v.Add("date", fmt.Sprintf("Enter a date between %d and %d", FirstChangeYear, LastChangeYear))
	}
}

func fieldErr(field, message string) error {
	var v errs.Validation
	v.Add(field, message)
	return v.Err()
}

// AddHoliday makes d an extra bank holiday called name. d must be a weekday
// from 2000 to 2100 that is not already a bank holiday. A rule holiday that
// was removed can be given back this way, under the name given.
func (s *Service) AddHoliday(ctx context.Context, d civil.Date, name string) error {
	name = strings.TrimSpace(name)
	var v errs.Validation
	checkDate(&v, d)
	if !v.Has("date") && isWeekend(d) {
		v.Add("date", fmt.Sprintf("%s is a %s: weekends are never working days", d.Long(), weekday(d)))
	}
	switch {
	case name == "":
		v.Add("name", "Enter the name of the bank holiday")
	case utf8.RuneCountInString(name) > maxNameLength:
		v.Add("name", fmt.Sprintf("Enter a name that is %d characters or fewer", maxNameLength))
	}
	if err := v.Err(); err != nil {
		return err
	}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		changes, err := readChanges(ctx, tx)
		if err != nil {
			return err
		}
		if _, ok := New(changes...).Holiday(d); ok {
			return fieldErr("date", "That day is already a bank holiday")
		}
		// A removed rule holiday has a 'working' row, replaced here.
		if _, err := tx.ExecContext(ctx, "DELETE FROM calendar_days WHERE day = $1", d.String()); err != nil {
			return errs.Wrap(err, "saving the bank holiday")
		}
		if err := s.insert(ctx, tx, d, KindHoliday, name); err != nil {
			return err
		}
		return s.record(ctx, tx, audit.Create, d, fmt.Sprintf("added bank holiday %s (%s)", d, name))
	})
	if err == nil {
		s.forget()
	}
	return err
}

// RemoveHoliday makes the bank holiday on d a working day: a rule holiday
// is recorded as removed; an added one is deleted.
func (s *Service) RemoveHoliday(ctx context.Context, d civil.Date) error {
	var v errs.Validation
	checkDate(&v, d)
	if err := v.Err(); err != nil {
		return err
	}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		changes, err := readChanges(ctx, tx)
		if err != nil {
			return err
		}
		c := New(changes...)
		name, ok := c.Holiday(d)
		if !ok {
			return fieldErr("date", "That day is not a bank holiday")
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM calendar_days WHERE day = $1", d.String()); err != nil {
			return errs.Wrap(err, "removing the bank holiday")
		}
		detail := fmt.Sprintf("removed bank holiday %s (%s)", d, name)
		if rule, ok := c.ruleHoliday(d); ok {
			if err := s.insert(ctx, tx, d, KindWorking, rule); err != nil {
				return err
			}
			detail += ": now a working day"
		}
		return s.record(ctx, tx, audit.Update, d, detail)
	})
	if err == nil {
		s.forget()
	}
	return err
}

func (s *Service) insert(ctx context.Context, tx *sql.Tx, d civil.Date, kind, name string) error {
	by := "system"
	if u := auth.UserFrom(ctx); u != nil {
		by = u.ID
	}
	_, err := tx.ExecContext(ctx,
		"INSERT INTO calendar_days (day, kind, name, created_by, created_at) VALUES ($1, $2, $3, $4, $5)",
		d.String(), kind, name, by, db.Time(s.now()))
	if db.IsUniqueViolation(err) { // a change to the same day at the same moment
		return fieldErr("date", "That day has just been changed by someone else: check it and try again")
	}
	return errs.Wrap(err, "saving the calendar")
}

func (s *Service) record(ctx context.Context, tx *sql.Tx, action string, d civil.Date, detail string) error {
	if s.Audit == nil {
		return errs.Wrap(fmt.Errorf("calendar: no audit trail configured"), "recording on the audit trail")
	}
	return errs.Wrap(s.Audit.Record(ctx, tx, audit.Event{Action: action, RecordType: RecordType,
		RecordID: d.String(), Detail: detail}), "recording on the audit trail")
}
