package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// ArgonParams are the argon2id costs of new password hashes.
type ArgonParams struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// Argon is used for new hashes: the memory, time and parallelism that OWASP
// recommends as a minimum. Stored hashes carry their own parameters, so this
// can rise later without breaking sign-in. Tests that create many users may
// lower it in TestMain; nothing else should change it.
var Argon = ArgonParams{Memory: 19456, Time: 2, Threads: 1}

const (
	argonSaltLen = 16
	argonKeyLen  = 32
)

// Limits on parameters read back from a stored hash, so that a damaged or
// hostile value cannot make one check take minutes or gigabytes.
const (
	maxArgonMemory  = 1 << 20 // 1 GiB
	maxArgonTime    = 16
	maxArgonThreads = 16
)

// Password length limits, in characters.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 128
)

var b64 = base64.RawStdEncoding

// HashPassword hashes pw with argon2id and a fresh random salt, encoded as a
// PHC string: $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: making a salt: %w", err)
	}
	p := Argon
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// phc is a parsed argon2id PHC string.
type phc struct {
	memory, time uint32
	threads      uint8
	salt, key    []byte
}

// parsePHC reads an argon2id PHC string, refusing anything malformed or
// outside sensible limits. It never panics.
func parsePHC(encoded string) (phc, bool) {
	var p phc
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, false
	}
	params := strings.Split(parts[3], ",")
	if len(params) != 3 {
		return p, false
	}
	var vals [3]uint64
	for i, name := range []string{"m", "t", "p"} {
		v, ok := strings.CutPrefix(params[i], name+"=")
		if !ok || v == "" || (len(v) > 1 && v[0] == '0') {
			return p, false
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return p, false
		}
		vals[i] = n
	}
	m, t, th := vals[0], vals[1], vals[2]
	if t < 1 || t > maxArgonTime || th < 1 || th > maxArgonThreads || m < 8*th || m > maxArgonMemory {
		return p, false
	}
	salt, err := b64.Strict().DecodeString(parts[4])
	if err != nil || len(salt) < 8 || len(salt) > 64 {
		return p, false
	}
	key, err := b64.Strict().DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 64 {
		return p, false
	}
	return phc{memory: uint32(m), time: uint32(t), threads: uint8(th), salt: salt, key: key}, true
}

// CheckPassword reports whether pw matches the encoded hash, comparing in
// constant time. A malformed hash matches nothing.
func CheckPassword(encoded, pw string) bool {
	p, ok := parsePHC(encoded)
	if !ok {
		return false
	}
	got := argon2.IDKey([]byte(pw), p.salt, p.time, p.memory, p.threads, uint32(len(p.key)))
	return subtle.ConstantTimeCompare(got, p.key) == 1
}

// dummyHash is checked when nobody has the email address given at sign-in,
// so that an unknown address costs as much time as a known one.
var dummyHash = sync.OnceValue(func() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	h, err := HashPassword(b64.EncodeToString(b[:]))
	if err != nil {
		panic(err)
	}
	return h
})

// ValidatePassword returns "" for an acceptable new password, or what is
// wrong with it in plain English.
func ValidatePassword(pw string) string {
	n := utf8.RuneCountInString(pw)
	switch {
	case n == 0:
		return "Enter a password"
	case n < MinPasswordLength:
		return fmt.Sprintf("Enter a password that is at least %d characters long", MinPasswordLength)
	case n > MaxPasswordLength:
		return fmt.Sprintf("Enter a password that is %d characters or fewer", MaxPasswordLength)
	}
	first, _ := utf8.DecodeRuneInString(pw)
	if strings.Trim(pw, string(first)) == "" {
		return "Enter a password that is not just one character repeated"
	}
	return ""
}
