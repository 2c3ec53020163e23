package access_test

import (
	"strings"
	"testing"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
)

func TestMeetingRules(t *testing.T) {
	health := auth.Organisation{ID: "nhs", Name: "Health trust", Type: auth.Health}
	school := auth.Organisation{ID: "sch", Name: "Academy", Type: auth.Education}
	// Northfield's meeting, chaired by its lead; the police officer and the
	// nurse were there, the school's worker was not.
	m := access.Meeting{OwnerOrgID: la.ID, ChairID: "lead", PresentUsers: []string{"lead", "po", "nurse"},
		PresentOrgs: []string{la.ID, pol.ID, health.ID}}
	inactive := user("i", la, auth.Lead)
	inactive.Active = false
	for _, tc := range []struct {
		name                      string
		u                         *auth.User
		run, view, edit           bool
		shareOwn, shareLA, withld bool
		report                    bool
	}{
		{"chair", user("lead", la, auth.Lead), true, true, true, true, true, true, true},
		{"manager not there", user("m", la, auth.Manager), true, true, true, true, true, false, true},
		{"practitioner", user("p", la, auth.Practitioner), true, true, true, true, true, false, false},
		{"screener", user("s", la, auth.Screener), true, true, true, true, true, false, false},
		{"analyst reads", user("a", la, auth.Analyst), false, true, false, false, false, false, true},
		{"missing coordinator reads", user("mc", la, auth.MissingCoordinator), false, true, false, false, false, false, false},
		{"referrer", user("r", la, auth.Referrer), false, false, false, false, false, false, false},
		{"administrator", user("ad", la, auth.Administrator), false, false, false, false, false, false, false},
		{"another authority's lead", user("x", la2, auth.Lead), true, false, false, false, false, false, false},
		{"police officer there", user("po", pol, auth.Police), false, true, false, true, false, true, false},
		{"police colleague not there", user("po2", pol, auth.Police), false, true, false, true, false, false, false},
		{"police referrer", user("pr", pol, auth.Referrer), false, false, false, false, false, false, false},
		{"nurse there", user("nurse", health, auth.Practitioner), false, true, false, true, false, true, false},
		{"school, absent", user("t", school, auth.Practitioner), false, false, false, false, false, false, false},
		{"inactive", inactive, false, false, false, false, false, false, false},
		{"nobody", nil, false, false, false, false, false, false, false},
	} {
		if got := access.RunMeetings(tc.u); got != tc.run {
			t.Errorf("%s: RunMeetings = %v, want %v", tc.name, got, tc.run)
		}
		if got := access.ViewMeeting(tc.u, m); got != tc.view {
			t.Errorf("%s: ViewMeeting = %v, want %v", tc.name, got, tc.view)
		}
		if got := access.EditMeeting(tc.u, m); got != tc.edit {
			t.Errorf("%s: EditMeeting = %v, want %v", tc.name, got, tc.edit)
		}
		if tc.u != nil {
			if got := access.ShareAtMeeting(tc.u, m, tc.u.Organisation.ID); got != tc.shareOwn {
				t.Errorf("%s: ShareAtMeeting (own organisation) = %v, want %v", tc.name, got, tc.shareOwn)
			}
		}
		if got := access.ShareAtMeeting(tc.u, m, la.ID); got != tc.shareLA {
			t.Errorf("%s: ShareAtMeeting (the authority) = %v, want %v", tc.name, got, tc.shareLA)
		}
		if got := access.SeeWithheld(tc.u, m); got != tc.withld {
			t.Errorf("%s: SeeWithheld = %v, want %v", tc.name, got, tc.withld)
		}
		if got := access.MeetingAbsenceReport(tc.u, la.ID); got != tc.report {
			t.Errorf("%s: MeetingAbsenceReport = %v, want %v", tc.name, got, tc.report)
		}
		var a db.Args
		scope := access.MeetingScope(tc.u, &a, "m.owner_org_id", func(p string) string { return "PRESENT(" + p + ")" })
		switch {
		case tc.u == nil || !tc.u.Active || tc.u.Has(auth.Referrer, auth.Administrator):
			if scope != "FALSE" {
				t.Errorf("%s: scope %q should keep nothing", tc.name, scope)
			}
		case tc.view && tc.u.Organisation.ID == la.ID:
			if !strings.Contains(scope, "m.owner_org_id = $1") {
				t.Errorf("%s: scope %q should keep the authority's own meetings", tc.name, scope)
			}
		case tc.view:
			if scope != "PRESENT($1)" || a[0] != tc.u.Organisation.ID {
				t.Errorf("%s: scope %q %v should keep only meetings its organisation attended", tc.name, scope, a)
			}
		}
	}
}
