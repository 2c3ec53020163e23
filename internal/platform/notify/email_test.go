package notify

import (
	"bytes"
	"mime"
	"net/mail"
	"slices"
	"strings"
	"testing"
	"time"

	"mace/internal/platform/errs"
)

// FuzzEmailHeaders builds a message from any subject, display name and
// attachment name that pass the checks, and parses it back: the message is
// ASCII, no line is longer than 998 octets, it has exactly the headers
// written (nothing smuggled in) and the subject and name read back as they
// were given.
func FuzzEmailHeaders(f *testing.F) {
	for _, s := range []string{"Referral screened", "Décision – résumé", "a\r\nBcc: x@example.org", "=?utf-8?q?x?=",
		strings.Repeat("👩🏽‍💻", 250), strings.Repeat("long ascii ", 30), "\x00\x7f", "café\n"} {
		f.Add(s, "Priya Marsh", "invitation.ics")
		f.Add("Hello", s, s)
	}
	from := &mail.Address{Name: "Mace", Address: "no-reply@northfield.example"}
	f.Fuzz(func(t *testing.T, subject, name, file string) {
		m := Email{To: []string{(&mail.Address{Name: name, Address: "worker@northfield.example"}).String()}, Subject: subject, Text: "Body",
			Attachments: []Attachment{{Name: file, ContentType: "text/plain", Data: []byte("x")}}}
		to, err := m.validate()
		if err != nil {
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("refused with an error of the wrong kind: %v", err)
			}
			return
		}
		msg, err := build(from, to, "<id@northfield.example>", time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), m)
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range bytes.Split(msg, []byte("\r\n")) {
			if len(l) > 998 {
				t.Fatalf("line %d is %d octets", i, len(l))
			}
			if bytes.ContainsAny(l, "\r\n") {
				t.Fatalf("line %d has a bare CR or LF", i)
			}
		}
		for _, c := range msg {
			if c >= 0x80 {
				t.Fatalf("the message is not ASCII")
			}
		}
		p, err := mail.ReadMessage(bytes.NewReader(msg))
		if err != nil {
			t.Fatalf("parsing: %v\n%s", err, msg)
		}
		var keys []string
		for k := range p.Header {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		want := []string{"Auto-Submitted", "Content-Type", "Date", "From", "Message-Id", "Mime-Version", "Subject", "To"}
		if !slices.Equal(keys, want) {
			t.Fatalf("headers %v, want %v", keys, want)
		}
		dec := new(mime.WordDecoder)
		got, err := dec.DecodeHeader(p.Header.Get("Subject"))
		if err != nil || got != strings.TrimSpace(subject) {
			// An ASCII subject that looks like an encoded word is read as
			// one by any mail program; it is left as it is.
			if !strings.Contains(subject, "=?") {
				t.Fatalf("subject %q (%v), want %q", got, err, subject)
			}
		}
		addrs, err := p.Header.AddressList("To")
		if err != nil || len(addrs) != 1 || addrs[0].Address != "worker@northfield.example" || addrs[0].Name != to[0].Name {
			t.Fatalf("To %v %v, want name %q", addrs, err, to[0].Name)
		}
	})
}
