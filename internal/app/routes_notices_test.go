package app

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"mace/internal/platform/notify"
)

func init() {
	allowed["GET /notices"] = all
	allowed["POST /notices/{id}/read"] = all
}

// notice adds a notice for the demo user with the email.
func (e *testEnv) notice(email, title, link string) {
	e.t.Helper()
	ctx := context.Background()
	err := e.db.Tx(ctx, func(tx *sql.Tx) error {
		return e.svc.Notices.AddTx(ctx, tx, notify.Notice{UserID: e.user(email).ID, Title: title, Body: "Synthetic notice: " + title, Link: link})
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

var markReadRE = regexp.MustCompile(`action="/notices/([0-9a-z]{26})/read"`)

func TestNoticesPages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		const me, other = "screener@northfield.example", "practitioner@northfield.example"
		c := e.signIn(me)
		if _, body := c.get("/"); !strings.Contains(body, `href="/notices"`) || strings.Contains(body, "unread") {
			t.Fatalf("home page: no link to notices, or unread ones counted when there are none")
		}
		if code, body := c.get("/notices"); code != 200 || !strings.Contains(body, "You have no notices") {
			t.Fatalf("empty notices page: %d", code)
		}
		e.notice(me, "Referral screened: decision made", "/people")
		e.notice(me, "Meeting arranged", "")
		e.notice(other, "Someone else's notice", "")
		if _, body := c.get("/"); !strings.Contains(body, "2 unread") {
			t.Fatalf("home page does not count 2 unread notices")
		}
		code, body := c.get("/notices")
		if code != 200 || !strings.Contains(body, `<a class="govuk-link" href="/people">Referral screened: decision made</a>`) ||
			!strings.Contains(body, "You have 2 unread notices") || strings.Contains(body, "Someone else") {
			t.Fatalf("notices page %d:\n%s", code, body)
		}
		ids := markReadRE.FindAllStringSubmatch(body, -1)
		if len(ids) != 2 {
			t.Fatalf("%d mark-as-read forms", len(ids))
		}
		// Without the form's token: refused.
		if code, _, _ := c.post("/notices/"+ids[0][1]+"/read", url.Values{"csrf_token": {"forged"}}); code != http.StatusForbidden {
			t.Fatalf("mark read without the CSRF token: %d", code)
		}
		code, _, h := c.post("/notices/"+ids[0][1]+"/read", url.Values{})
		if code != http.StatusSeeOther || h.Get("Location") != "/notices" {
			t.Fatalf("mark read: %d %s", code, h.Get("Location"))
		}
		_, body = c.get("/notices")
		if !strings.Contains(body, "Notice marked as read") || !strings.Contains(body, "You have 1 unread notice.") ||
			!strings.Contains(body, `<h2 class="govuk-heading-m">Read</h2>`) {
			t.Fatalf("after marking read:\n%s", body)
		}
		// Another user's notice is not found for me.
		o := e.signIn(other)
		_, theirs := o.get("/notices")
		id := markReadRE.FindStringSubmatch(theirs)[1]
		if code, _, _ := c.post("/notices/"+id+"/read", url.Values{}); code != http.StatusNotFound {
			t.Fatalf("marking another user's notice: %d", code)
		}
		if n, _ := e.svc.Notices.UnreadCount(context.Background(), e.user(other).ID); n != 1 {
			t.Fatal("another user's notice was marked read")
		}
	})
}

func TestServeConfigEmail(t *testing.T) {
	cfg := func(args []string, vars map[string]string) (Config, error) {
		return serveConfig(args, env(func(k string) string { return vars[k] }))
	}
	c, err := cfg(nil, nil)
	if err != nil || c.SMTP != nil {
		t.Fatalf("without settings email should be off: %+v %v", c.SMTP, err)
	}
	c, err = cfg([]string{"--smtp-addr", "smtp.example.org:587"}, map[string]string{"MACE_SMTP_FROM": "Mace <no-reply@example.org>",
		"MACE_SMTP_USERNAME": "mace", "MACE_SMTP_PASSWORD": "secret"})
	if err != nil || c.SMTP == nil || c.SMTP.TLS != notify.TLSStartTLS || c.SMTP.Password != "secret" || c.SMTP.Addr != "smtp.example.org:587" {
		t.Fatalf("%+v %v", c.SMTP, err)
	}
	if _, err := cfg([]string{"--smtp-password", "secret"}, nil); err == nil {
		t.Error("the password was accepted as a flag")
	}
	for _, tc := range []struct {
		vars map[string]string
		want []string
	}{
		{map[string]string{"MACE_SMTP_ADDR": "smtp.example.org", "MACE_SMTP_TLS": "ssl"}, []string{"MACE_SMTP_ADDR", "MACE_SMTP_FROM is not set", "MACE_SMTP_TLS"}},
		{map[string]string{"MACE_SMTP_ADDR": "smtp.example.org:25", "MACE_SMTP_FROM": "nobody", "MACE_SMTP_USERNAME": "u"}, []string{"MACE_SMTP_FROM", "go together"}},
		{map[string]string{"MACE_SMTP_ADDR": "smtp.example.org:25", "MACE_SMTP_FROM": "a@example.org", "MACE_SMTP_USERNAME": "u", "MACE_SMTP_PASSWORD": "p", "MACE_SMTP_TLS": "none"}, []string{"unencrypted"}},
		{map[string]string{"MACE_SMTP_FROM": "a@example.org"}, []string{"MACE_SMTP_ADDR is not"}},
	} {
		_, err := cfg(nil, tc.vars)
		for _, want := range tc.want {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%v: the error should mention %q: %v", tc.vars, want, err)
			}
		}
		if err != nil && strings.Contains(err.Error(), "\"p\"") {
			t.Errorf("the error shows the password: %v", err)
		}
	}
}
