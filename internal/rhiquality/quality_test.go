package rhiquality_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"mace/internal/missing"
	"mace/internal/platform/auth"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/rhiquality"
)

func TestQualityStandards(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		manager := e.User(e.North, "Mina Ward", nil, auth.Manager)
		list, err := e.quality.Standards(as(manager))
		if err != nil || len(list) != 6 || list[0].Code != "OFFERED-72H" || list[0].Check != rhiquality.CheckOfferedInTime {
			t.Fatalf("default standards: %+v %v", list, err)
		}
		st, err := e.quality.AddStandard(as(manager), rhiquality.StandardInput{Code: " safety-plan ",
			Statement: "  A  safety plan was agreed ", Guidance: "Who to call.\r\n"})
		if err != nil || st.Code != "SAFETY-PLAN" || st.Statement != "A safety plan was agreed" || st.Position != 7 {
			t.Fatalf("added %+v %v", st, err)
		}
		if _, err := e.quality.AddStandard(as(manager), rhiquality.StandardInput{Code: "SAFETY-PLAN", Statement: "Again"}); !errors.Is(err, rhiquality.ErrDuplicateStandard) {
			t.Fatalf("a code is used once: %v", err)
		}
		_, err = e.quality.AddStandard(as(manager), rhiquality.StandardInput{Code: "no spaces!"})
		if f := errs.Fields(err); len(f) != 2 || f[0].Field != "code" || f[1].Field != "statement" {
			t.Fatalf("bad input: %v", f)
		}
		_, err = e.quality.AddStandard(as(e.Coordinator), rhiquality.StandardInput{Code: "X1", Statement: "x"})
		wantKind(t, err, errs.Forbidden)
		if err := e.quality.RetireStandard(as(manager), "SAFETY-PLAN"); err != nil {
			t.Fatal(err)
		}
		wantKind(t, e.quality.RetireStandard(as(manager), "SAFETY-PLAN"), errs.NotFound)
		list, _ = e.quality.Standards(as(manager))
		if len(list) != 7 || !list[6].Retired() {
			t.Fatalf("retired, not deleted: %+v", list[6])
		}
		if got := e.Trail(rhiquality.StandardRecordType, "SAFETY-PLAN"); len(got) != 2 {
			t.Fatalf("standard changes on the audit trail: %v", got)
		}
		e.Verify()
	})
}

