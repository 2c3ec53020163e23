package audit

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"mace/internal/platform/auth"
	"mace/internal/platform/db"
)

// RecordMany appends events inside tx as Record does, one after another on
// the chain, with many rows to a statement: for bulk loads, where a
// statement per event would take most of the time.
func (l *Log) RecordMany(ctx context.Context, tx *sql.Tx, events []Event) error {
	if len(events) == 0 {
		return nil
	}
	u := auth.UserFrom(ctx)
	addr, _ := ctx.Value(addrKey{}).(string)
	at := l.Now().UTC().Truncate(time.Microsecond)
	var last int64
	var hash, headKey string
	if err := tx.QueryRowContext(ctx, "UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash, key_id",
		len(events)).Scan(&last, &hash, &headKey); err != nil {
		return fmt.Errorf("audit: taking the chain head: %w", err)
	}
	if err := l.mayFollow(headKey); err != nil {
		return err
	}
	// One HMAC for every event, reset between them.
	hs := l.hasher()
	// The head already counts the new events but still holds the hash of
	// the last one before them.
	seq := last - int64(len(events))
	// 15 arguments a row: 4,500 to a statement, well under either
	// database's limit.
	const perStatement = 300
	events = slices.Clone(events) // filled in below; the caller's are left as they were
	for i := range events {
		events[i].Shown = normaliseShown(events[i].Shown)
	}
	for start := 0; start < len(events); start += perStatement {
		batch := events[start:min(start+perStatement, len(events))]
		var a db.Args
		values := make([]string, 0, len(batch))
		for i := range batch {
			e := &batch[i]
			if u != nil && e.ActorID == "" {
				e.ActorID, e.ActorName = u.ID, u.Name
				e.OrganisationID, e.OrganisationName = u.Organisation.ID, u.Organisation.Name
			}
			if e.ActorID == "" {
				e.ActorID, e.ActorName = "system", "mace command line"
			}
			if e.Address == "" {
				e.Address = addr
			}
			seq++
			e.Seq, e.At, e.PrevHash, e.KeyID = seq, at, hash, hs.keyID
			e.Hash = hs.sum(e)
			hash = e.Hash
			values = append(values, "("+strings.Join([]string{a.Add(e.Seq), a.Add(db.Time(e.At)), a.Add(e.ActorID),
				a.Add(e.ActorName), a.Add(e.OrganisationID), a.Add(e.OrganisationName), a.Add(e.Action), a.Add(e.RecordType),
				a.Add(e.RecordID), a.Add(e.PersonID), a.Add(e.Address), a.Add(e.Detail), a.Add(e.PrevHash), a.Add(e.Hash), a.Add(e.KeyID)}, ", ")+")")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_events
			(seq, at, actor_id, actor_name, organisation_id, organisation_name, action, record_type, record_id,
			 person_id, address, detail, prev_hash, hash, key_id) VALUES `+strings.Join(values, ", "), a...); err != nil {
			return fmt.Errorf("audit: writing events: %w", err)
		}
		if err := writeShown(ctx, tx, batch); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, "UPDATE audit_head SET hash = $1, key_id = $2 WHERE id = 1", hash, hs.keyID); err != nil {
		return fmt.Errorf("audit: moving the chain head: %w", err)
	}
	return nil
}
