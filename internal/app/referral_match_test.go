package app

import (
	"fmt"
	"testing"

	"mace/internal/people"
	"mace/internal/referral"
)

// A referral may give more known-as names and phones (20 each) than a match
// search takes (10): matching uses the first of them rather than refusing,
// so the screener still sees who the child may be.
func TestReferralWithManyNamesIsMatched(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		ctx := e.asUser("screener@northfield.example")
		la := e.user("screener@northfield.example").Organisation.ID
		if _, err := e.svc.People.Create(ctx, people.Input{GivenName: "Kiera", FamilyName: "Dunmore", Gender: "female",
			DateOfBirth: "2011-02-03", OwnerOrgID: la}, ""); err != nil {
			t.Fatal(err)
		}
		c := referral.Child{GivenNames: "Kiera", FamilyName: "Dunmore", DateOfBirth: "2011-02-03"}
		for i := range 15 {
			c.KnownAs = append(c.KnownAs, fmt.Sprintf("KD%d", i))
			c.Phones = append(c.Phones, fmt.Sprintf("07700 9001%02d", i))
		}
		got, err := referralMatcher{e.svc.People}.Match(ctx, c, 5)
		if err != nil || len(got) == 0 || got[0].Name != "Dunmore, Kiera" {
			t.Fatalf("matching a referral with 15 known-as names and phones: %+v %v", got, err)
		}
	})
}
