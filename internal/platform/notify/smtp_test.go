package notify_test

import (
	"bytes"
	"io"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"

	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/notify"
	"mace/internal/platform/notify/smtptest"
	"mace/internal/platform/testclock"
)

// TestTLSModes sends with implicit TLS, with none, and checks that a
// missing STARTTLS, an untrusted certificate and a wrong password each
// leave the message waiting.
func TestTLSModes(t *testing.T) {
	d := dbtest.SQLite(t, migrations)
	c := testclock.New(start)
	// Implicit TLS.
	srv := smtptest.New(t, smtptest.Options{ImplicitTLS: true})
	o := newOutbox(d, c, srv.Config(notify.TLSImplicit))
	queue(t, d, o, simple("Implicit TLS"))
	deliver(t, o, 1)
	if m := srv.Messages(); len(m) != 1 || !m[0].TLS || m[0].AuthAs == "" {
		t.Fatalf("implicit TLS: %+v", m)
	}
	// No encryption, to a relay that needs no password.
	plain := smtptest.New(t, smtptest.Options{NoTLS: true, NoAuth: true})
	o = newOutbox(d, c, plain.Config(notify.TLSNone))
	queue(t, d, o, simple("Plain"))
	deliver(t, o, 1)
	m := plain.Messages()
	if len(m) != 1 || m[0].TLS {
		t.Fatalf("no TLS: %+v", m)
	}
	// A text-only message is one quoted-printable part.
	msg, err := mail.ReadMessage(bytes.NewReader(m[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if msg.Header.Get("Content-Type") != "text/plain; charset=utf-8" || msg.Header.Get("Content-Transfer-Encoding") != "quoted-printable" ||
		strings.TrimSuffix(string(body), "\r\n") != simple("").Text || msg.Header.Get("Subject") != "Plain" {
		t.Errorf("text-only message: %v %q", msg.Header, body)
	}
	// STARTTLS required but not offered: not sent, tried again later.
	o = newOutbox(d, c, plain.Config(notify.TLSStartTLS))
	queue(t, d, o, simple("Needs STARTTLS"))
	deliver(t, o, 0)
	if n := count(t, d, "sent_at IS NULL AND failed_at IS NULL AND last_error LIKE '%STARTTLS%'"); n != 1 || len(plain.Messages()) != 1 {
		t.Fatal("sent without the STARTTLS that was required")
	}
	// A certificate the client does not trust.
	d2 := dbtest.SQLite(t, migrations)
	cfg := srv.Config(notify.TLSImplicit)
	cfg.TLSConfig = nil
	o = newOutbox(d2, c, cfg)
	queue(t, d2, o, simple("Untrusted"))
	deliver(t, o, 0)
	// A wrong password.
	d3 := dbtest.SQLite(t, migrations)
	cfg = srv.Config(notify.TLSImplicit)
	cfg.Password = "wrong"
	o = newOutbox(d3, c, cfg)
	queue(t, d3, o, simple("Wrong password"))
	deliver(t, o, 0)
	if n := count(t, d3, "sent_at IS NULL AND failed_at IS NULL AND last_error LIKE 'AUTH%'"); n != 1 || len(srv.Messages()) != 1 {
		t.Fatal("a wrong password did not leave the message waiting")
	}
}
