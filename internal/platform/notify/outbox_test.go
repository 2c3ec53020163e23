package notify_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"
	"github.com/emersion/go-smtp"

	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/notify"
	"mace/internal/platform/notify/smtptest"
	"mace/internal/platform/testclock"
)

var migrations = slices.Concat(auth.Migrations, audit.Migrations, notify.Migrations)

var start = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func newOutbox(d *db.DB, c *testclock.Clock, s *notify.SMTP) *notify.Outbox {
	return &notify.Outbox{DB: d, SMTP: s, Now: c.Now}
}

func queue(t *testing.T, d *db.DB, o *notify.Outbox, m notify.Email) {
	t.Helper()
	if err := d.Tx(context.Background(), func(tx *sql.Tx) error { return o.QueueTx(context.Background(), tx, m) }); err != nil {
		t.Fatal(err)
	}
}

func deliver(t *testing.T, o *notify.Outbox, want int) {
	t.Helper()
	n, err := o.Deliver(context.Background())
	if err != nil || n != want {
		t.Fatalf("Deliver sent %d (%v), want %d", n, err, want)
	}
}

func count(t *testing.T, d *db.DB, where string) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRowContext(context.Background(), "SELECT COUNT(*) FROM email_outbox WHERE "+where).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func simple(subject string) notify.Email {
	return notify.Email{To: []string{"worker@northfield.example"}, Subject: subject, Text: "A referral has a decision."}
}

func TestDeliverOverSTARTTLS(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		srv := smtptest.New(t, smtptest.Options{})
		c := testclock.New(start)
		o := newOutbox(d, c, srv.Config(notify.TLSStartTLS))
		inv, err := notify.Invitation(testEvent())
		if err != nil {
			t.Fatal(err)
		}
		text := "Hello,\n\nA screening decision has been made. Line with = sign and a long line that goes on past seventy-six characters so it is soft-broken.\n.\nA line that was a lone dot.\nGrüße"
		queue(t, d, o, notify.Email{
			To:          []string{"Priya Marsh <priya.marsh@northfield.example>", "owen.carrick@police.example"},
			Subject:     "Décision: referral screened – next steps",
			Text:        text,
			HTML:        "<p>A screening decision has been made.</p>",
			Attachments: []notify.Attachment{{Name: "invitation.ics", ContentType: notify.CalendarType, Data: inv}},
		})
		deliver(t, o, 1)
		deliver(t, o, 0)
		got := srv.Messages()
		if len(got) != 1 {
			t.Fatalf("the server received %d messages", len(got))
		}
		r := got[0]
		if !r.TLS || r.AuthAs != srv.User {
			t.Errorf("tls %v, authenticated as %q", r.TLS, r.AuthAs)
		}
		if r.From != "no-reply@northfield.example" || !slices.Equal(r.To, []string{"priya.marsh@northfield.example", "owen.carrick@police.example"}) {
			t.Errorf("envelope %q -> %q", r.From, r.To)
		}
		msg, err := mail.ReadMessage(bytes.NewReader(r.Data))
		if err != nil {
			t.Fatal(err)
		}
		dec := new(mime.WordDecoder)
		subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
		if err != nil || subject != "Décision: referral screened – next steps" {
			t.Errorf("subject %q %v", subject, err)
		}
		if from, err := msg.Header.AddressList("From"); err != nil || from[0].Address != "no-reply@northfield.example" || from[0].Name != "Mace service" {
			t.Errorf("From %v %v", from, err)
		}
		if to, err := msg.Header.AddressList("To"); err != nil || len(to) != 2 || to[0].Name != "Priya Marsh" {
			t.Errorf("To %v %v", to, err)
		}
		if date, err := msg.Header.Date(); err != nil || !date.Equal(start) {
			t.Errorf("Date %v %v", date, err)
		}
		var id string
		if err := d.Read().QueryRowContext(context.Background(), "SELECT id FROM email_outbox").Scan(&id); err != nil {
			t.Fatal(err)
		}
		if got := msg.Header.Get("Message-ID"); got != "<"+id+"@northfield.example>" {
			t.Errorf("Message-ID %q, want one made from the outbox row %s", got, id)
		}
		if msg.Header.Get("Auto-Submitted") != "auto-generated" || msg.Header.Get("MIME-Version") != "1.0" {
			t.Errorf("headers %v", msg.Header)
		}
		parts := readParts(t, msg.Header.Get("Content-Type"), msg.Body)
		if len(parts) != 2 {
			t.Fatalf("%d top-level parts, want the body and the attachment", len(parts))
		}
		alt := readParts(t, parts[0].ctype, bytes.NewReader(parts[0].body))
		if len(alt) != 2 || !strings.HasPrefix(alt[0].ctype, "text/plain") || !strings.HasPrefix(alt[1].ctype, "text/html") {
			t.Fatalf("alternatives %+v", alt)
		}
		if want := strings.ReplaceAll(text, "\n", "\r\n"); string(alt[0].body) != want {
			t.Errorf("text body %q, want %q", alt[0].body, want)
		}
		if string(alt[1].body) != "<p>A screening decision has been made.</p>" {
			t.Errorf("html %q", alt[1].body)
		}
		att := parts[1]
		mt, params, _ := mime.ParseMediaType(att.ctype)
		if mt != "text/calendar" || params["method"] != "REQUEST" || att.filename != "invitation.ics" {
			t.Errorf("attachment %q %q", att.ctype, att.filename)
		}
		cal, err := ical.NewDecoder(bytes.NewReader(att.body)).Decode()
		if err != nil {
			t.Fatalf("the attachment is not iCalendar: %v", err)
		}
		if uid, _ := cal.Events()[0].Props.Text("UID"); uid != testEvent().UID {
			t.Errorf("UID %q", uid)
		}
		// Sent: the body is gone from the database.
		if n := count(t, d, "sent_at IS NOT NULL AND message = '' AND attempts = 1"); n != 1 {
			t.Errorf("%d rows sent and cleared", n)
		}
	})
}

