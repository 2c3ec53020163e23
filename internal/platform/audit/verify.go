package audit

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"mace/internal/platform/db"
)

// Kind names what happened to a trail that does not verify.
type Kind string

// What Check finds.
const (
	// Edited: an event's contents changed after it was written.
	Edited Kind = "edited"
	// Deleted: events are missing from the middle of the trail.
	Deleted Kind = "deleted"
	// TailDeleted: the last events were deleted, with or without moving
	// the head back, or the trail was cut back and written on.
	TailDeleted Kind = "tail deleted"
	// Recomputed: hashes were recomputed without the audit key.
	Recomputed Kind = "recomputed without the key"
	// Rewritten: events were rewritten with an older key than the trail
	// had moved on to.
	Rewritten Kind = "rewritten"
	// BadCheckpoint: a checkpoint's signature does not verify.
	BadCheckpoint Kind = "checkpoint does not verify"
	// Unchecked: the trail cannot be checked without a key it names.
	Unchecked Kind = "cannot be checked"
)

// Report is the outcome of checking the chain.
type Report struct {
	Events int64 // events checked
	// Legacy are the unkeyed events at the start of the trail, written
	// before it had a key.
	Legacy int64
	// Checkpoints is how many checkpoints agree with the trail; Last is
	// the latest of them.
	Checkpoints int
	Last        *Checkpoint
	// HeadSeq and HeadHash are the chain's head, as checked.
	HeadSeq  int64
	HeadHash string
	OK       bool
	// BrokenAt is the sequence number of the first event that does not fit
	// the chain (0 when OK); Kind and Problem say what happened, the one
	// as a name, the other in plain words.
	BrokenAt int64
	Kind     Kind
	Problem  string
	// Notes are what an intact trail's check could not cover.
	Notes []string
}

func (r Report) String() string {
	if !r.OK {
		return fmt.Sprintf("audit trail broken at event %d: %s", r.BrokenAt, r.Problem)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "audit trail intact: %d events, every hash matches", r.Events)
	switch {
	case r.Legacy == r.Events && r.Events > 0:
		b.WriteString(" (all unkeyed, written before the trail had a key)")
	case r.Legacy > 0:
		fmt.Fprintf(&b, " (events 1 to %d unkeyed, written before the trail had a key; the rest under the audit key)", r.Legacy)
	case r.Events > 0 && r.Legacy == 0:
		b.WriteString(" under the audit key")
	}
	if r.Last != nil {
		agree := "checkpoints agree, the last"
		if r.Checkpoints == 1 {
			agree = "checkpoint agrees,"
		}
		fmt.Fprintf(&b, "; %d %s at event %d on %s", r.Checkpoints, agree, r.Last.Seq, r.Last.When())
	}
	for _, n := range r.Notes {
		b.WriteString("\nnote: " + n)
	}
	return b.String()
}

// Options are what Check checks the trail against.
type Options struct {
	// Keys check keyed events and checkpoints.
	Keys *Keys
	// Checkpoints are those kept outside the database, in any order.
	Checkpoints []Checkpoint
	// From starts the check at this checkpoint's event, trusting the
	// chain before it (checked when the checkpoint was made).
	From *Checkpoint
}

// Verify checks an unkeyed trail: it recomputes every hash with no key and
// no checkpoints (see Check).
func Verify(ctx context.Context, d *db.DB) (Report, error) { return Check(ctx, d, Options{}) }

