package audit

import (
	"bufio"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"os"
	"regexp"
	"strings"
)

// Key is one audit key: the secret behind the HMAC of the events and
// checkpoints made with it, and the id they record.
type Key struct {
	ID     string
	secret []byte
}

// Keys are the audit keys in the order they were brought in: the last is
// the current key, used for every new event and checkpoint; the earlier
// ones are kept to check what was made with them.
type Keys struct {
	list []Key
}

// MinKeyBytes is the shortest secret accepted.
const MinKeyBytes = 32

var keyIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,40}$`)

// ParseKeys reads a key file: one key a line, "ID SECRET", the secret in
// standard base64 of at least 32 bytes; blank lines and lines starting with
// # are ignored. The last key is the current one.
func ParseKeys(text string) (*Keys, error) {
	var ks Keys
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 {
			return nil, fmt.Errorf("line %d should be a key id and a secret, separated by a space", n)
		}
		if !keyIDPattern.MatchString(f[0]) {
			return nil, fmt.Errorf("line %d: the key id should be 1 to 40 letters, digits, dots, dashes or underscores", n)
		}
		secret, err := base64.StdEncoding.DecodeString(f[1])
		if err != nil || len(secret) < MinKeyBytes {
			return nil, fmt.Errorf("line %d: the secret should be base64 of at least %d random bytes (make one with `mace audit key`)", n, MinKeyBytes)
		}
		if ks.index(f[0]) >= 0 {
			return nil, fmt.Errorf("line %d: the key id %s is used twice", n, f[0])
		}
		ks.list = append(ks.list, Key{ID: f[0], secret: secret})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(ks.list) == 0 {
		return nil, errors.New("the key file holds no key")
	}
	return &ks, nil
}

// LoadKeys reads the key file at path.
func LoadKeys(path string) (*Keys, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the audit key file: %w", err)
	}
	ks, err := ParseKeys(string(b))
	if err != nil {
		return nil, fmt.Errorf("the audit key file %s: %w", path, err)
	}
	return ks, nil
}

// NewKeyLine is a line for a key file: id and a new random secret.
func NewKeyLine(id string) (string, error) {
	if !keyIDPattern.MatchString(id) {
		return "", errors.New("the key id should be 1 to 40 letters, digits, dots, dashes or underscores")
	}
	b := make([]byte, MinKeyBytes)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return id + " " + base64.StdEncoding.EncodeToString(b), nil
}

// DerivedKeys is a single key made from a phrase, for demonstrations and
// tests only: anyone who knows the phrase holds the key.
func DerivedKeys(id, phrase string) *Keys {
	sum := sha256.Sum256([]byte("mace audit key\x00" + phrase))
	return &Keys{list: []Key{{ID: id, secret: sum[:]}}}
}

// Current is the key new events and checkpoints are made with.
func (ks *Keys) Current() Key { return ks.list[len(ks.list)-1] }

// IDs are the key ids, oldest first.
func (ks *Keys) IDs() []string {
	out := make([]string, len(ks.list))
	for i, k := range ks.list {
		out[i] = k.ID
	}
	return out
}

// index is the position of the key id, or -1.
func (ks *Keys) index(id string) int {
	if ks == nil {
		return -1
	}
	for i, k := range ks.list {
		if k.ID == id {
			return i
		}
	}
	return -1
}

func (k Key) mac() hash.Hash { return hmac.New(sha256.New, k.secret) }
