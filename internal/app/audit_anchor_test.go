package app

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mace/internal/platform/audit"
	"mace/internal/platform/db"
)

// auditTestKey is a key file's line with a fixed secret, for tests only.
var auditTestKey = "k1 " + base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0x11}, 32))

// keyedCommandTrail is a SQLite database whose trail is written by the
// commands under a key, with two checkpoints in an anchor file: after the
// first users were added and at the end.
func keyedCommandTrail(t *testing.T) (env map[string]string, path string, last int64) {
	t.Helper()
	dir := t.TempDir()
	path = filepath.Join(dir, "mace.db")
	keyFile := filepath.Join(dir, "audit.key")
	if err := os.WriteFile(keyFile, []byte(auditTestKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env = map[string]string{"MACE_DB": path, "MACE_AUDIT_KEY_FILE": keyFile,
		"MACE_AUDIT_ANCHOR_FILE": filepath.Join(dir, "checkpoints.jsonl")}
	for i, name := range []string{"Avery Quint", "Bo Rell", "Cass Dunmore", "Dev Okafor", "Eli Marsh", "Fen Ashby"} {
		email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.org"
		if out, err := runCmd(t, env, "", "user", "add", "--email", email, "--name", name,
			"--org", "Testshire Council", "--role", "screener"); err != nil {
			t.Fatalf("user add: %v\n%s", err, out)
		}
		if i == 2 || i == 5 {
			out, err := runCmd(t, env, "", "audit", "anchor")
			if err != nil || !strings.Contains(out, `"key_id":"k1"`) || !strings.Contains(out, `"msg":"audit checkpoint"`) {
				t.Fatalf("audit anchor: %v\n%s", err, out)
			}
		}
	}
	out, err := runCmd(t, env, "", "audit", "verify")
	if err != nil || !strings.Contains(out, "intact") || !strings.Contains(out, "under the audit key; 2 checkpoints agree") {
		t.Fatalf("audit verify: %v\n%s", err, out)
	}
	d := openTestFile(t, path)
	defer d.Close()
	if err := d.Read().QueryRowContext(context.Background(), "SELECT MAX(seq) FROM audit_events").Scan(&last); err != nil || last != 7 {
		t.Fatalf("events: %d %v", last, err)
	}
	return env, path, last
}

func openTestFile(t *testing.T, path string) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// tamper runs statements on the database as someone with write access.
func tamper(t *testing.T, path string, fn func(tx *sql.Tx) error) {
	t.Helper()
	d := openTestFile(t, path)
	defer d.Close()
	if err := d.Tx(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func execAll(qs ...string) func(tx *sql.Tx) error {
	return func(tx *sql.Tx) error {
		for _, q := range qs {
			if _, err := tx.Exec(q); err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
		return nil
	}
}

// recompute drops the events about recordID, numbers the rest again and
// recomputes every hash with mac (the encoding the service uses, without
// its key), as someone who can write to the database but holds no key could.
func recompute(recordID string, mac func() hash.Hash, withKeyID bool) func(tx *sql.Tx) error {
	return func(tx *sql.Tx) error {
		type event struct {
			f     [12]string
			keyID string
			shown []string
		}
		rows, err := tx.Query(`SELECT at, actor_id, actor_name, organisation_id, organisation_name, action, record_type,
			record_id, person_id, address, detail, key_id FROM audit_events WHERE record_id <> $1 ORDER BY seq`, recordID)
		if err != nil {
			return err
		}
		var evs []event
		for rows.Next() {
			var e event
			if err := rows.Scan(&e.f[0], &e.f[1], &e.f[2], &e.f[3], &e.f[4], &e.f[5], &e.f[6], &e.f[7], &e.f[8], &e.f[9], &e.f[10], &e.keyID); err != nil {
				return err
			}
			evs = append(evs, e)
		}
		rows.Close()
		if _, err := tx.Exec("DELETE FROM audit_events"); err != nil {
			return err
		}
		prev := "genesis"
		for i, e := range evs {
			at, err := time.Parse(time.RFC3339Nano, e.f[0])
			if err != nil {
				return err
			}
			var b []byte
			str := func(s string) { b = append(binary.BigEndian.AppendUint64(b, uint64(len(s))), s...) }
			b = binary.BigEndian.AppendUint64(b, uint64(i+1))
			for _, s := range append([]string{at.UTC().Format(time.RFC3339Nano)}, append(e.f[1:11], prev)...) {
				str(s)
			}
			b = binary.BigEndian.AppendUint64(b, 0)
			if withKeyID {
				str(e.keyID)
			}
			h := mac()
			h.Write(b)
			sum := hex.EncodeToString(h.Sum(nil))
			if _, err := tx.Exec(`INSERT INTO audit_events (seq, at, actor_id, actor_name, organisation_id, organisation_name,
				action, record_type, record_id, person_id, address, detail, prev_hash, hash, key_id)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
				i+1, e.f[0], e.f[1], e.f[2], e.f[3], e.f[4], e.f[5], e.f[6], e.f[7], e.f[8], e.f[9], e.f[10], prev, sum, e.keyID); err != nil {
				return err
			}
			prev = sum
		}
		_, err = tx.Exec("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", len(evs), prev)
		return err
	}
}

// `mace audit verify` names each way the trail can be rewritten in the
// database: an edited event, a deleted middle event, a deleted tail with the
// head moved back, and a chain recomputed without the key.
func TestAuditVerifyNamesTampering(t *testing.T) {
	cases := []struct {
		name   string
		tamper func(path string, last int64) func(tx *sql.Tx) error
		want   string
	}{
		{"an edited event", func(string, int64) func(tx *sql.Tx) error {
			return execAll("UPDATE audit_events SET actor_name = 'Someone Else' WHERE seq = 4")
		}, "audit trail broken at event 4: its contents were changed after it was written"},
		{"a deleted middle event", func(string, int64) func(tx *sql.Tx) error {
			return execAll("DELETE FROM audit_events WHERE seq = 5")
		}, "audit trail broken at event 5: event 5 was deleted from the middle of the trail (the next present is 6)"},
		{"the tail deleted and the head moved back", func(_ string, last int64) func(tx *sql.Tx) error {
			return execAll(fmt.Sprintf("DELETE FROM audit_events WHERE seq > %d", last-3),
				fmt.Sprintf("UPDATE audit_head SET seq = %d, hash = (SELECT hash FROM audit_events WHERE seq = %[1]d) WHERE id = 1", last-3))
		}, "were deleted and the head moved back"},
		{"a user's events removed and the chain recomputed with SHA-256", func(path string, _ int64) func(tx *sql.Tx) error {
			return recompute(userID(t, path, "bo.rell@example.org"), sha256.New, false)
		}, "its hash is a plain SHA-256, not an HMAC under the audit key: the trail was recomputed without the key"},
		{"a user's events removed and the chain recomputed with a guessed key", func(path string, _ int64) func(tx *sql.Tx) error {
			return recompute(userID(t, path, "bo.rell@example.org"), func() hash.Hash { return hmac.New(sha256.New, []byte("a guess")) }, true)
		}, "its hash and the next one's are not HMACs under the audit key: the trail was recomputed from here without the key"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env, path, last := keyedCommandTrail(t)
			tamper(t, path, tc.tamper(path, last))
			_, err := runCmd(t, env, "", "audit", "verify")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("audit verify: %v\nwant %q", err, tc.want)
			}
			t.Logf("mace audit verify: %v", err)
			// Nor does the trail get a new checkpoint.
			if out, err := runCmd(t, env, "", "audit", "anchor"); err == nil || !strings.Contains(err.Error(), "no checkpoint was written") {
				t.Fatalf("audit anchor after tampering: %v\n%s", err, out)
			}
		})
	}
}

func userID(t *testing.T, path, email string) string {
	t.Helper()
	d := openTestFile(t, path)
	defer d.Close()
	var id string
	if err := d.Read().QueryRowContext(context.Background(), "SELECT id FROM users WHERE email = $1", email).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// serve refuses to start without an audit key, except for a demo, which
// generates one next to its database and keeps using it.
func TestServeNeedsAuditKey(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "mace.db")
	_, err := runCmd(t, map[string]string{"MACE_DB": path}, "", "serve", "--addr", "127.0.0.1:0")
	if err == nil || !strings.Contains(err.Error(), "no audit key: set --audit-key-file or MACE_AUDIT_KEY_FILE") {
		t.Fatalf("serve without a key: %v", err)
	}
	var logs bytes.Buffer
	cfg := Config{DB: path, Demo: true}
	ks, err := serveAuditKeys(&cfg, newLogger(&logs, "info"))
	if err != nil || ks.Current().ID != "demo" || !strings.Contains(logs.String(), "generated one for this demo") ||
		len(cfg.Audit.AnchorFiles) != 1 || cfg.Audit.AnchorFiles[0] != filepath.Join(dir, demoAnchorFile) {
		t.Fatalf("demo key: %v %v %s", ks, err, logs.String())
	}
	again, err := serveAuditKeys(&Config{DB: path, Demo: true}, newLogger(io.Discard, "info"))
	same := func(a, b *audit.Keys) bool {
		at := testStart
		return a != nil && b != nil && a.Sign(1, "h", at).Signature == b.Sign(1, "h", at).Signature
	}
	if err != nil || !same(again, ks) {
		t.Fatalf("the demo key again: %v", err)
	}
	// The other commands find the demo's key too.
	if cks, err := commandAuditKeys(env(func(string) string { return "" }), path); err != nil || !same(cks, ks) {
		t.Fatalf("commands' key: %v", err)
	}
	if _, err := serveConfig([]string{"--audit-key-file", filepath.Join(dir, "none")}, env(func(string) string { return "" })); err == nil ||
		!strings.Contains(err.Error(), "reading the audit key file") {
		t.Fatalf("a missing key file: %v", err)
	}
	out, err := runCmd(t, nil, "", "audit", "key")
	if err != nil || !strings.HasPrefix(out, "2026-12-02 ") {
		t.Fatalf("audit key: %v %s", err, out)
	}
}
