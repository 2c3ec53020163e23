package meeting_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"mace/internal/meeting"
	"mace/internal/people"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
)

// fakeSources answers with fixed facts and remembers the period asked.
type fakeSources struct {
	refs     []meeting.ReferralFact
	mis      []meeting.MissingFact
	from, to time.Time
}

func (f *fakeSources) ReferralsReceived(_ context.Context, from, to time.Time) ([]meeting.ReferralFact, error) {
	f.from, f.to = from, to
	return f.refs, nil
}

func (f *fakeSources) MissingFacts(_ context.Context, from, to time.Time) ([]meeting.MissingFact, error) {
	return f.mis, nil
}

func london(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, civil.London)
}

// The agenda covers the time since the previous working day's meeting: a
// Monday's the weekend, the day after Christmas's bank holidays the lot;
// the time of a recorded meeting counts, else half past nine.
func TestDailyAgendaPeriod(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		src := &fakeSources{}
		g := &meeting.Agendas{Meetings: e.svc, Sources: src}
		for _, c := range []struct {
			date     civil.Date
			from, to time.Time
		}{
			{civil.Date{Year: 2026, Month: 11, Day: 23}, london(2026, 11, 20, 9, 30), london(2026, 11, 23, 9, 30)},
			{civil.Date{Year: 2026, Month: 11, Day: 25}, london(2026, 11, 24, 9, 30), london(2026, 11, 25, 9, 30)},
			// Christmas Day is a Friday, Boxing Day's holiday is Monday 28th.
			{civil.Date{Year: 2026, Month: 12, Day: 29}, london(2026, 12, 24, 9, 30), london(2026, 12, 29, 9, 30)},
			// Summer time: half past nine in London is 08:30 UTC.
			{civil.Date{Year: 2026, Month: 6, Day: 1}, london(2026, 5, 29, 9, 30), london(2026, 6, 1, 9, 30)},
		} {
			ag, err := g.Daily(as(e.lead), c.date)
			if err != nil {
				t.Fatalf("%v: %v", c.date, err)
			}
			if !ag.From.Equal(c.from) || !ag.To.Equal(c.to) || !src.from.Equal(c.from) || !src.to.Equal(c.to) {
				t.Errorf("%v covers %v to %v (asked %v to %v), want %v to %v", c.date, ag.From, ag.To, src.from, src.to, c.from, c.to)
			}
		}
		// Friday's meeting was held at 10:15: Monday's agenda starts there.
		in := e.strategy()
		in.Kind, in.Date, in.Time, in.Reason = meeting.Daily, "2026-11-20", "10:15", ""
		e.create(e.lead, in)
		ag, err := g.Daily(as(e.lead), civil.Date{Year: 2026, Month: 11, Day: 23})
		if err != nil || !ag.From.Equal(london(2026, 11, 20, 10, 15)) {
			t.Errorf("after a 10:15 meeting: %+v %v", ag, err)
		}
		if _, err := g.Daily(as(e.lead), civil.Date{Year: 2026, Month: 11, Day: 21}); !errs.Is(err, errs.Invalid) {
			t.Errorf("a Saturday: %v", err)
		}
		if _, err := g.Daily(as(e.referrer), civil.Date{Year: 2026, Month: 11, Day: 23}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a referrer: %v", err)
		}
	})
}

