package app

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"mace/internal/platform/notify"
)

// TestNoticePageLinksTheNextPage: the notices page links its next page,
// which links back to the first; a made-up cursor is refused plainly.
func TestNoticePageLinksTheNextPage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		u := e.user("lead@northfield.example")
		ctx := context.Background()
		err := e.svc.Notices.DB.Tx(ctx, func(tx *sql.Tx) error {
			for i := range 55 {
				if err := e.svc.Notices.AddTx(ctx, tx, notify.Notice{UserID: u.ID, Title: fmt.Sprintf("Paged notice %02d", i)}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		c := e.signIn("lead@northfield.example")
		code, body := c.get("/notices")
		if code != http.StatusOK {
			t.Fatalf("notices: %d", code)
		}
		i := strings.Index(body, `href="/notices?after=`)
		if i < 0 || strings.Contains(body, "First page") {
			t.Fatal("no link to the next page, or a link to the first on the first")
		}
		next := body[i+len(`href="`):]
		next = strings.ReplaceAll(next[:strings.Index(next, `"`)], "&amp;", "&")
		code, body = c.get(next)
		if code != http.StatusOK || !strings.Contains(body, `href="/notices" rel="first"`) {
			t.Fatalf("the next page %s: %d", next, code)
		}
		if code, body = c.get("/notices?after=not-a-cursor"); code != http.StatusUnprocessableEntity || !strings.Contains(body, "first page") {
			t.Fatalf("a bad cursor: %d", code)
		}
	})
}
