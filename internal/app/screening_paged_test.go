package app

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"mace/internal/referral"
)

// TestScreeningQueueLinksTheNextPage: the screening queue shows a page of
// the referrals waiting for a decision and links the next, which links
// back to the first and leaves out the capped parts; a made-up cursor is
// refused plainly.
func TestScreeningQueueLinksTheNextPage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		la := e.user("screener@northfield.example").Organisation.ID
		ctx := e.asUser("referrer@hollinsby-academy.example")
		for i := range 52 {
			in := referral.Input{AuthorityID: la,
				Referrer: referral.Referrer{Name: "Andrew Bennett", Role: "Designated Safeguarding Lead", Email: "andrew@hollinsby.example"},
				Child:    referral.Child{GivenNames: fmt.Sprintf("Paged%02d", i), FamilyName: "Queueworth", DateOfBirth: "2011-02-03", Gender: "female"},
				Concerns: []string{"cce"}, Narrative: "Seen getting into cars with older men after school.",
				ChildKnows: "yes", ChildAgrees: "no", FamilyKnows: "not-known", FamilyAgrees: "not-known"}
			if _, err := e.svc.Referral.Submit(ctx, in, ""); err != nil {
				t.Fatal(err)
			}
		}
		c := e.signIn("screener@northfield.example")
		code, body := c.get("/screening")
		if code != http.StatusOK || !strings.Contains(body, "Recently decided") {
			t.Fatalf("screening: %d", code)
		}
		i := strings.Index(body, `href="/screening?after=`)
		if i < 0 || strings.Contains(body, "First page") {
			t.Fatal("no link to the next page, or a link to the first on the first")
		}
		next := body[i+len(`href="`):]
		next = strings.ReplaceAll(next[:strings.Index(next, `"`)], "&amp;", "&")
		code, body = c.get(next)
		if code != http.StatusOK || !strings.Contains(body, `href="/screening" rel="first"`) || strings.Contains(body, "Recently decided") {
			t.Fatalf("the next page %s: %d", next, code)
		}
		if code, body = c.get("/screening?after=not-a-cursor"); code != http.StatusUnprocessableEntity || !strings.Contains(body, "first page") {
			t.Fatalf("a bad cursor: %d", code)
		}
	})
}
