// Package audit keeps the append-only, hash-chained trail of every view,
// creation, change and export of personal data. An event is written in the
// same transaction as the change it records. Each event's hash is an
// HMAC-SHA256 under an audit key held outside the database, over its
// contents and the hash of the event before it; signed checkpoints of the
// chain's head go to an append-only file and the log (Anchor). Verify
// recomputes the chain against the keys and the checkpoints and names what
// happened where it breaks.
package audit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
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
	Shown []string `json:"shown,omitempty"`
	// KeyID names the audit key the hash was made with; "" for the
	// unkeyed SHA-256 of events written before the trail had a key.
	KeyID    string `json:"-"`
	PrevHash string `json:"-"`
	Hash     string `json:"-"`
}

// Log writes and reads the trail.
type Log struct {
	Now func() time.Time
	// Keys are the audit keys; new events are made with the current one.
	// Without keys events are written unkeyed (plain SHA-256), which only
	// a trail that has never had a key accepts.
	Keys *Keys
}

// New returns a Log that stamps events with now.
func New(now func() time.Time) *Log { return &Log{Now: now} }

// hasher computes events' hashes: an HMAC under one key, or plain SHA-256
// for unkeyed events. It is reused from one event to the next.
type hasher struct {
	keyID string
	h     hash.Hash
	buf   []byte
	out   []byte
}

// hasher is the hasher of new events.
func (l *Log) hasher() *hasher {
	if l.Keys == nil {
		return &hasher{h: sha256.New()}
	}
	k := l.Keys.Current()
	return &hasher{keyID: k.ID, h: k.mac()}
}

// mayFollow refuses to write after a head made with a key this Log does not
// hold: the event would break the chain (an unkeyed event after keyed ones,
// or one made with a key the trail had moved on from).
func (l *Log) mayFollow(headKey string) error {
	switch {
	case headKey == "":
		return nil
	case l.Keys == nil:
		return fmt.Errorf("audit: the trail is signed with the audit key %q but no audit key is configured (MACE_AUDIT_KEY_FILE)", headKey)
	case l.Keys.index(headKey) < 0:
		return fmt.Errorf("audit: the trail's last event was made with the audit key %q, which is not in this server's key file: give every server the same key file", headKey)
	}
	return nil
}

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
	var headKey string
	if err := tx.QueryRowContext(ctx,
		"UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash, key_id").Scan(&e.Seq, &e.PrevHash, &headKey); err != nil {
		return fmt.Errorf("audit: taking the chain head: %w", err)
	}
	if err := l.mayFollow(headKey); err != nil {
		return err
	}
	hs := l.hasher()
	e.KeyID = hs.keyID
	e.Hash = hs.sum(&e)
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_events
		(seq, at, actor_id, actor_name, organisation_id, organisation_name, action, record_type, record_id,
		 person_id, address, detail, prev_hash, hash, key_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		e.Seq, db.Time(e.At), e.ActorID, e.ActorName, e.OrganisationID, e.OrganisationName, e.Action,
		e.RecordType, e.RecordID, e.PersonID, e.Address, e.Detail, e.PrevHash, e.Hash, e.KeyID); err != nil {
		return fmt.Errorf("audit: writing an event: %w", err)
	}
	if err := writeShown(ctx, tx, []Event{e}); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE audit_head SET hash = $1, key_id = $2 WHERE id = 1", e.Hash, e.KeyID); err != nil {
		return fmt.Errorf("audit: moving the chain head: %w", err)
	}
	return nil
}

// sum is the event's hash: every field, each length-prefixed so that no two
// different events encode the same way. An unkeyed event's is the SHA-256
// of exactly the fields it always had; a keyed event's adds the key id, under
// the HMAC.
func (hs *hasher) sum(e *Event) string {
	b := hs.buf[:0]
	str := func(s string) {
		b = binary.BigEndian.AppendUint64(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.BigEndian.AppendUint64(b, uint64(e.Seq))
	for _, s := range []string{
		e.At.UTC().Format(time.RFC3339Nano), e.ActorID, e.ActorName, e.OrganisationID, e.OrganisationName,
		e.Action, e.RecordType, e.RecordID, e.PersonID, e.Address, e.Detail, e.PrevHash,
	} {
		str(s)
	}
	b = binary.BigEndian.AppendUint64(b, uint64(len(e.Shown)))
	for _, s := range e.Shown {
		str(s)
	}
	if hs.keyID != "" {
		str(hs.keyID)
	}
	hs.buf = b
	hs.h.Reset()
	hs.h.Write(b)
	hs.out = hs.h.Sum(hs.out[:0])
	return hex.EncodeToString(hs.out)
}

// legacySum is the unkeyed SHA-256 of the event, as events were hashed
// before the trail had a key.
func (e *Event) legacySum() string { return (&hasher{h: legacyHash()}).sum(e) }

func legacyHash() hash.Hash { return sha256.New() }

const eventColumns = `seq, at, actor_id, actor_name, organisation_id, organisation_name, action, record_type,
	record_id, person_id, address, detail, prev_hash, hash, key_id`

// fields are the scan targets of eventColumns.
func (e *Event) fields() []any {
	return []any{&e.Seq, db.ScanTime(&e.At), &e.ActorID, &e.ActorName, &e.OrganisationID, &e.OrganisationName,
		&e.Action, &e.RecordType, &e.RecordID, &e.PersonID, &e.Address, &e.Detail, &e.PrevHash, &e.Hash, &e.KeyID}
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
