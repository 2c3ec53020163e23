package audit

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"mace/internal/platform/db"
)

// Report is the outcome of checking the chain.
type Report struct {
	Events int64 // events checked
	OK     bool
	// BrokenAt is the sequence number of the first event that does not fit
	// the chain (0 when OK); Problem says how in plain words.
	BrokenAt int64
	Problem  string
}

func (r Report) String() string {
	if r.OK {
		return fmt.Sprintf("audit trail intact: %d events, every hash matches", r.Events)
	}
	return fmt.Sprintf("audit trail broken at event %d: %s", r.BrokenAt, r.Problem)
}

// Verify walks the whole chain in order and recomputes every hash. It finds
// an edited event (its hash no longer matches), a deleted event (a gap in
// the sequence or a broken link) and a deleted tail (the head names a later
// event than the last one present).
func Verify(ctx context.Context, d *db.DB) (Report, error) {
	// Each event comes with the people it showed, one row per person (or
	// one row with none), in order.
	rows, err := d.Read().QueryContext(ctx, "SELECT "+prefixed("e.", eventColumns)+
		`, s.person_id FROM audit_events e LEFT JOIN audit_shown s ON s.seq = e.seq ORDER BY e.seq, s.person_id`)
	if err != nil {
		return Report{}, fmt.Errorf("audit: reading events: %w", err)
	}
	defer rows.Close()
	var r Report
	prevHash, prevSeq := "genesis", int64(0)
	var cur *Event
	check := func(e *Event) (bool, Report) {
		r.Events++
		switch {
		case e.Seq != prevSeq+1:
			return false, broken(r, prevSeq+1, fmt.Sprintf("event %d is missing (the next present is %d)", prevSeq+1, e.Seq))
		case e.PrevHash != prevHash:
			return false, broken(r, e.Seq, "it does not link to the event before it")
		case e.computeHash() != e.Hash:
			return false, broken(r, e.Seq, "its contents were changed after it was written")
		}
		prevHash, prevSeq = e.Hash, e.Seq
		return true, r
	}
	for rows.Next() {
		var e Event
		var shown sql.NullString
		if err := rows.Scan(append(e.fields(), &shown)...); err != nil {
			return r, err
		}
		if cur != nil && cur.Seq == e.Seq {
			cur.Shown = append(cur.Shown, shown.String)
			continue
		}
		if cur != nil {
			if ok, rep := check(cur); !ok {
				return rep, nil
			}
		}
		if shown.Valid {
			e.Shown = []string{shown.String}
		}
		cur = &e
	}
	if err := rows.Err(); err != nil {
		return r, err
	}
	if cur != nil {
		if ok, rep := check(cur); !ok {
			return rep, nil
		}
	}
	var headSeq int64
	var headHash string
	if err := d.Read().QueryRowContext(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&headSeq, &headHash); err != nil {
		return r, fmt.Errorf("audit: reading the chain head: %w", err)
	}
	if headSeq != prevSeq || headHash != prevHash {
		return broken(r, prevSeq+1, fmt.Sprintf("the trail should run to event %d but ends at %d", headSeq, prevSeq)), nil
	}
	r.OK = true
	return r, nil
}

func broken(r Report, at int64, problem string) Report {
	r.OK, r.BrokenAt, r.Problem = false, at, problem
	return r
}

// prefixed puts p before each of the comma-separated columns.
func prefixed(p, columns string) string {
	parts := strings.Split(columns, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}