// Check walks the chain in order, recomputing every hash under the keys,
// and compares it with the checkpoints. It names an edited event (its hash
// no longer matches), deleted events (a gap in the sequence or a broken
// link), a deleted tail (the head names a later event than the last one
// present, or a checkpoint does: a later sequence, or a different hash at
// its sequence), a chain recomputed without the key (its hashes are not
// HMACs under it, or unkeyed ones follow keyed ones) and an event made
// with a key older than one the trail had moved on to.
//
// Unkeyed events are accepted only at the start of the trail, before the
// first keyed one: the trail as it was before it had a key. The first
// checkpoint after them covers them.
func Check(ctx context.Context, d *db.DB, o Options) (Report, error) {
	var r Report
	var headKey string
	// The head first: every event up to it has committed, and events
	// written meanwhile come after it.
	if err := d.Read().QueryRowContext(ctx, "SELECT seq, hash, key_id FROM audit_head WHERE id = 1").
		Scan(&r.HeadSeq, &r.HeadHash, &headKey); err != nil {
		return r, fmt.Errorf("audit: reading the chain head: %w", err)
	}
	cps := slices.Clone(o.Checkpoints)
	if o.From != nil {
		cps = append(cps, *o.From)
	}
	slices.SortStableFunc(cps, func(a, b Checkpoint) int { return a.At.Compare(b.At) })
	slices.SortStableFunc(cps, func(a, b Checkpoint) int { return int(a.Seq - b.Seq) })
	for _, c := range cps {
		if o.Keys == nil {
			return broken(r, c.Seq, Unchecked, "checkpoints are signed with the audit key: give the key file to check them"), nil
		}
		if err := o.Keys.CheckSignature(c); err != nil {
			return broken(r, c.Seq, BadCheckpoint, fmt.Sprintf("the checkpoint of %s for this event: %s", c.When(), err)), nil
		}
	}
	from := int64(1)
	if o.From != nil {
		from = o.From.Seq
	}
	// Each event comes with the people it showed, one row per person (or
	// one row with none), in order.
	rows, err := d.Read().QueryContext(ctx, "SELECT "+prefixed("e.", eventColumns)+
		`, s.person_id FROM audit_events e LEFT JOIN audit_shown s ON s.seq = e.seq
		WHERE e.seq >= $1 AND e.seq <= $2 ORDER BY e.seq, s.person_id`, from, r.HeadSeq)
	if err != nil {
		return r, fmt.Errorf("audit: reading events: %w", err)
	}
	defer rows.Close()
	events := &eventReader{rows: rows}
	w := walker{o: o, r: &r, hashers: map[string]*hasher{}, keyIdx: -1, cps: cps, prevHash: "genesis"}
	if o.From != nil {
		w.prevSeq = from - 1
		w.fromFirst = true
	}
	for {
		e, err := events.next()
		if err != nil {
			return r, err
		}
		if e == nil {
			break
		}
		if done, err := w.step(e, events); done || err != nil {
			return r, err
		}
	}
	return w.end(headKey), nil
}

// walker holds what the walk has seen so far.
type walker struct {
	o        Options
	r        *Report
	hashers  map[string]*hasher
	prevSeq  int64
	prevHash string
	// fromFirst: the next event is the one of the checkpoint the walk
	// starts from, whose link to the one before is not checked.
	fromFirst bool
	keyed     bool
	keyIdx    int
	lastKey   string
	cps       []Checkpoint // by sequence; those passed are dropped
}

// valid says whether e's hash is right under the key it names (the caller
// has checked the key is held).
func (w *walker) valid(e *Event) bool {
	hs, ok := w.hashers[e.KeyID]
	if !ok {
		if e.KeyID == "" {
			hs = &hasher{h: legacyHash()}
		} else {
			k := w.o.Keys.list[w.o.Keys.index(e.KeyID)]
			hs = &hasher{keyID: k.ID, h: k.mac()}
		}
		w.hashers[e.KeyID] = hs
	}
	return hs.sum(e) == e.Hash
}

// step checks one event; done means the walk stops (the report is set).
func (w *walker) step(e *Event, events *eventReader) (done bool, err error) {
	r := w.r
	r.Events++
	stop := func(at int64, k Kind, problem string) (bool, error) {
		*r = broken(*r, at, k, problem)
		return true, nil
	}
	switch {
	case w.fromFirst && e.Seq != w.prevSeq+1:
		return stop(w.prevSeq+1, Deleted, fmt.Sprintf("event %d, the last checkpoint's, is missing", w.prevSeq+1))
	case e.Seq != w.prevSeq+1 && e.Seq == w.prevSeq+2:
		return stop(w.prevSeq+1, Deleted, fmt.Sprintf("event %d was deleted from the middle of the trail (the next present is %d)", w.prevSeq+1, e.Seq))
	case e.Seq != w.prevSeq+1:
		return stop(w.prevSeq+1, Deleted, fmt.Sprintf("events %d to %d were deleted from the middle of the trail (the next present is %d)", w.prevSeq+1, e.Seq-1, e.Seq))
	}
	switch i := w.o.Keys.index(e.KeyID); {
	case e.KeyID == "" && w.keyed:
		return stop(e.Seq, Recomputed, fmt.Sprintf("it has an unkeyed hash after keyed events began (event %d was made with the audit key %q): it was written or recomputed without the key", w.prevSeq, w.lastKey))
	case e.KeyID == "":
		r.Legacy++
	case w.o.Keys == nil:
		return stop(e.Seq, Unchecked, fmt.Sprintf("it was made with the audit key %q: give the key file to check the trail", e.KeyID))
	case i < 0:
		return stop(e.Seq, Unchecked, fmt.Sprintf("it names the audit key %q, which is not in the key file: give the key file that holds it, or the event was forged", e.KeyID))
	case i < w.keyIdx:
		return stop(e.Seq, Rewritten, fmt.Sprintf("it was made with the audit key %q, older than the key %q of an earlier event: it was rewritten with a retired key", e.KeyID, w.lastKey))
	default:
		w.keyed, w.keyIdx = true, i
	}
	if !w.valid(e) {
		if e.KeyID == "" {
			return stop(e.Seq, Edited, "its contents were changed after it was written (its hash no longer matches)")
		}
		if e.Hash == e.legacySum() {
			return stop(e.Seq, Recomputed, "its hash is a plain SHA-256, not an HMAC under the audit key: the trail was recomputed without the key")
		}
		// An edit leaves the hash as it was, so the next event still
		// links to it and verifies; a recomputed chain changes the hash
		// and every one after it, none of them verifying.
		n, err := events.next()
		if err != nil {
			return true, err
		}
		if n != nil && n.Seq == e.Seq+1 && n.PrevHash == e.Hash && n.KeyID != "" && w.o.Keys.index(n.KeyID) >= 0 && !w.valid(n) {
			return stop(e.Seq, Recomputed, "its hash and the next one's are not HMACs under the audit key: the trail was recomputed from here without the key")
		}
		return stop(e.Seq, Edited, "its contents were changed after it was written (its HMAC no longer matches)")
	}
	if !w.fromFirst && e.PrevHash != w.prevHash {
		return stop(e.Seq, Deleted, "it does not link to the event before it: the event before it was deleted or replaced")
	}
	for len(w.cps) > 0 && w.cps[0].Seq <= e.Seq {
		c := w.cps[0]
		w.cps = w.cps[1:]
		if c.Seq < e.Seq {
			continue // only when starting from a later checkpoint
		}
		if c.Hash != e.Hash && e.KeyID == "" {
			return stop(e.Seq, Recomputed, fmt.Sprintf("the checkpoint of %s records a different hash for this event, "+
				"which is unkeyed: the trail was recomputed without the key", c.When()))
		}
		if c.Hash != e.Hash {
			since := "the start of the trail"
			if r.Last != nil {
				since = fmt.Sprintf("event %d (the checkpoint of %s agrees)", r.Last.Seq, r.Last.When())
			}
			return stop(e.Seq, TailDeleted, fmt.Sprintf("the checkpoint of %s records a different hash for this event: "+
				"the events after %s were deleted and the trail written on from there, or rewritten", c.When(), since))
		}
		r.Checkpoints++
		r.Last = &c
	}
	w.fromFirst = false
	w.prevSeq, w.prevHash, w.lastKey = e.Seq, e.Hash, e.KeyID
	return false, nil
}

