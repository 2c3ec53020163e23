package app

import (
	"net/http"
	"strings"
	"testing"

	"mace/internal/consultation"
)

// A referral and a consultation linked to a restricted record reach the
// authority's staff not named on it as existence only, in the pages and in
// the API (whose documented schemas the responses must match); deciding is
// refused with the reason.
func TestRestrictedReferralAndConsultation(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		id := testReferral(t, e, "referrer@hollinsby-academy.example")
		r, err := e.svc.Referral.CreatePerson(e.asUser("screener@northfield.example"), id)
		if err != nil {
			t.Fatal(err)
		}
		c, err := e.svc.Consultations.Create(e.asUser("screener@northfield.example"), consultation.Input{Method: consultation.Phone,
			ProfessionalName: "Pat Caller", OrganisationID: consultation.OtherOrganisation, OtherOrganisation: "Larch Youth Club",
			ChildName: "Testa Referralson", PersonID: r.PersonID, Question: "Should I refer?", Advice: "Refer today."}, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := e.svc.People.Restrict(e.asUser("lead@northfield.example"), r.PersonID, true,
			[]string{e.user("screener@northfield.example").ID}); err != nil {
			t.Fatal(err)
		}
		leaks := []string{"Testa", "Referralson", "older men", "Pat Caller", "Larch Youth Club", "Should I refer", "Refer today"}
		tok := e.token("manager@northfield.example")
		for _, path := range []string{"/api/v1/referrals/" + id, "/api/v1/consultations/" + c.ID, "/api/v1/consultations"} {
			code, body := e.api("GET", path, tok, "")
			if code != http.StatusOK || !strings.Contains(body, `"hidden": true`) {
				t.Errorf("%s: %d %.300s", path, code, body)
			}
			for _, l := range leaks {
				if strings.Contains(body, l) {
					t.Errorf("%s shows %q to a manager not named on the record", path, l)
				}
			}
		}
		code, _ := e.api("GET", "/api/v1/referrals/"+id+"/matches", tok, "")
		if code != http.StatusForbidden {
			t.Errorf("matches: %d", code)
		}
		m := e.signIn("manager@northfield.example")
		for _, path := range []string{"/screening", "/referrals/" + id, "/consultations", "/consultations/" + c.ID} {
			code, body := m.get(path)
			if code != http.StatusOK || !strings.Contains(body, "you cannot see") {
				t.Errorf("%s: %d", path, code)
			}
			for _, l := range leaks {
				if strings.Contains(body, l) {
					t.Errorf("%s shows %q to a manager not named on the record", path, l)
				}
			}
		}
		for _, path := range []string{"/referrals/" + id + "/decision", "/consultations/" + c.ID + "/edit"} {
			if code, body := m.get(path); code != http.StatusForbidden || !strings.Contains(body, "restricted") {
				t.Errorf("%s: %d", path, code)
			}
		}
		// The screener named on the record sees it all.
		code, body := e.api("GET", "/api/v1/referrals/"+id, e.token("screener@northfield.example"), "")
		if code != http.StatusOK || !strings.Contains(body, "Referralson") || strings.Contains(body, `"hidden"`) {
			t.Errorf("the named screener: %d %.300s", code, body)
		}
	})
}
