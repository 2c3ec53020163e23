package audit_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
)

// keyLine is a key file's line with a fixed secret, for tests only.
func keyLine(id string, b byte) string {
	return id + " " + base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{b}, 32))
}

func mustKeys(t *testing.T, lines ...string) *audit.Keys {
	t.Helper()
	ks, err := audit.ParseKeys("# test keys\n" + strings.Join(lines, "\n") + "\n")
	if err != nil {
		t.Fatal(err)
	}
	return ks
}

func exec(t *testing.T, d *db.DB, q string, args ...any) {
	t.Helper()
	if _, err := d.Write().ExecContext(context.Background(), q, args...); err != nil {
		t.Fatal(err)
	}
}

// trail writes n events under l, a third of them in bulk, some showing
// people, each about one of three people: p1, p2, p3.
func trail(t *testing.T, d *db.DB, l *audit.Log, n int) {
	t.Helper()
	ctx := auth.WithUser(context.Background(), &auth.User{ID: "u1", Name: "Sam Screener"})
	var bulk []audit.Event
	for i := range n {
		p := fmt.Sprintf("p%d", i%3+1)
		e := audit.Event{Action: audit.View, RecordType: "person", RecordID: p, PersonID: p, Detail: fmt.Sprintf("view %d", i)}
		if i%4 == 0 {
			e = audit.Event{Action: audit.Search, RecordType: "person", Detail: "name search", Shown: []string{p, "p9"}}
		}
		if i%3 == 2 {
			bulk = append(bulk, e)
			continue
		}
		if len(bulk) > 0 {
			if err := d.Tx(ctx, func(tx *sql.Tx) error { return l.RecordMany(ctx, tx, bulk) }); err != nil {
				t.Fatal(err)
			}
			bulk = nil
		}
		record(t, d, l, ctx, e)
	}
	if len(bulk) > 0 {
		if err := d.Tx(ctx, func(tx *sql.Tx) error { return l.RecordMany(ctx, tx, bulk) }); err != nil {
			t.Fatal(err)
		}
	}
}

// anchor writes a checkpoint of the head under l, after checking the trail.
func anchor(t *testing.T, d *db.DB, l *audit.Log, cps ...audit.Checkpoint) audit.Checkpoint {
	t.Helper()
	c, r, err := l.Anchor(context.Background(), d, audit.Options{Checkpoints: cps})
	if err != nil || !r.OK {
		t.Fatalf("anchor: %v %s", err, r)
	}
	return c
}