type part struct {
	ctype, filename string
	body            []byte
}

// readParts reads a multipart body, decoding quoted-printable (which
// mime/multipart does itself) and base64.
func readParts(t *testing.T, ctype string, r io.Reader) []part {
	t.Helper()
	_, params, err := mime.ParseMediaType(ctype)
	if err != nil || params["boundary"] == "" {
		t.Fatalf("content type %q: %v", ctype, err)
	}
	mr := multipart.NewReader(r, params["boundary"])
	var out []part
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(p)
		if err != nil {
			t.Fatal(err)
		}
		if p.Header.Get("Content-Transfer-Encoding") == "base64" {
			if b, err = decodeBase64(b); err != nil {
				t.Fatal(err)
			}
		}
		out = append(out, part{ctype: p.Header.Get("Content-Type"), filename: p.FileName(), body: b})
	}
}

func TestRolledBackQueueSendsNothing(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		srv := smtptest.New(t, smtptest.Options{})
		o := newOutbox(d, testclock.New(start), srv.Config(notify.TLSStartTLS))
		boom := errors.New("the change failed")
		err := d.Tx(context.Background(), func(tx *sql.Tx) error {
			if err := o.QueueTx(context.Background(), tx, simple("Rolled back")); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		deliver(t, o, 0)
		if n := count(t, d, "1 = 1"); n != 0 || len(srv.Messages()) != 0 {
			t.Fatalf("%d rows, %d sent", n, len(srv.Messages()))
		}
	})
}

func TestRefusedMessageIsTriedAgainOnce(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		srv := smtptest.New(t, smtptest.Options{})
		srv.RefuseData(1, &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"})
		c := testclock.New(start)
		o := newOutbox(d, c, srv.Config(notify.TLSStartTLS))
		queue(t, d, o, simple("Refused once"))
		deliver(t, o, 0)
		if n := count(t, d, "sent_at IS NULL AND failed_at IS NULL AND attempts = 1 AND lease_until IS NULL AND last_error LIKE '%451%'"); n != 1 {
			t.Fatalf("after a 451 the message is not waiting for a retry")
		}
		deliver(t, o, 0) // not due yet
		c.Add(29 * time.Second)
		deliver(t, o, 0)
		c.Add(2 * time.Second)
		deliver(t, o, 1)
		deliver(t, o, 0)
		c.Add(time.Hour)
		deliver(t, o, 0)
		if got := srv.Messages(); len(got) != 1 {
			t.Fatalf("the server received %d messages, want 1", len(got))
		}
	})
}

