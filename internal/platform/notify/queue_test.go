package notify_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/platform/notify"
	"mace/internal/platform/notify/smtptest"
	"mace/internal/platform/testclock"
)

// TestQueueChecksTheEmail: every problem is refused with a clear error that
// names no address, whether or not email is configured.
func TestQueueChecksTheEmail(t *testing.T) {
	d := dbtest.SQLite(t, migrations)
	c := testclock.New(start)
	srv := smtptest.New(t, smtptest.Options{})
	for _, o := range []*notify.Outbox{newOutbox(d, c, srv.Config(notify.TLSStartTLS)), newOutbox(d, c, nil)} {
		for name, tc := range map[string]struct {
			m         notify.Email
			injection bool
			says      string
		}{
			"subject injection": {notify.Email{To: []string{"a@example.org"}, Subject: "Hi\r\nBcc: x@example.org", Text: "t"}, true, "subject contains a line break"},
			"LF injection":      {notify.Email{To: []string{"a@example.org"}, Subject: "Hi\nBcc: x@example.org", Text: "t"}, true, "line break"},
			"address injection": {notify.Email{To: []string{"a@example.org\r\nBcc: x@example.org"}, Subject: "s", Text: "t"}, true, "recipient 1"},
			"attachment name":   {notify.Email{To: []string{"a@example.org"}, Subject: "s", Text: "t", Attachments: []notify.Attachment{{Name: "a\r\n.ics", ContentType: "text/plain", Data: []byte("x")}}}, true, "attachment 1"},
			"bad address":       {notify.Email{To: []string{"a@example.org", "not an address"}, Subject: "s", Text: "t"}, false, "recipient 2 is not a valid email address"},
			"no recipient":      {notify.Email{Subject: "s", Text: "t"}, false, "no recipient"},
			"no subject":        {notify.Email{To: []string{"a@example.org"}, Text: "t"}, false, "subject is empty"},
			"no text":           {notify.Email{To: []string{"a@example.org"}, Subject: "s"}, false, "body is empty"},
			"bad type":          {notify.Email{To: []string{"a@example.org"}, Subject: "s", Text: "t", Attachments: []notify.Attachment{{Name: "a", ContentType: "nonsense/", Data: []byte("x")}}}, false, "content type"},
			"too big":           {notify.Email{To: []string{"a@example.org"}, Subject: "s", Text: strings.Repeat("x", notify.MaxEmailBytes+1)}, false, "larger than"},
		} {
			err := d.Tx(context.Background(), func(tx *sql.Tx) error { return o.QueueTx(context.Background(), tx, tc.m) })
			if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), tc.says) || errors.Is(err, notify.ErrHeaderInjection) != tc.injection {
				t.Errorf("enabled %v, %s: %v", o.Enabled(), name, err)
			}
			if strings.Contains(err.Error(), "example.org") {
				t.Errorf("%s: the error names an address: %v", name, err)
			}
		}
	}
	// Not configured: checked, but nothing stored, and nothing to deliver.
	off := newOutbox(d, c, nil)
	queue(t, d, off, simple("Not configured"))
	if n := count(t, d, "1 = 1"); n != 0 {
		t.Fatalf("%d rows stored without SMTP", n)
	}
	deliver(t, off, 0)
}