func check(t *testing.T, d *db.DB, o audit.Options) audit.Report {
	t.Helper()
	r, err := audit.Check(context.Background(), d, o)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func wantBroken(t *testing.T, r audit.Report, at int64, k audit.Kind, words string) {
	t.Helper()
	if r.OK || r.BrokenAt != at || r.Kind != k || !strings.Contains(r.String(), words) {
		t.Fatalf("want broken at %d (%s, %q), got %+v\n%s", at, k, words, r, r)
	}
}

// keyedTrail is 40 events under the key k1 with checkpoints after 30 and
// after 40.
func keyedTrail(t *testing.T, d *db.DB) (*audit.Log, []audit.Checkpoint) {
	clock := testClock()
	l := audit.New(clock.Now)
	l.Keys = mustKeys(t, keyLine("k1", 0x11))
	trail(t, d, l, 30)
	c1 := anchor(t, d, l)
	clock.Add(time.Hour)
	trail(t, d, l, 10)
	c2 := anchor(t, d, l, c1)
	if c1.Seq != 30 || c2.Seq != 40 || c2.KeyID != "k1" {
		t.Fatalf("checkpoints %+v %+v", c1, c2)
	}
	r := check(t, d, audit.Options{Keys: l.Keys, Checkpoints: []audit.Checkpoint{c1, c2}})
	if !r.OK || r.Events != 40 || r.Legacy != 0 || r.Checkpoints != 2 || r.Last.Seq != 40 || len(r.Notes) != 0 {
		t.Fatalf("intact keyed trail: %+v", r)
	}
	return l, []audit.Checkpoint{c1, c2}
}

// The four ways the trail is rewritten in the database, each named.
func TestKeyedTrailTampering(t *testing.T) {
	t.Run("an edited event", func(t *testing.T) {
		dbtest.Each(t, audit.Migrations, func(t *testing.T, d *db.DB) {
			l, cps := keyedTrail(t, d)
			exec(t, d, "UPDATE audit_events SET actor_name = 'Someone Else' WHERE seq = 12")
			wantBroken(t, check(t, d, audit.Options{Keys: l.Keys, Checkpoints: cps}), 12, audit.Edited, "contents were changed")
		})
	})
	t.Run("a deleted middle event", func(t *testing.T) {
		dbtest.Each(t, audit.Migrations, func(t *testing.T, d *db.DB) {
			l, cps := keyedTrail(t, d)
			exec(t, d, "DELETE FROM audit_shown WHERE seq = 17")
			exec(t, d, "DELETE FROM audit_events WHERE seq = 17")
			wantBroken(t, check(t, d, audit.Options{Keys: l.Keys, Checkpoints: cps}), 17, audit.Deleted, "event 17 was deleted from the middle")
		})
	})
	t.Run("the last 20 events deleted and the head moved back", func(t *testing.T) {
		dbtest.Each(t, audit.Migrations, func(t *testing.T, d *db.DB) {
			l, cps := keyedTrail(t, d)
			exec(t, d, "DELETE FROM audit_shown WHERE seq > 20")
			exec(t, d, "DELETE FROM audit_events WHERE seq > 20")
			exec(t, d, "UPDATE audit_head SET seq = 20, hash = (SELECT hash FROM audit_events WHERE seq = 20) WHERE id = 1")
			// The chain alone is whole again: only the checkpoints tell.
			if r := check(t, d, audit.Options{Keys: l.Keys}); !r.OK || r.Events != 20 {
				t.Fatalf("without checkpoints: %+v", r)
			}
			wantBroken(t, check(t, d, audit.Options{Keys: l.Keys, Checkpoints: cps}), 21, audit.TailDeleted,
				"records event 40: events 21 to 40 were deleted and the head moved back")
			// Written on from there, the trail has a different hash
			// where a checkpoint names one.
			trail(t, d, l, 15)
			wantBroken(t, check(t, d, audit.Options{Keys: l.Keys, Checkpoints: cps}), 30, audit.TailDeleted,
				"records a different hash for this event: the events after the start of the trail were deleted")
		})
	})
	t.Run("a user's events removed and the chain recomputed without the key", func(t *testing.T) {
		dbtest.Each(t, audit.Migrations, func(t *testing.T, d *db.DB) {
			l, cps := keyedTrail(t, d)
			ctx := context.Background()
			p2 := func(e audit.Event) bool { return e.PersonID == "p2" }
			// With plain SHA-256, as the service did before it had a key.
			if err := audit.Rewrite(ctx, d, nil, false, p2); err != nil {
				t.Fatal(err)
			}
			wantBroken(t, check(t, d, audit.Options{Keys: l.Keys, Checkpoints: cps}), 1, audit.Recomputed, "plain SHA-256, not an HMAC")
			// With a key guessed under the same id.
			if err := audit.Rewrite(ctx, d, audit.DerivedKeys("k1", "a guess"), false, p2); err != nil {
				t.Fatal(err)
			}
			wantBroken(t, check(t, d, audit.Options{Keys: l.Keys, Checkpoints: cps}), 1, audit.Recomputed, "recomputed from here without the key")
			// As an unkeyed trail from before the key: the checkpoints
			// tell.
			if err := audit.Rewrite(ctx, d, nil, true, p2); err != nil {
				t.Fatal(err)
			}
			r := check(t, d, audit.Options{Keys: l.Keys, Checkpoints: cps})
			if r.OK || r.Kind != audit.Recomputed || !strings.Contains(r.Problem, "which is unkeyed: the trail was recomputed without the key") {
				t.Fatalf("unkeyed rewrite: %+v", r)
			}
		})
	})
	t.Run("an edited checkpoint", func(t *testing.T) {
		dbtest.Each(t, audit.Migrations, func(t *testing.T, d *db.DB) {
			l, cps := keyedTrail(t, d)
			cps[1].Seq = 20
			wantBroken(t, check(t, d, audit.Options{Keys: l.Keys, Checkpoints: cps}), 20, audit.BadCheckpoint, "signature does not verify")
		})
	})
}

// A key is rotated by adding it as the key file's last line: new events are
// made with it from then on, the old ones keep their key and are checked
// with the old key.
func TestKeyRotation(t *testing.T) {
	dbtest.Each(t, audit.Migrations, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clock := testClock()
		old := mustKeys(t, keyLine("k1", 0x11))
		both := mustKeys(t, keyLine("k1", 0x11), keyLine("k2", 0x22))
		l := audit.New(clock.Now)
		l.Keys = old
		trail(t, d, l, 10)
		c1 := anchor(t, d, l)
		l.Keys = both
		trail(t, d, l, 10)
		c2 := anchor(t, d, l, c1)
		if c1.KeyID != "k1" || c2.KeyID != "k2" {
			t.Fatalf("checkpoints' keys: %s %s", c1.KeyID, c2.KeyID)
		}
		var k1, k2 int
		if err := d.Read().QueryRowContext(ctx, `SELECT
			(SELECT COUNT(*) FROM audit_events WHERE key_id = 'k1' AND seq <= 10),
			(SELECT COUNT(*) FROM audit_events WHERE key_id = 'k2' AND seq > 10)`).Scan(&k1, &k2); err != nil || k1 != 10 || k2 != 10 {
			t.Fatalf("events by key: %d %d %v", k1, k2, err)
		}
		cps := []audit.Checkpoint{c1, c2}
		if r := check(t, d, audit.Options{Keys: both, Checkpoints: cps}); !r.OK || r.Events != 20 || r.Checkpoints != 2 {
			t.Fatalf("rotated trail: %+v", r)
		}
		// Without the new key, its events and checkpoint cannot be checked.
		wantBroken(t, check(t, d, audit.Options{Keys: old}), 11, audit.Unchecked, `the audit key "k2", which is not in the key file`)
		// A server still on the old key file refuses to write after them.
		stale := audit.New(clock.Now)
		stale.Keys = old
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			return stale.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: "person", RecordID: "p1"})
		})
		if err == nil || !strings.Contains(err.Error(), `"k2", which is not in this server's key file`) {
			t.Fatalf("a stale server's write: %v", err)
		}
		// Someone holding the retired key writes with it after the new
		// one began.
		retired := audit.New(clock.Now)
		retired.Keys = mustKeys(t, keyLine("k2", 0x22), keyLine("k1", 0x11))
		trail(t, d, retired, 1)
		wantBroken(t, check(t, d, audit.Options{Keys: both, Checkpoints: cps}), 21, audit.Rewritten, `older than the key "k2"`)
	})
}