func TestQualityAudit(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		manager := e.User(e.North, "Mina Ward", nil, auth.Manager)
		analyst := e.User(e.North, "Ade Okoro", nil, auth.Analyst)
		project := e.Org("Safe Return Project", auth.Voluntary)
		projectManager := e.User(project, "Pat Quinn", nil, auth.Manager)
		e.involve(project.ID)
		var eps []*missing.Episode
		for i := range 12 {
			iv := interview{service: "Safe Return Project", offeredAfter: time.Duration(20+10*i) * time.Hour,
				push: "Rows at home", shared: i%2 == 0, followUps: "Referral to youth club"}
			eps = append(eps, e.held(london(2026, 10, 1+2*i, 9, 0), iv))
		}
		other := e.held(london(2026, 10, 26, 9, 0), interview{service: "Northfield RHI team", push: "x", pull: "y"})
		e.held(london(2026, 10, 28, 9, 0), interview{service: "Northfield RHI team", outcome: missing.Declined})
		e.Clock.Set(london(2026, 11, 24, 9, 0))

		smp, err := e.quality.ProposeSample(as(manager), "2026-10", "safe RETURN project", rhiquality.DefaultSampleRule)
		if err != nil || smp.Held != 12 || len(smp.Items) != 5 || smp.ToAudit() != 5 || len(smp.Services) != 2 {
			t.Fatalf("sample: %+v %v", smp, err)
		}
		again, _ := e.quality.ProposeSample(as(manager), "2026-10", "Safe Return Project", rhiquality.DefaultSampleRule)
		if !slices.Equal(ids(smp), ids(again)) || smp.Seed != rhiquality.SampleSeed("2026-10", "safe return project") {
			t.Fatalf("the same month and service draw the same sample: %v %v", ids(smp), ids(again))
		}
		big, _ := e.quality.ProposeSample(as(manager), "2026-10", "Safe Return Project", rhiquality.SampleRule{Percent: 50, Minimum: 1})
		if len(big.Items) != 6 || !slices.Equal(ids(big)[:5], ids(smp)) {
			t.Fatalf("a bigger sample keeps the smaller one first: %v %v", ids(big), ids(smp))
		}
		_, err = e.quality.ProposeSample(as(manager), "October", "", rhiquality.SampleRule{})
		if f := errs.Fields(err); len(f) != 3 || f[0].Field != "month" {
			t.Fatalf("bad sample request: %v", f)
		}
		_, err = e.quality.ProposeSample(as(analyst), "2026-10", "Safe Return Project", rhiquality.DefaultSampleRule)
		wantKind(t, err, errs.Forbidden)

		target := eps[9] // offered 110 hours after the return
		sub, err := e.quality.AuditSubject(as(manager), target.ID)
		if err != nil || len(sub.Standards) != 6 || sub.Month != "2026-10" || sub.Audit != nil {
			t.Fatalf("subject: %+v %v", sub, err)
		}
		if sg := sub.Suggestions["OFFERED-72H"]; sg.Score != rhiquality.ScoreNotMet || !strings.Contains(sg.Reason, "110 hours") {
			t.Fatalf("offered late: %+v", sg)
		}
		if sg := sub.Suggestions["PUSH-PULL"]; sg.Score != rhiquality.ScorePartly {
			t.Fatalf("push only: %+v", sg)
		}
		if sg := sub.Suggestions["SHARED"]; sg.Score != rhiquality.ScoreNotMet {
			t.Fatalf("not shared: %+v", sg)
		}
		if _, ok := sub.Suggestions["OWN-WORDS"]; ok {
			t.Fatal("only a reader can tell whether the young person's own words are recorded")
		}

		in := rhiquality.AuditInput{Scores: map[string]string{"OFFERED-72H": "not-met", "INDEPENDENT": "met",
			"OWN-WORDS": "", "PUSH-PULL": "partly", "SHARED": "bogus", "FOLLOW-UP": "na"},
			Comments: map[string]string{"OFFERED-72H": "Offered on day five"}}
		_, err = e.quality.SaveAudit(as(manager), target.ID, in)
		got := errs.Fields(err)
		var fields []string
		for _, f := range got {
			fields = append(fields, f.Field)
		}
		if want := []string{"score-OWN-WORDS", "comment-PUSH-PULL", "score-SHARED", "overall_comment"}; !slices.Equal(fields, want) {
			t.Fatalf("problems %v, want %v", got, want)
		}
		in.Scores["OWN-WORDS"], in.Scores["SHARED"] = "met", "met"
		in.Comments["PUSH-PULL"] = "Pull factors not explored"
		in.OverallComment = "A warm interview, offered late."
		a, err := e.quality.SaveAudit(as(manager), target.ID, in)
		if err != nil || len(a.Scores) != 6 || a.AuditorName != "Mina Ward" || a.AuditedOn.String() != "2026-11-24" ||
			a.Scores[0].Suggested != rhiquality.ScoreNotMet || a.Version != 1 {
			t.Fatalf("saved %+v %v", a, err)
		}
		if _, err := e.quality.SaveAudit(as(manager), target.ID, rhiquality.AuditInput{Scores: in.Scores, Comments: in.Comments,
			OverallComment: "x", Version: 7}); !errs.Is(err, errs.Conflict) {
			t.Fatalf("stale version: %v", err)
		}
		_, err = e.quality.SaveAudit(as(projectManager), other.ID, in)
		wantKind(t, err, errs.Forbidden)
		if _, err := e.quality.AuditSubject(as(projectManager), target.ID); err != nil {
			t.Fatalf("the service audits its own interviews: %v", err)
		}

		if err := e.quality.RetireStandard(as(manager), "FOLLOW-UP"); err != nil {
			t.Fatal(err)
		}
		if sub, _ := e.quality.AuditSubject(as(manager), target.ID); len(sub.Standards) != 6 || sub.Audit == nil {
			t.Fatalf("an audit keeps the standards it scored: %+v", sub)
		}
		if sub, _ := e.quality.AuditSubject(as(manager), eps[0].ID); len(sub.Standards) != 5 {
			t.Fatalf("a new audit leaves the retired standard out: %+v", sub.Standards)
		}

		sum, err := e.quality.Summary(as(analyst), "2026-10", "")
		if err != nil || len(sum.Rows) != 2 {
			t.Fatalf("summary: %+v %v", sum, err)
		}
		r := sum.Rows[1]
		if r.Service != "Safe Return Project" || r.Held != 12 || r.Audited != 1 || *r.Overall != 70 {
			t.Fatalf("row %+v", r)
		}
		if r.Standards[0].Code != "OFFERED-72H" || *r.Standards[0].Percent != 0 || *r.Standards[3].Percent != 50 ||
			r.Standards[5].Percent != nil || r.Standards[5].Scored != 0 {
			t.Fatalf("per standard %+v", r.Standards)
		}
		if sum.Rows[0].Held != 1 || sum.Rows[0].Audited != 0 || sum.Rows[0].Overall != nil {
			t.Fatalf("the other service %+v", sum.Rows[0])
		}
		own, _ := e.quality.Summary(as(projectManager), "", "")
		if len(own.Rows) != 1 || own.Rows[0].Service != "Safe Return Project" {
			t.Fatalf("a service sees its own: %+v", own.Rows)
		}
		_, err = e.quality.Summary(as(e.Coordinator), "", "")
		wantKind(t, err, errs.Forbidden)

		smp, _ = e.quality.ProposeSample(as(manager), "2026-10", "Safe Return Project", rhiquality.DefaultSampleRule)
		if n := smp.ToAudit(); n != 5 && n != 4 {
			t.Fatalf("to audit: %d", n)
		}
		if got := e.Trail(rhiquality.AuditRecordType, a.ID); len(got) != 1 || !strings.Contains(got[0], e.Child.ID) ||
			strings.Contains(got[0], "warm") {
			t.Fatalf("the audit on the trail, with the person, without values: %v", got)
		}
		if views := e.Trail(missing.RecordType, target.ID); !slices.ContainsFunc(views, func(s string) bool {
			return strings.Contains(s, "quality audit") && strings.Contains(s, e.Child.ID)
		}) {
			t.Fatalf("the view of the interview is audited with the person: %v", views)
		}
		e.Verify()
	})
}

