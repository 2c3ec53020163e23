package app

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"mace/internal/demo"
	"mace/internal/platform/auth"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/testclock"
)

// With the demo data made at 09:00 on a Monday, Monday's daily meeting
// lists the weekend's new referrals and missing reports and the returns
// with interviews due, each with its reason, and nothing from before
// Friday's meeting.
func TestDemoMondayAgenda(t *testing.T) {
	dbtest.Each(t, Migrations(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		monday := time.Date(2026, 11, 30, 9, 0, 0, 0, civil.London)
		c := testclock.New(monday.Add(-6 * 24 * time.Hour))
		svc := newServices(d, c.Now)
		if err := demo.Seed(ctx, demo.Services{Auth: svc.Auth, People: svc.People}, testCaseload, 7, c.Now(), io.Discard); err != nil {
			t.Fatal(err)
		}
		// Before Friday's meeting: a referral on Thursday.
		c.Set(time.Date(2026, 11, 26, 15, 0, 0, 0, civil.London))
		lead, err := svc.Auth.UserByEmail(ctx, "lead@northfield.example")
		if err != nil {
			t.Fatal(err)
		}
		school, err := svc.Auth.UserByEmail(ctx, "referrer@hollinsby-academy.example")
		if err != nil {
			t.Fatal(err)
		}
		in := referralInputTo(lead.Organisation.ID, "Thursday", "Beforeson")
		old, err := svc.Referral.Submit(auth.WithUser(ctx, school), in, "")
		if err != nil {
			t.Fatal(err)
		}
		c.Set(monday)
		if err := demo.SeedReferrals(ctx, svc.Referral, svc.Auth, svc.People, 7, monday); err != nil {
			t.Fatal(err)
		}
		if err := demo.SeedMissing(ctx, svc.Auth, svc.People, svc.Missing, monday); err != nil {
			t.Fatal(err)
		}
		c.Set(monday.Add(30 * time.Minute))
		ag, err := svc.Agendas.Daily(auth.WithUser(ctx, lead), civil.Date{Year: 2026, Month: 11, Day: 30})
		if err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2026, 11, 27, 9, 30, 0, 0, civil.London); !ag.From.Equal(want) {
			t.Errorf("the agenda starts %v, want Friday's meeting %v", ag.From, want)
		}
		var all []string
		count := map[string]int{}
		for _, it := range ag.Items {
			if it.Subject == "" || len(it.Reasons) == 0 {
				t.Errorf("item without a subject or reasons: %+v", it)
			}
			for _, r := range it.Reasons {
				all = append(all, it.Subject+": "+r)
				for _, p := range []string{"New referral", "Reported missing:", "Reported missing since the last meeting and still missing", "Return interview due", "Return interview overdue"} {
					if strings.HasPrefix(r, p) {
						count[p]++
					}
				}
			}
		}
		text := strings.Join(all, "\n")
		// Northfield's six demo referrals (Riverside's two are not its
		// business); four episodes began over the weekend, two of them still
		// open (each told once); two returns await an interview, one of them
		// overdue.
		want := map[string]int{"New referral": 6, "Reported missing:": 2, "Reported missing since the last meeting and still missing": 2,
			"Return interview due": 1, "Return interview overdue": 1}
		for p, n := range want {
			if count[p] != n {
				t.Errorf("%d reasons %q, want %d; the agenda:\n%s", count[p], p, n, text)
			}
		}
		if strings.Contains(text, old.Reference) || strings.Contains(text, "Beforeson") {
			t.Errorf("Thursday's referral %s is on Monday's agenda:\n%s", old.Reference, text)
		}
	})
}