// end checks the walk's end against the head and the checkpoints.
func (w *walker) end(headKey string) Report {
	r := *w.r
	if w.fromFirst {
		return broken(r, w.prevSeq+1, Deleted, fmt.Sprintf("event %d, the last checkpoint's, is missing", w.prevSeq+1))
	}
	if r.HeadSeq != w.prevSeq || r.HeadHash != w.prevHash || headKey != w.lastKey {
		return broken(r, w.prevSeq+1, TailDeleted, fmt.Sprintf("the trail should run to event %d but ends at %d: the last events were deleted", r.HeadSeq, w.prevSeq))
	}
	if len(w.cps) > 0 {
		c := w.cps[len(w.cps)-1]
		return broken(r, w.prevSeq+1, TailDeleted, fmt.Sprintf("the trail ends at event %d, but the checkpoint of %s records event %d: "+
			"events %d to %d were deleted and the head moved back", w.prevSeq, c.When(), c.Seq, w.prevSeq+1, c.Seq))
	}
	r.OK = true
	switch {
	case w.o.Keys == nil && r.Events > 0:
		r.Notes = append(r.Notes, "the trail has no audit key: anyone who can write to the database could rewrite it unseen")
	case len(w.o.Checkpoints) == 0 && w.o.From == nil:
		r.Notes = append(r.Notes, "no checkpoints were given (--audit-anchor-file): events deleted from the end with the head moved back cannot be seen")
	case r.Last != nil && r.Last.Seq < r.HeadSeq:
		r.Notes = append(r.Notes, fmt.Sprintf("events %d to %d came after the last checkpoint", r.Last.Seq+1, r.HeadSeq))
	}
	return r
}

// eventReader reads the events in order, each with the people it showed.
type eventReader struct {
	rows    *sql.Rows
	pending *Event
}

func (er *eventReader) next() (*Event, error) {
	for er.rows.Next() {
		var e Event
		var shown sql.NullString
		if err := er.rows.Scan(append(e.fields(), &shown)...); err != nil {
			return nil, err
		}
		if er.pending != nil && er.pending.Seq == e.Seq {
			er.pending.Shown = append(er.pending.Shown, shown.String)
			continue
		}
		if shown.Valid {
			e.Shown = []string{shown.String}
		}
		out := er.pending
		er.pending = &e
		if out != nil {
			return out, nil
		}
	}
	if err := er.rows.Err(); err != nil {
		return nil, err
	}
	out := er.pending
	er.pending = nil
	return out, nil
}

func broken(r Report, at int64, k Kind, problem string) Report {
	r.OK, r.BrokenAt, r.Kind, r.Problem = false, at, k, problem
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
