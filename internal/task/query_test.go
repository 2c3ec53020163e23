package task

import (
	"strings"
	"testing"

	"mace/internal/platform/db"
)

// FuzzQuery checks that any assignee and state from a request's query string
// is either accepted as one of the known forms or refused with field
// errors, never both and never a panic.
func FuzzQuery(f *testing.F) {
	for _, seed := range [][2]string{{"", ""}, {"me", "open"}, {"teams", "done"}, {"team:" + db.NewID(), "overdue"},
		{"team:", "cancelled"}, {"team:../x", "OPEN"}, {" me ", " overdue "}, {"everyone", "late"}, {"team:\x00", "\xff"}} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, assignee, state string) {
		q := Query{Assignee: assignee, State: state}
		teamID, err := q.validate()
		if err != nil {
			if teamID != "" && q.Assignee != "team:"+teamID {
				t.Fatalf("refused %q but found team %q", assignee, teamID)
			}
			return
		}
		switch {
		case q.Assignee == "me", q.Assignee == AllTeams:
			if teamID != "" {
				t.Fatalf("%q gave team %q", q.Assignee, teamID)
			}
		case strings.HasPrefix(q.Assignee, "team:"):
			if !db.ValidID(teamID) || q.Assignee != "team:"+teamID {
				t.Fatalf("%q accepted with team %q", q.Assignee, teamID)
			}
		default:
			t.Fatalf("accepted assignee %q", q.Assignee)
		}
		if q.State != Open && q.State != "overdue" && q.State != Done && q.State != Cancelled {
			t.Fatalf("accepted state %q", q.State)
		}
		if q.Limit < 1 || q.Limit > MaxPageSize {
			t.Fatalf("limit %d", q.Limit)
		}
	})
}
