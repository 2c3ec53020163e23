package app

import (
	"testing"
	"time"

	"mace/internal/missing"
	"mace/internal/people"
)

// A Philomena profile shows the child's missing history from the missing
// episodes: counted by month, the latest with where the child was found.
func TestPhilomenaMissingHistory(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		coord := e.asUser("missing-coordinator@northfield.example")
		la := e.user("screener@northfield.example").Organisation.ID
		child, err := e.svc.People.Create(e.asUser("screener@northfield.example"), people.Input{GivenName: "Philly",
			FamilyName: "Testcase", Gender: "female", DateOfBirth: "2011-05-06", OwnerOrgID: la}, "")
		if err != nil {
			t.Fatal(err)
		}
		v, err := e.svc.Philomena.Get(coord, child.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.History != nil {
			t.Fatalf("a child never missing has a history: %+v", v.History)
		}
		start := e.clock.Now().Add(-50 * time.Hour).Truncate(time.Minute)
		end := start.Add(20 * time.Hour)
		if _, err := e.svc.Missing.CreateEpisode(coord, missing.Input{PersonID: child.ID, Type: "M", StartAt: start, EndAt: &end,
			ReportedBy: "Carer", RiskGrading: "medium", FoundPlace: missing.Place{Description: "Bus station", Postcode: "NF1 2AB"},
			LookedAfter: true}, ""); err != nil {
			t.Fatal(err)
		}
		if v, err = e.svc.Philomena.Get(coord, child.ID); err != nil {
			t.Fatal(err)
		}
		h := v.History
		if h == nil || h.Episodes != 1 || h.InLastYear() != 1 || len(h.Months) != 12 || h.Months[11].Count+h.Months[10].Count != 1 ||
			!h.LastStart.Equal(start) || !h.LastEnd.Equal(end) || h.LastFound != "Bus station NF1 2AB" {
			t.Fatalf("history %+v", h)
		}
	})
}
