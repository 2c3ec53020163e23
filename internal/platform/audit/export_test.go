package audit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"

	"mace/internal/platform/db"
)

// Rewrite rewrites the whole trail as someone who can write to the database
// could: it drops the events drop picks, numbers the rest again and
// recomputes every hash and link, under keys (nil: plain SHA-256, as
// before the trail had a key, leaving the events' key ids as they were; and
// with unkeyed, clearing them too).
func Rewrite(ctx context.Context, d *db.DB, keys *Keys, unkeyed bool, drop func(Event) bool) error {
	rows, err := d.Read().QueryContext(ctx, "SELECT "+prefixed("e.", eventColumns)+
		`, s.person_id FROM audit_events e LEFT JOIN audit_shown s ON s.seq = e.seq ORDER BY e.seq, s.person_id`)
	if err != nil {
		return err
	}
	er := &eventReader{rows: rows}
	var all []Event
	for {
		e, err := er.next()
		if err != nil {
			rows.Close()
			return err
		}
		if e == nil {
			break
		}
		if !drop(*e) {
			all = append(all, *e)
		}
	}
	rows.Close()
	hs := &hasher{h: sha256.New()}
	if keys != nil {
		k := keys.Current()
		hs = &hasher{keyID: k.ID, h: k.mac()}
	}
	prev := "genesis"
	return d.Tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{"DELETE FROM audit_shown", "DELETE FROM audit_events"} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		for i := range all {
			e := &all[i]
			e.Seq, e.PrevHash = int64(i+1), prev
			switch {
			case keys != nil:
				e.KeyID = hs.keyID
			case unkeyed:
				e.KeyID = ""
			}
			e.Hash = hs.sum(e)
			prev = e.Hash
			if _, err := tx.ExecContext(ctx, `INSERT INTO audit_events (`+eventColumns+`)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
				e.Seq, db.Time(e.At), e.ActorID, e.ActorName, e.OrganisationID, e.OrganisationName, e.Action,
				e.RecordType, e.RecordID, e.PersonID, e.Address, e.Detail, e.PrevHash, e.Hash, e.KeyID); err != nil {
				return fmt.Errorf("rewriting event %d: %w", e.Seq, err)
			}
		}
		if err := writeShown(ctx, tx, all); err != nil {
			return err
		}
		last := all[len(all)-1]
		_, err := tx.ExecContext(ctx, "UPDATE audit_head SET seq = $1, hash = $2, key_id = $3 WHERE id = 1", last.Seq, last.Hash, last.KeyID)
		return err
	})
}