// A trail from before the service had a key is unkeyed SHA-256: it is
// accepted up to the first keyed event, and no further.
func TestLegacyTrail(t *testing.T) {
	dbtest.Each(t, audit.Migrations, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clock := testClock()
		unkeyed := audit.New(clock.Now)
		trail(t, d, unkeyed, 12)
		if r, _ := audit.Verify(ctx, d); !r.OK || r.Legacy != 12 || !strings.Contains(r.String(), "no audit key") {
			t.Fatalf("unkeyed trail: %+v\n%s", r, r)
		}
		keys := mustKeys(t, keyLine("k1", 0x11))
		l := audit.New(clock.Now)
		l.Keys = keys
		c1 := anchor(t, d, l) // covers the unkeyed events
		trail(t, d, l, 8)
		c2 := anchor(t, d, l, c1)
		cps := []audit.Checkpoint{c1, c2}
		r := check(t, d, audit.Options{Keys: keys, Checkpoints: cps})
		if !r.OK || r.Events != 20 || r.Legacy != 12 || !strings.Contains(r.String(), "events 1 to 12 unkeyed") {
			t.Fatalf("legacy then keyed: %+v\n%s", r, r)
		}
		// Without the key the keyed part cannot be checked, and no
		// unkeyed event can be written after it.
		wantBroken(t, check(t, d, audit.Options{}), 13, audit.Unchecked, `made with the audit key "k1"`)
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			return unkeyed.Record(ctx, tx, audit.Event{Action: audit.View, RecordType: "person", RecordID: "p1"})
		})
		if err == nil || !strings.Contains(err.Error(), "no audit key is configured") {
			t.Fatalf("an unkeyed write after keyed events: %v", err)
		}
		// An edited unkeyed event is still found.
		var detail string
		if err := d.Read().QueryRowContext(ctx, "SELECT detail FROM audit_events WHERE seq = 5").Scan(&detail); err != nil {
			t.Fatal(err)
		}
		exec(t, d, "UPDATE audit_events SET detail = 'changed' WHERE seq = 5")
		wantBroken(t, check(t, d, audit.Options{Keys: keys, Checkpoints: cps}), 5, audit.Edited, "contents were changed")
		exec(t, d, "UPDATE audit_events SET detail = $1 WHERE seq = 5", detail)
		if r := check(t, d, audit.Options{Keys: keys, Checkpoints: cps}); !r.OK {
			t.Fatalf("restored: %+v", r)
		}
		// An unkeyed event after keyed ones was written without the key.
		exec(t, d, "UPDATE audit_events SET key_id = '' WHERE seq = 16")
		wantBroken(t, check(t, d, audit.Options{Keys: keys, Checkpoints: cps}), 16, audit.Recomputed, "unkeyed hash after keyed events began")
	})
}

