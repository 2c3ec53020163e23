package audit

import (
	"context"
	"crypto/hmac"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"mace/internal/platform/civil"
	"mace/internal/platform/db"
)

// Checkpoint is a signed statement of the chain's head at a moment: the
// last event's sequence number and hash. Checkpoints are kept where the
// database cannot rewrite them (an append-only file, the log, write-once
// storage), so a trail cut back or rewritten in the database no longer
// agrees with them. They hold no personal data.
type Checkpoint struct {
	Seq       int64     `json:"seq"`
	Hash      string    `json:"hash"`
	At        time.Time `json:"at"`
	KeyID     string    `json:"key_id"`
	Signature string    `json:"signature"`
}

// When is the checkpoint's time in words, in London.
func (c Checkpoint) When() string {
	return c.At.In(civil.London).Format("2 January 2006 at 15:04:05")
}

// Sign makes a checkpoint of the chain at seq with hash, signed with the
// current key.
func (ks *Keys) Sign(seq int64, hash string, at time.Time) Checkpoint {
	k := ks.Current()
	c := Checkpoint{Seq: seq, Hash: hash, At: at.UTC().Truncate(time.Microsecond), KeyID: k.ID}
	c.Signature = checkpointMAC(k, c)
	return c
}

// CheckSignature says whether c was signed with a key in ks.
func (ks *Keys) CheckSignature(c Checkpoint) error {
	i := ks.index(c.KeyID)
	if i < 0 {
		return fmt.Errorf("it names the audit key %q, which is not in the key file", c.KeyID)
	}
	want := checkpointMAC(ks.list[i], c)
	if !hmac.Equal([]byte(want), []byte(c.Signature)) {
		return errors.New("its signature does not verify: it was edited or made without the audit key")
	}
	return nil
}

// checkpointMAC is the HMAC of a checkpoint's fields, length-prefixed and
// tagged so that it can never equal an event's hash.
func checkpointMAC(k Key, c Checkpoint) string {
	var b []byte
	for _, s := range []string{"mace audit checkpoint", c.Hash, c.At.UTC().Format(time.RFC3339Nano), c.KeyID} {
		b = binary.BigEndian.AppendUint64(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.BigEndian.AppendUint64(b, uint64(c.Seq))
	h := k.mac()
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// Anchor checks the chain as Check does, with o's checkpoints (o.From: from
// that checkpoint on; o.Keys: the Log's when nil), and returns a checkpoint
// of its head signed with the current key. A chain that does not verify gets
// no checkpoint: the report says why.
func (l *Log) Anchor(ctx context.Context, d *db.DB, o Options) (Checkpoint, Report, error) {
	if l.Keys == nil {
		return Checkpoint{}, Report{}, errors.New("audit: no audit key: a checkpoint is signed with it")
	}
	if o.Keys == nil {
		o.Keys = l.Keys
	}
	r, err := Check(ctx, d, o)
	if err != nil || !r.OK {
		return Checkpoint{}, r, err
	}
	return l.Keys.Sign(r.HeadSeq, r.HeadHash, l.Now()), r, nil
}
