package app

import (
	"context"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"

	"mace/internal/platform/notify"
	"mace/internal/platform/notify/smtptest"
	"mace/internal/referral"
)

// The referrer is emailed the outcome through a real SMTP server, with a
// link to the referral and nothing of the screening.
func TestReferralOutcomeEmail(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		srv := smtptest.New(t, smtptest.Options{})
		e.svc.Mail.SMTP = srv.Config(notify.TLSStartTLS)
		e.svc.PublicURL = "https://mace.test.example"
		t.Cleanup(func() { e.svc.Mail.SMTP, e.svc.PublicURL = nil, "" })

		id := testReferral(t, e, "referrer@health.example")
		screener := e.asUser("screener@northfield.example")
		if _, err := e.svc.Referral.CreatePerson(screener, id); err != nil {
			t.Fatal(err)
		}
		r, err := e.svc.Referral.Decide(screener, id, referral.DecisionInput{NeedLevel: 3, Outcome: referral.Assessment,
			RiskLevel: "medium", Rationale: "Secret rationale from police checks.", Feedback: "The specialist team will assess."})
		if err != nil {
			t.Fatal(err)
		}
		if n, err := e.svc.Mail.Deliver(context.Background()); err != nil || n != 1 {
			t.Fatalf("delivered %d: %v", n, err)
		}
		msgs := srv.Wait(t, 1, 10*time.Second)
		m := msgs[0]
		if len(m.To) != 1 || m.To[0] != "ann@school.example" || !m.TLS {
			t.Fatalf("sent to %v (TLS %v)", m.To, m.TLS)
		}
		parsed, err := mail.ReadMessage(strings.NewReader(string(m.Data)))
		if err != nil {
			t.Fatal(err)
		}
		subject, _ := new(mime.WordDecoder).DecodeHeader(parsed.Header.Get("Subject"))
		if want := "Referral " + r.Reference + ": Exploitation assessment by the specialist team"; subject != want {
			t.Errorf("subject %q, want %q", subject, want)
		}
		body := decodedBody(t, parsed)
		for _, want := range []string{"The specialist team will assess.", "https://mace.test.example/referrals/" + id} {
			if !strings.Contains(body, want) {
				t.Errorf("the email does not say %q:\n%s", want, body)
			}
		}
		for _, secret := range []string{"Secret rationale", "Testa", "Referralson"} {
			if strings.Contains(string(m.Data), secret) {
				t.Errorf("the email carries %q", secret)
			}
		}
		// Delivered once: a second run sends nothing more.
		if n, _ := e.svc.Mail.Deliver(context.Background()); n != 0 || len(srv.Messages()) != 1 {
			t.Errorf("a second delivery sent %d more", n)
		}
	})
}

// decodedBody is the text of a single-part email, quoted-printable decoded.
func decodedBody(t *testing.T, m *mail.Message) string {
	t.Helper()
	var r io.Reader = m.Body
	if strings.EqualFold(m.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		r = quotedprintable.NewReader(r)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