// One item per young person, with every fact that put them there: those
// still missing first, then new referrals, new reports, overdue and due
// interviews; a referral not yet linked to a record is an item of its own.
func TestDailyAgendaItems(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ash := e.person(people.Child, "Ash", "Tarrow", "2012-02-01").ID
		cy := e.person(people.Child, "Cy", "Tarrow", "2013-03-01").ID
		di := e.person(people.Child, "Di", "Tarrow", "2014-04-01").ID
		src := &fakeSources{
			refs: []meeting.ReferralFact{
				{ReferralID: "r1", Reference: "R2026-00041", PersonID: ash, ChildName: "Ash Tarrow", ReferrerOrg: "Hollinsby Academy",
					ReceivedAt: london(2026, 11, 21, 14, 2), State: "awaiting screening", DecisionDueAt: london(2026, 11, 23, 17, 0)},
				{ReferralID: "r2", Reference: "R2026-00042", ChildName: "Bo Tarrow", ReferrerOrg: "Westmarch Police",
					ReceivedAt: london(2026, 11, 22, 8, 0), Urgent: true, State: "decided", Outcome: "strategy discussion"},
				{ReferralID: "r3", Reference: "R2026-00043", ChildName: "Bo Tarrow", ReferrerOrg: "Westmarch Police",
					ReceivedAt: london(2026, 11, 22, 9, 0), Urgent: true, State: "awaiting screening", DecisionDueAt: london(2026, 11, 22, 13, 0)},
			},
			mis: []meeting.MissingFact{
				{Kind: meeting.FactInterviewDue, PersonID: cy, PersonName: "Cy Tarrow", StartAt: london(2026, 11, 21, 20, 0),
					EndAt: london(2026, 11, 22, 11, 0), InterviewDueAt: london(2026, 11, 25, 11, 0)},
				{Kind: meeting.FactReported, PersonID: cy, PersonName: "Cy Tarrow", StartAt: london(2026, 11, 21, 20, 0),
					EndAt: london(2026, 11, 22, 11, 0), RiskGrading: "medium risk"},
				{Kind: meeting.FactStillMissing, PersonID: ash, PersonName: "Ash Tarrow", StartAt: london(2026, 11, 20, 22, 0),
					RiskGrading: "high risk"},
				{Kind: meeting.FactInterviewLate, PersonID: di, PersonName: "Di Tarrow", StartAt: london(2026, 11, 18, 16, 0),
					EndAt: london(2026, 11, 18, 21, 0), InterviewDueAt: london(2026, 11, 21, 21, 0)},
			},
		}
		g := &meeting.Agendas{Meetings: e.svc, Sources: src}
		ag, err := g.Daily(as(e.lead), civil.Date{Year: 2026, Month: 11, Day: 23})
		if err != nil {
			t.Fatal(err)
		}
		want := []meeting.AgendaItem{
			{Kind: "child", Subject: "Ash Tarrow", PersonID: ash, Reasons: []string{
				"Still missing: went missing Fri 20 Nov, 22:00, 2 days and 11 hours ago (police grading: high risk)",
				"New referral R2026-00041 from Hollinsby Academy, received Sat 21 Nov, 14:02: awaiting screening, decision due by Mon 23 Nov, 17:00"}},
			{Kind: "child", Subject: "Bo Tarrow", Reasons: []string{
				"New referral R2026-00042 from Westmarch Police, received Sun 22 Nov, 08:00, urgent: decided, strategy discussion"}},
			{Kind: "child", Subject: "Bo Tarrow", Reasons: []string{
				"New referral R2026-00043 from Westmarch Police, received Sun 22 Nov, 09:00, urgent: awaiting screening, decision overdue since Sun 22 Nov, 13:00"}},
			{Kind: "child", Subject: "Cy Tarrow", PersonID: cy, Reasons: []string{
				"Return interview due: returned Sun 22 Nov, 11:00, offer an interview by Wed 25 Nov, 11:00",
				"Reported missing: went missing Sat 21 Nov, 20:00 (police grading: medium risk); returned Sun 22 Nov, 11:00"}},
			{Kind: "child", Subject: "Di Tarrow", PersonID: di, Reasons: []string{
				"Return interview overdue: returned Wed 18 Nov, 21:00, interview was due by Sat 21 Nov, 21:00 and none is recorded"}},
		}
		if len(ag.Items) != len(want) {
			t.Fatalf("%d items, want %d: %+v", len(ag.Items), len(want), ag.Items)
		}
		for i := range want {
			got := ag.Items[i]
			if got.Kind != want[i].Kind || got.Subject != want[i].Subject || got.PersonID != want[i].PersonID ||
				!slices.Equal(got.Reasons, want[i].Reasons) {
				t.Errorf("item %d:\n got %+v\nwant %+v", i+1, got, want[i])
			}
		}
		// Once Cy's record is restricted to the lead, the practitioner's
		// agenda says only that there is an item about a young person.
		if err := e.People.Restrict(as(e.lead), cy, true, nil); err != nil {
			t.Fatal(err)
		}
		ag, err = g.Daily(as(e.practitioner), civil.Date{Year: 2026, Month: 11, Day: 23})
		if err != nil {
			t.Fatal(err)
		}
		if got := ag.Items[3]; !got.Hidden || got.PersonID != "" || len(got.Reasons) != 0 || got.Subject != meeting.HiddenChild {
			t.Errorf("a restricted child's item on an unnamed practitioner's agenda: %+v", got)
		}
		if got := ag.Items[0]; got.Hidden || got.Subject != "Ash Tarrow" {
			t.Errorf("a child the practitioner may see: %+v", got)
		}
	})
}

// Associations recorded and themes raised at the authority's meetings since
// the previous daily meeting are on the agenda.
func TestDailyAgendaLinks(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		in := e.strategy()
		in.Kind, in.Reason, in.Date = meeting.Mapping, "", "2026-11-24"
		in.Time = "11:00"
		e.Clock.Set(london(2026, 11, 24, 10, 0))
		m := e.create(e.lead, in)
		e.Clock.Set(london(2026, 11, 24, 11, 30))
		if _, err := e.svc.AddLink(as(e.lead), m.ID, meeting.LinkInput{PersonID: e.child.ID, OtherKind: meeting.OtherPerson,
			OtherPersonID: e.adult.ID, Relation: "suspected-exploiter"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.AddItem(as(e.lead), m.ID, meeting.ItemInput{SubjectKind: meeting.SubjectTheme,
			Subject: "Knife carrying near the college"}); err != nil {
			t.Fatal(err)
		}
		g := &meeting.Agendas{Meetings: e.svc, Sources: &fakeSources{}}
		ag, err := g.Daily(as(e.lead), civil.Date{Year: 2026, Month: 11, Day: 25})
		if err != nil {
			t.Fatal(err)
		}
		want := "Newly linked at the mapping meeting on Tue 24 Nov: Dale Crane, suspected of exploiting them"
		if len(ag.Items) != 2 || ag.Items[0].PersonID != e.child.ID || !slices.Equal(ag.Items[0].Reasons, []string{want}) {
			t.Fatalf("items %+v, want Jordan Ashby with %q", ag.Items, want)
		}
		if it := ag.Items[1]; it.Kind != meeting.SubjectTheme || it.Subject != "Knife carrying near the college" ||
			!slices.Equal(it.Reasons, []string{"Theme raised at the mapping meeting on Tue 24 Nov"}) {
			t.Errorf("theme item %+v", it)
		}
		// The next day's agenda does not repeat it.
		if ag, err := g.Daily(as(e.lead), civil.Date{Year: 2026, Month: 11, Day: 26}); err != nil || len(ag.Items) != 0 {
			t.Errorf("Thursday's agenda %+v %v", ag, err)
		}
		// Another authority's agenda has none of it.
		if ag, err := g.Daily(as(e.southLead), civil.Date{Year: 2026, Month: 11, Day: 25}); err != nil || len(ag.Items) != 0 {
			t.Errorf("Southby's agenda %+v %v", ag, err)
		}
	})
}