// Anchoring from the last checkpoint checks only what came after it, and
// refuses to sign a trail that does not verify.
func TestAnchorFromCheckpoint(t *testing.T) {
	dbtest.Each(t, audit.Migrations, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		l, cps := keyedTrail(t, d)
		trail(t, d, l, 5)
		c, r, err := l.Anchor(ctx, d, audit.Options{From: &cps[1]})
		if err != nil || !r.OK || r.Events != 6 || c.Seq != 45 {
			t.Fatalf("from the last checkpoint: %+v %+v %v", c, r, err)
		}
		exec(t, d, "UPDATE audit_events SET detail = 'changed' WHERE seq = 43")
		if c, r, err := l.Anchor(ctx, d, audit.Options{From: &cps[1]}); err != nil || r.OK || r.BrokenAt != 43 || c.Signature != "" {
			t.Fatalf("a broken trail is not signed: %+v %+v %v", c, r, err)
		}
		exec(t, d, "DELETE FROM audit_events WHERE seq = 40")
		if _, r, _ := l.Anchor(ctx, d, audit.Options{From: &cps[1]}); r.OK || r.BrokenAt != 40 || r.Kind != audit.Deleted {
			t.Fatalf("the checkpoint's event deleted: %+v", r)
		}
	})
}

func TestParseKeys(t *testing.T) {
	for _, bad := range []string{"", "# nothing\n", "k1", "k1 c2hvcnQ=", "k/1 " + strings.Repeat("A", 44),
		keyLine("k1", 1) + "\n" + keyLine("k1", 2)} {
		if _, err := audit.ParseKeys(bad); err == nil {
			t.Errorf("ParseKeys(%q) should fail", bad)
		}
	}
	line, err := audit.NewKeyLine("2026-12-02")
	if err != nil {
		t.Fatal(err)
	}
	ks, err := audit.ParseKeys(keyLine("k1", 1) + "\n\n" + line + "\n")
	if err != nil || ks.Current().ID != "2026-12-02" || strings.Join(ks.IDs(), ",") != "k1,2026-12-02" {
		t.Fatalf("%v %v", ks, err)
	}
}