func TestGivingUp(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		srv := smtptest.New(t, smtptest.Options{})
		c := testclock.New(start)
		o := newOutbox(d, c, srv.Config(notify.TLSStartTLS))
		o.MaxAttempts = 3
		// A permanent refusal of every recipient: abandoned at once.
		srv.RefuseRcpt(&smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"})
		queue(t, d, o, simple("Nobody there"))
		deliver(t, o, 0)
		if n := count(t, d, "failed_at IS NOT NULL AND attempts = 1 AND last_error LIKE '%550%'"); n != 1 {
			t.Fatal("a 550 for every recipient did not abandon the message")
		}
		// A temporary refusal, again and again: abandoned after 3 tries.
		srv.RefuseRcpt(nil)
		srv.RefuseData(100, &smtp.SMTPError{Code: 452, Message: "Mailbox full"})
		queue(t, d, o, simple("Full"))
		for range 5 {
			deliver(t, o, 0)
			c.Add(2 * time.Hour)
		}
		if n := count(t, d, "failed_at IS NOT NULL AND attempts = 3 AND last_error LIKE '%452%'"); n != 1 {
			t.Fatal("a message refused three times was not abandoned after the third")
		}
		// Rows of finished messages go after the retention period.
		c.Add(notify.Retain + time.Hour)
		deliver(t, o, 0)
		if n := count(t, d, "1 = 1"); n != 0 {
			t.Errorf("%d old rows kept", n)
		}
	})
}

// TestTwoDeliverersSendOnce runs two deliverers at once over one database,
// as two servers would, and checks every message reaches the server
// exactly once.
func TestTwoDeliverersSendOnce(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		srv := smtptest.New(t, smtptest.Options{})
		srv.DelayData(2 * time.Millisecond)
		const n = 30
		q := newOutbox(d, testclock.New(start), srv.Config(notify.TLSStartTLS))
		for i := range n {
			queue(t, d, q, simple(fmt.Sprintf("Message %d", i)))
		}
		var wg sync.WaitGroup
		sent := make([]int, 2)
		for i := range 2 {
			o := &notify.Outbox{DB: d, SMTP: srv.Config(notify.TLSStartTLS), Now: func() time.Time { return start.Add(time.Minute) }}
			wg.Go(func() {
				for range 20 {
					k, err := o.Deliver(context.Background())
					if err != nil {
						t.Error(err)
						return
					}
					sent[i] += k
				}
			})
		}
		wg.Wait()
		got := srv.Messages()
		ids := map[string]int{}
		idRE := regexp.MustCompile(`(?m)^Message-ID: (<[^>]+>)`)
		for _, m := range got {
			id := "(none)"
			if sm := idRE.FindStringSubmatch(string(m.Data)); sm != nil {
				id = sm[1]
			}
			ids[id]++
		}
		if len(got) != n || len(ids) != n || sent[0]+sent[1] != n {
			t.Fatalf("%d messages received, %d distinct, deliverers reported %v; want %d each once", len(got), len(ids), sent, n)
		}
		t.Logf("the deliverers sent %v", sent)
	})
}

func decodeBase64(b []byte) ([]byte, error) {
	return base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(b)))
}

// TestRunDeliversUntilStopped runs the background loop: it sends what is
// queued, and returns once its context ends.
func TestRunDeliversUntilStopped(t *testing.T) {
	d := dbtest.SQLite(t, migrations)
	srv := smtptest.New(t, smtptest.Options{})
	o := &notify.Outbox{DB: d, SMTP: srv.Config(notify.TLSStartTLS)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		o.Run(ctx, 10*time.Millisecond)
		close(done)
	}()
	queue(t, d, o, simple("From the loop"))
	srv.Wait(t, 1, 10*time.Second)
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the loop did not stop")
	}
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("%d messages sent", n)
	}
}
