package people

import (
	"testing"

	"mace/internal/platform/audit"
)

// On a person's trail, a list, search, match, agenda or export that showed
// them among others says so in plain words; their own record's events say
// what was done.
func TestTrailWords(t *testing.T) {
	for _, c := range []struct {
		e    audit.Event
		want string
	}{
		{audit.Event{Action: audit.Search, RecordType: "person-list", Detail: "name search, 3 found"}, "Appeared in a name search"},
		{audit.Event{Action: audit.View, RecordType: "person-list", Detail: "list of people, page 1, 50 shown"}, "Appeared in the list of people"},
		{audit.Event{Action: audit.Search, RecordType: "person-match", Detail: "match search on given name; 2 found"}, "Appeared in a search for possible matches"},
		{audit.Event{Action: audit.View, RecordType: "missing-episode-list", Detail: "missing now, 4 shown"}, "Appeared in the list of children missing now"},
		{audit.Event{Action: audit.View, RecordType: "missing-episode-list", Detail: "overdue return interviews, 1 shown"}, "Appeared in the list of overdue return interviews"},
		{audit.Event{Action: audit.View, RecordType: "missing-episode-list", Detail: "missing children for the daily meeting: 1 reported, 2 still missing, 0 interviews due"}, "Appeared in the missing children for a daily meeting"},
		{audit.Event{Action: audit.Search, RecordType: "referral", Detail: "screening queue: 3 awaiting, 1 for sign-off"}, "Appeared in the screening queue"},
		{audit.Event{Action: audit.Search, RecordType: "referral", Detail: "referrals received for the daily meeting: 2"}, "Appeared in the referrals received for a daily meeting"},
		{audit.Event{Action: audit.View, RecordType: "consultation-list", Detail: "consultation log, page 1, 3 shown"}, "Appeared in the consultation log"},
		{audit.Event{Action: audit.View, RecordType: "return-interview-audit-sample", Detail: "sample of 2026-10"}, "Appeared in a sample of return interviews to audit"},
		{audit.Event{Action: audit.Export, RecordType: "ssda903-missing", Detail: "SSDA903 Missing export, collection year 2025-26"}, "Included in the SSDA903 Missing export"},
		{audit.Event{Action: audit.View, RecordType: "ssda903-missing", Detail: "SSDA903 Missing validation report"}, "Appeared in the SSDA903 Missing validation report"},
		{audit.Event{Action: audit.View, RecordType: "something-list", Detail: "a list of 3"}, "Appeared in a list: a list of 3"},
		{audit.Event{Action: audit.Export, RecordType: "something"}, "Included in an export"},
		// The person's own record.
		{audit.Event{Action: audit.View, RecordType: "person", PersonID: "p1", Detail: "full record"}, "Viewed: full record"},
		{audit.Event{Action: audit.View, RecordType: "person-audit", PersonID: "p1", Detail: "viewed who has seen this record"}, "Viewed who has seen this record"},
		{audit.Event{Action: audit.View, RecordType: "missing-episode", PersonID: "p1"}, "Viewed"},
	} {
		if got := trailWords(c.e, "p1"); got != c.want {
			t.Errorf("%+v: %q, want %q", c.e, got, c.want)
		}
	}
}
