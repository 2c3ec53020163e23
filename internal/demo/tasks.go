package demo

import (
	"context"
	"fmt"
	"time"

	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
	"mace/internal/task"
)

// child is a generated child's record, for the demo tasks.
type child struct {
	id, ownerOrgID string
	police         bool // the police force is involved with the record
}

// demoTask is one task of the demo partnership. Exactly one of user and
// team names the owner (by email or team key). due gives its due time from
// the moment the demo is made.
type demoTask struct {
	kind, title string
	user, team  string
	org         string // the owning organisation's key
	police      bool   // about a child the police are involved with
	due         func(asOf time.Time) (time.Time, civil.Date)
}

// At a London wall-clock time, days after asOf's London date.
func at(days, hour int) func(time.Time) (time.Time, civil.Date) {
	return func(asOf time.Time) (time.Time, civil.Date) {
		d := calendar.LondonDate(asOf).AddDays(days)
		return time.Date(d.Year, d.Month, d.Day, hour, 0, 0, 0, civil.London), civil.Date{}
	}
}

// By the end of the day, days after asOf's London date.
func byEndOf(days int) func(time.Time) (time.Time, civil.Date) {
	return func(asOf time.Time) (time.Time, civil.Date) {
		return time.Time{}, calendar.LondonDate(asOf).AddDays(days)
	}
}

// In hours from asOf (negative: that long ago).
func in(hours int) func(time.Time) (time.Time, civil.Date) {
	return func(asOf time.Time) (time.Time, civil.Date) {
		return asOf.Add(time.Duration(hours) * time.Hour), civil.Date{}
	}
}

// demoTasks give the staff of both authorities and the police work in every
// group of My work: overdue, due today and later. The school referrers have
// none, so their My work shows the empty page.
var demoTasks = []demoTask{
	{"risk-assessment-review", "Review the exploitation risk assessment", "practitioner@northfield.example", "", "northfield", false, byEndOf(-4)},
	{"return-interview", "Hold the return home interview", "practitioner@northfield.example", "", "northfield", false, byEndOf(0)},
	{"home-visit", "Joint visit with the police", "practitioner@northfield.example", "", "northfield", false, at(6, 10)},
	{"strategy-discussion", "Arrange the strategy discussion", "", "northfield-complex-safeguarding", "northfield", false, in(-3)},
	{"panel-summary", "Write the summary for the MACE panel", "", "northfield-complex-safeguarding", "northfield", false, at(2, 12)},
	{"assessment-start", "Start the exploitation assessment", "lead@northfield.example", "", "northfield", false, byEndOf(0)},
	{"referral-decision", "Decide on the referral", "", "northfield-front-door", "northfield", false, in(-2)},
	{"agency-checks", "Record the partner agency checks", "screener@northfield.example", "", "northfield", false, in(5)},
	{"nfa-sign-off", "Sign off the no further action decision", "manager@northfield.example", "", "northfield", false, byEndOf(-1)},
	{"return-interview", "Offer a return home interview within 72 hours", "missing-coordinator@northfield.example", "", "northfield", false, in(20)},
	{"home-visit", "Visit after the missing episode", "practitioner.east@northfield.example", "", "northfield", false, at(1, 15)},
	{"risk-assessment-review", "Review the exploitation risk assessment", "practitioner@riverside.example", "", "riverside", false, byEndOf(-2)},
	{"strategy-discussion", "Arrange the strategy discussion", "", "riverside-complex-safeguarding", "riverside", false, byEndOf(0)},
	{"intelligence-sharing", "Share intelligence for the strategy discussion", "officer@police.example", "", "police", true, byEndOf(0)},
	{"disruption-plan", "Agree the disruption plan", "", "police-child-exploitation", "police", true, at(3, 11)},
}

// seedTasks makes the demo tasks through the task service, on the records
// of the children generated, each idempotently (a second run makes none).
func seedTasks(ctx context.Context, tasks *task.Service, asOf time.Time, orgIDs, teamIDs, userIDs map[string]string, caseload []child) error {
	next := map[string]int{}
	for i, dt := range demoTasks {
		// A child of the owning authority (for the police, one whose
		// record they are involved with), a different one each time.
		var record *child
		for j := next[dt.org]; j < len(caseload); j++ {
			c := caseload[j]
			if (dt.police && c.police) || (!dt.police && c.ownerOrgID == orgIDs[dt.org]) {
				record, next[dt.org] = &caseload[j], j+1
				break
			}
		}
		if record == nil {
			continue // a caseload too small to have one
		}
		in := task.NewTask{Kind: dt.kind, Title: dt.title, RecordType: "person", RecordID: record.id, PersonID: record.id,
			Owner: task.Owner{UserID: userIDs[dt.user], TeamID: teamIDs[dt.team]}, OrganisationID: orgIDs[dt.org],
			DedupeKey: fmt.Sprintf("demo-%d", i)}
		in.DueAt, in.DueDate = dt.due(asOf)
		if _, _, err := tasks.Create(ctx, in); err != nil {
			return fmt.Errorf("demo task %q: %w", dt.title, err)
		}
	}
	return nil
}