func ids(s *rhiquality.Sample) []string {
	var out []string
	for _, i := range s.Items {
		out = append(out, i.EpisodeID)
	}
	return out
}

func TestSampleSize(t *testing.T) {
	for _, tc := range []struct{ held, pct, min, want int }{
		{0, 10, 5, 0}, {3, 10, 5, 3}, {12, 10, 5, 5}, {60, 10, 5, 6}, {61, 10, 5, 7}, {10, 100, 1, 10},
	} {
		if got := (rhiquality.SampleRule{Percent: tc.pct, Minimum: tc.min}).Size(tc.held); got != tc.want {
			t.Errorf("Size(%d) at %d%% min %d = %d, want %d", tc.held, tc.pct, tc.min, got, tc.want)
		}
	}
}

func FuzzParseMonth(f *testing.F) {
	for _, s := range []string{"2026-10", "2026-1", "1999-12", "", "2026-13", " 2026-03 ", "२०२६-10"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, from, to, err := rhiquality.ParseMonth(s)
		if err != nil {
			if f := errs.Fields(err); len(f) != 1 || f[0].Field != "month" {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if len(m) != 7 || !to.After(from) || rhiquality.MonthOf(from) != m || rhiquality.MonthOf(to.Add(-time.Second)) != m {
			t.Fatalf("%q: %q %v %v", s, m, from, to)
		}
	})
}
