// Package audit keeps the append-only, hash-chained trail of every view,
// creation, change and export of personal data. An event is written in the
// same transaction as the change it records; Verify recomputes the chain and
// names the first event where it breaks.
package audit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"mace/internal/platform/auth"
	"mace/internal/platform/db"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Migrations are this package's tables.
var Migrations = db.MigrationsFrom(migrationFS, "migrations")

// Actions recorded on the trail.
const (
	View     = "view"
	Create   = "create"
	Update   = "update"
	Export   = "export"
	Restrict = "restrict"
	Grant    = "grant"
	Search   = "search"
	SignIn   = "sign-in"
	Merge    = "merge"
	Unmerge  = "unmerge"
)

// Event is one entry on the trail. Detail says what happened in words that
// hold no personal data (field names changed, not their values).
type Event struct {
	Seq              int64     `json:"seq"`
	At               time.Time `json:"at"`
	ActorID          string    `json:"actor_id"`
	ActorName        string    `json:"actor_name"`
	OrganisationID   string    `json:"organisation_id"`
	OrganisationName string    `json:"organisation_name"`
	Action           string    `json:"action"`
	RecordType       string    `json:"record_type"`
	RecordID         string    `json:"record_id"`
	PersonID         string    `json:"person_id,omitempty"`
	Address          string    `json:"address"`
	Detail           string    `json:"detail,omitempty"`
	// Shown are the people a list, search, match, agenda, minutes or export
	// showed (beyond PersonID): each appears on their own trail. Record
	// keeps them sorted and without repeats.
	Shown    []string `json:"shown,omitempty"`
	PrevHash string   `json:"-"`
	Hash     string   `json:"-"`
}

// Log writes and reads the trail.
type Log struct {
	Now func() time.Time
}

// New returns a Log that stamps events with now.
func New(now func() time.Time) *Log { return &Log{Now: now} }

type addrKey struct{}

// WithAddress records the network address a request came from, for events
// written while serving it.
func WithAddress(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, addrKey{}, addr)
}

// Record appends e inside tx, taking the actor and address from ctx where e
// leaves them empty.
func (l *Log) Record(ctx context.Context, tx *sql.Tx, e Event) error {
	if u := auth.UserFrom(ctx); u != nil && e.ActorID == "" {
		e.ActorID, e.ActorName = u.ID, u.Name
		e.OrganisationID, e.OrganisationName = u.Organisation.ID, u.Organisation.Name
	}
	if e.ActorID == "" {
		e.ActorID, e.ActorName = "system", "mace command line"
	}
	if e.Address == "" {
		e.Address, _ = ctx.Value(addrKey{}).(string)
	}
	e.At = l.Now().UTC().Truncate(time.Microsecond)
	e.Shown = normaliseShown(e.Shown)
	if err := tx.QueryRowContext(ctx,
		"UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash").Scan(&e.Seq, &e.PrevHash); err != nil {
		return fmt.Errorf("audit: taking the chain head: %w", err)
	}
	e.Hash = e.computeHash()
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_events
		(seq, at, actor_id, actor_name, organisation_id, organisation_name, action, record_type, record_id,
		 person_id, address, detail, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		e.Seq, db.Time(e.At), e.ActorID, e.ActorName, e.OrganisationID, e.OrganisationName, e.Action,
		e.RecordType, e.RecordID, e.PersonID, e.Address, e.Detail, e.PrevHash, e.Hash); err != nil {
		return fmt.Errorf("audit: writing an event: %w", err)
	}
	if err := writeShown(ctx, tx, []Event{e}); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE audit_head SET hash = $1 WHERE id = 1", e.Hash); err != nil {
		return fmt.Errorf("audit: moving the chain head: %w", err)
	}
	return nil
}

// computeHash is SHA-256 over every field, each length-prefixed so that no
// two different events encode the same way.
func (e *Event) computeHash() string {
	h := sha256.New()
	var n [8]byte
	write := func(s string) {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	binary.BigEndian.PutUint64(n[:], uint64(e.Seq))
	h.Write(n[:])
	for _, s := range []string{
		e.At.UTC().Format(time.RFC3339Nano), e.ActorID, e.ActorName, e.OrganisationID, e.OrganisationName,
		e.Action, e.RecordType, e.RecordID, e.PersonID, e.Address, e.Detail, e.PrevHash,
	} {
		write(s)
	}
	binary.BigEndian.PutUint64(n[:], uint64(len(e.Shown)))
	h.Write(n[:])
	for _, s := range e.Shown {
		write(s)
	}
	return hex.EncodeToString(h.Sum(nil))
}

const eventColumns = `seq, at, actor_id, actor_name, organisation_id, organisation_name, action, record_type,
	record_id, person_id, address, detail, prev_hash, hash`

// fields are the scan targets of eventColumns.
func (e *Event) fields() []any {
	return []any{&e.Seq, db.ScanTime(&e.At), &e.ActorID, &e.ActorName, &e.OrganisationID, &e.OrganisationName,
		&e.Action, &e.RecordType, &e.RecordID, &e.PersonID, &e.Address, &e.Detail, &e.PrevHash, &e.Hash}
}

func scanEvent(rows *sql.Rows) (Event, error) {
	var e Event
	err := rows.Scan(e.fields()...)
	return e, err
}

// ForPerson returns the events about a person, newest first, at most limit:
// those of their record and the lists, searches and exports that showed
// them. An event's Shown is left empty here (it may name other people).
func (l *Log) ForPerson(ctx context.Context, q db.Querier, personID string, limit int) ([]Event, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+eventColumns+
		` FROM audit_events WHERE person_id = $1 OR seq IN (SELECT seq FROM audit_shown WHERE person_id = $1)
		ORDER BY seq DESC LIMIT $2`, personID, limit)
	if err != nil {
		return nil, fmt.Errorf("audit: reading events: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// RecordAuth records an event of the auth package (which cannot import this
// one), so a *Log is an auth.Auditor.
func (l *Log) RecordAuth(ctx context.Context, tx *sql.Tx, e auth.AuditEvent) error {
	return l.Record(ctx, tx, Event{Action: e.Action, RecordType: e.RecordType, RecordID: e.RecordID,
		Detail: e.Detail, Address: e.Address})
}

// normaliseShown sorts the ids and drops repeats and empty ones, so the
// hash and the stored rows agree however the caller listed them.
func normaliseShown(ids []string) []string {
	if len(ids) == 0 {
		return nil
	}
	out := slices.Clone(ids)
	slices.Sort(out)
	out = slices.Compact(out)
	if out[0] == "" {
		out = out[1:]
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// writeShown stores who each event showed, many rows to a statement.
func writeShown(ctx context.Context, tx *sql.Tx, events []Event) error {
	const perStatement = 2000 // two arguments a row
	var a db.Args
	var values []string
	flush := func() error {
		if len(values) == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO audit_shown (seq, person_id) VALUES "+strings.Join(values, ", "), a...)
		a, values = nil, values[:0]
		if err != nil {
			return fmt.Errorf("audit: writing who an event showed: %w", err)
		}
		return nil
	}
	for _, e := range events {
		for _, id := range e.Shown {
			values = append(values, "("+a.Add(e.Seq)+", "+a.Add(id)+")")
			if len(values) == perStatement {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}
