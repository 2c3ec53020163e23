package app

import (
	"testing"

	"mace/internal/referral"
)

// testReferral makes a referral to Northfield as the user with email, and
// returns its id.
func testReferral(t *testing.T, e *testEnv, email string) string {
	t.Helper()
	r, err := e.svc.Referral.Submit(e.asUser(email), referralInput(e, "Testa", "Referralson"), "")
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// referralInput is a good referral to Northfield about a child named given
// family.
func referralInput(e *testEnv, given, family string) referral.Input {
	return referral.Input{
		AuthorityID: e.user("screener@northfield.example").Organisation.ID,
		Referrer:    referral.Referrer{Name: "Ann Referrer", Role: "Designated Safeguarding Lead", Email: "ann@school.example"},
		Child: referral.Child{GivenNames: given, FamilyName: family, DateOfBirth: "2011-02-03", Gender: "female",
			Phones: []string{"07700 900123"}},
		Concerns: []string{"cce"}, Narrative: "Seen getting into cars with older men after school.",
		ChildKnows: "yes", ChildAgrees: "no", FamilyKnows: "not-known", FamilyAgrees: "not-known",
	}
}
