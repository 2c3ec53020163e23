package app

import (
	"net/http"
	"strings"
	"testing"
)

// TestBrowserNotices opens the notices page empty, then with unread and
// read notices, marks one read through the form, and runs axe-core on each.
func TestBrowserNotices(t *testing.T) {
	b := newBrowserTest(t)
	const email = "screener@northfield.example"
	tab := b.tab(t, email)
	tab.open(t, "/notices", http.StatusOK)
	tab.check(t)
	if got := tab.text(t, "main"); !strings.Contains(got, "You have no notices") {
		t.Fatalf("empty notices page says:\n%s", got)
	}
	b.e.notice(email, "Referral screened: decision made", "/people")
	b.e.notice(email, "Meeting arranged for next week", "")
	b.e.notice(email, "Strategy discussion notes added", "/people")
	tab.open(t, "/", http.StatusOK)
	if got := tab.text(t, "main"); !strings.Contains(got, "3 unread") {
		t.Fatalf("home page does not count the unread notices:\n%s", got)
	}
	if tab.href(t, "#notices-link") != "/notices" {
		t.Fatal("the home page's notices link goes elsewhere")
	}
	tab.open(t, "/notices", http.StatusOK)
	tab.check(t)
	// Mark the newest read: back on the list, with a message.
	tab.submit(t, `main form[action$="/read"] button`, http.StatusOK)
	if got := tab.path(t); got != "/notices" {
		t.Fatalf("after marking read: at %s", got)
	}
	got := tab.text(t, "main")
	for _, want := range []string{"You have 2 unread notices", "Read\n", "Strategy discussion notes added"} {
		if !strings.Contains(got, want) {
			t.Errorf("after marking read the page lacks %q:\n%s", want, got)
		}
	}
	if !strings.Contains(tab.text(t, "body"), "Notice marked as read") {
		t.Error("no message that the notice was marked read")
	}
	tab.check(t)
	if tab.href(t, `main li a.govuk-link`) != "/people" {
		t.Error("a notice's link is not shown")
	}
}
