package auth

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
)

func TestHashPassword(t *testing.T) {
	const pw = "a-long-synthetic-passphrase"
	h, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`).MatchString(h) {
		t.Fatalf("hash %q", h)
	}
	if h2, _ := HashPassword(pw); h2 == h {
		t.Fatal("two hashes of one password share a salt")
	}
	if !CheckPassword(h, pw) || CheckPassword(h, pw+" ") || CheckPassword(h, "") {
		t.Fatal("check")
	}
	// A hash made with other parameters still checks, read from the string.
	salt := []byte("0123456789abcdef")
	key := argon2.IDKey([]byte(pw), salt, 3, 8192, 2, 24)
	old := fmt.Sprintf("$argon2id$v=19$m=8192,t=3,p=2$%s$%s", b64.EncodeToString(salt), b64.EncodeToString(key))
	if !CheckPassword(old, pw) || CheckPassword(old, "wrong") {
		t.Fatal("other parameters")
	}
}

func TestParsePHC(t *testing.T) {
	good := "$argon2id$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$" + strings.Repeat("A", 43)
	if _, ok := parsePHC(good); !ok {
		t.Fatal("good string refused")
	}
	for _, bad := range []string{
		"", "$", "plain text",
		strings.Replace(good, "argon2id", "argon2i", 1),
		strings.Replace(good, "v=19", "v=16", 1),
		strings.Replace(good, "m=19456", "m=0", 1),
		strings.Replace(good, "m=19456", "m=4294967295", 1),
		strings.Replace(good, "m=19456", "m=019456", 1),
		strings.Replace(good, "m=19456", "m=-1", 1),
		strings.Replace(good, "t=2", "t=0", 1),
		strings.Replace(good, "t=2", "t=99", 1),
		strings.Replace(good, "p=1", "p=0", 1),
		strings.Replace(good, "p=1", "p=300", 1),
		strings.Replace(good, "m=19456,t=2,p=1", "t=2,m=19456,p=1", 1),
		strings.Replace(good, "m=19456,t=2,p=1", "m=19456,t=2", 1),
		strings.Replace(good, "MDEy", "MD=y", 1),
		good + "==",
		good + "$extra",
		"$argon2id$v=19$m=19456,t=2,p=1$$" + strings.Repeat("A", 43),
		"$argon2id$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$AAAA",
	} {
		if _, ok := parsePHC(bad); ok {
			t.Errorf("%q accepted", bad)
		}
		if CheckPassword(bad, "anything") {
			t.Errorf("%q matched", bad)
		}
	}
}

func TestValidatePassword(t *testing.T) {
	for _, c := range []struct{ pw, want string }{
		{"", "Enter a password"},
		{"elevenchars", "Enter a password that is at least 12 characters long"},
		{"ééééééééééé", "Enter a password that is at least 12 characters long"},
		{strings.Repeat("x", 12), "Enter a password that is not just one character repeated"},
		{strings.Repeat("é", 30), "Enter a password that is not just one character repeated"},
		{strings.Repeat("ab", 65), "Enter a password that is 128 characters or fewer"},
		{"twelve chars", ""},
		{strings.Repeat("ab", 64), ""},
		{"pässwörd-lång", ""},
	} {
		if got := ValidatePassword(c.pw); got != c.want {
			t.Errorf("ValidatePassword(%q) = %q, want %q", c.pw, got, c.want)
		}
	}
}

func TestDummyHashCost(t *testing.T) {
	// The hash checked for unknown accounts has today's parameters, so it
	// costs what a real check costs.
	p, ok := parsePHC(dummyHash())
	if !ok || p.memory != Argon.Memory || p.time != Argon.Time || p.threads != Argon.Threads || len(p.key) != argonKeyLen {
		t.Fatalf("dummy hash %q", dummyHash())
	}
}

func FuzzCheckPassword(f *testing.F) {
	h, err := HashPassword("seed-password-123")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(h, "seed-password-123")
	f.Add("$argon2id$v=19$m=8,t=1,p=1$MDEyMzQ1Njc4OWFi$MDEyMzQ1Njc4OWFiY2RlZg", "x")
	f.Add("$argon2id$v=19$m=19456,t=2,p=1$$", "")
	f.Add("$$$$$", "")
	f.Add("$argon2id$v=19$m=99999999999,t=1,p=1$AA$AA", "x")
	f.Fuzz(func(t *testing.T, encoded, pw string) {
		p, ok := parsePHC(encoded)
		if !ok {
			if CheckPassword(encoded, pw) {
				t.Fatalf("malformed %q matched", encoded)
			}
			return
		}
		if p.time < 1 || p.threads < 1 || p.memory > maxArgonMemory || p.time > maxArgonTime {
			t.Fatalf("limits not kept: %+v", p)
		}
		// Keep each run quick: check only cheap parameter sets.
		if uint64(p.memory)*uint64(p.time) <= 1<<16 {
			CheckPassword(encoded, pw)
		}
	})
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("a-long-synthetic-passphrase"); err != nil {
			b.Fatal(err)
		}
	}
}
