package calendar_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/errs"
	"mace/internal/platform/testclock"
)

var migrations = append(append(slices.Clone(auth.Migrations), audit.Migrations...), calendar.Migrations...)

type storeFixture struct {
	t     *testing.T
	d     *db.DB
	s     *calendar.Service
	clock *testclock.Clock
	ctx   context.Context // acting as an administrator
}

func newStoreFixture(t *testing.T, d *db.DB) *storeFixture {
	c := testclock.New(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	admin := &auth.User{ID: "admin-1", Name: "Test Administrator", Roles: []auth.Role{auth.Administrator}}
	f := &storeFixture{t: t, d: d, clock: c, ctx: auth.WithUser(context.Background(), admin),
		s: &calendar.Service{DB: d, Audit: audit.New(c.Now), Now: c.Now}}
	t.Cleanup(func() {
		if r, err := audit.Verify(context.Background(), d); err != nil || !r.OK {
			t.Errorf("audit trail: %v %v", r, err)
		}
	})
	return f
}

func (f *storeFixture) calendar() *calendar.Calendar {
	f.t.Helper()
	c, err := f.s.Calendar(f.ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

// wantField checks that err is a validation error with message on field.
func wantField(t *testing.T, err error, field, message string) {
	t.Helper()
	if !errs.Is(err, errs.Invalid) {
		t.Fatalf("want a validation error on %s, got %v", field, err)
	}
	for _, fe := range errs.Fields(err) {
		if fe.Field == field && strings.Contains(fe.Message, message) {
			return
		}
	}
	t.Fatalf("want %q on %s, got %v", message, field, errs.Fields(err))
}

func (f *storeFixture) trail() []string {
	f.t.Helper()
	rows, err := f.d.Read().QueryContext(f.ctx,
		"SELECT action, record_type, record_id, actor_id, detail FROM audit_events ORDER BY seq")
	if err != nil {
		f.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a, rt, id, actor, detail string
		if err := rows.Scan(&a, &rt, &id, &actor, &detail); err != nil {
			f.t.Fatal(err)
		}
		out = append(out, strings.Join([]string{a, rt, id, actor, detail}, " | "))
	}
	return out
}

func TestStore(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		f := newStoreFixture(t, d)
		example, boxing := date(t, "2027-06-07"), date(t, "2026-12-28")
		if ch, err := f.s.Changes(f.ctx); err != nil || len(ch) != 0 {
			t.Fatalf("changes on a new database: %v %v", ch, err)
		}
		if !f.calendar().IsWorkingDay(example) {
			t.Fatal("7 June 2027 is a working day by rule")
		}

		if err := f.s.AddHoliday(f.ctx, example, "  Example day "); err != nil {
			t.Fatal(err)
		}
		if name, ok := f.calendar().Holiday(example); !ok || name != "Example day" {
			t.Fatalf("added holiday reads back as %q %v", name, ok)
		}
		wantField(t, f.s.AddHoliday(f.ctx, example, "Again"), "date", "That day is already a bank holiday")
		wantField(t, f.s.AddHoliday(f.ctx, date(t, "2026-12-25"), "Christmas"), "date", "That day is already a bank holiday")

		f.clock.Add(time.Hour)
		if err := f.s.RemoveHoliday(f.ctx, boxing); err != nil {
			t.Fatal(err)
		}
		if cal := f.calendar(); !cal.IsWorkingDay(boxing) || cal.AddWorkingDays(date(t, "2026-12-24"), 1) != boxing {
			t.Fatal("a removed rule holiday is a working day")
		}
		wantField(t, f.s.RemoveHoliday(f.ctx, boxing), "date", "That day is not a bank holiday")
		wantField(t, f.s.RemoveHoliday(f.ctx, date(t, "2026-11-24")), "date", "That day is not a bank holiday")

		ch, err := f.s.Changes(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []calendar.Change{
			{Date: boxing, Kind: calendar.KindWorking, Name: "Boxing Day (substitute day)", CreatedBy: "admin-1", CreatedAt: f.clock.Now()},
			{Date: example, Kind: calendar.KindHoliday, Name: "Example day", CreatedBy: "admin-1", CreatedAt: f.clock.Now().Add(-time.Hour)},
		}
		if len(ch) != len(want) {
			t.Fatalf("changes: %+v", ch)
		}
		for i := range want {
			if ch[i].Date != want[i].Date || ch[i].Kind != want[i].Kind || ch[i].Name != want[i].Name ||
				ch[i].CreatedBy != want[i].CreatedBy || !ch[i].CreatedAt.Equal(want[i].CreatedAt) {
				t.Errorf("change %d: %+v, want %+v", i, ch[i], want[i])
			}
		}

		// A removed rule holiday can be given back, under a new name, and taken away again.
		if err := f.s.AddHoliday(f.ctx, boxing, "Boxing Day"); err != nil {
			t.Fatal(err)
		}
		if name, ok := f.calendar().Holiday(boxing); !ok || name != "Boxing Day" {
			t.Fatalf("given back: %q %v", name, ok)
		}
		if err := f.s.RemoveHoliday(f.ctx, boxing); err != nil {
			t.Fatal(err)
		}
		if err := f.s.RemoveHoliday(f.ctx, example); err != nil {
			t.Fatal(err)
		}
		cal := f.calendar()
		if !cal.IsWorkingDay(boxing) || !cal.IsWorkingDay(example) {
			t.Fatal("both days are working days now")
		}
		if ch, _ := f.s.Changes(f.ctx); len(ch) != 1 || ch[0].Kind != calendar.KindWorking || ch[0].Date != boxing {
			t.Fatalf("changes: %+v", ch)
		}

		wantTrail := []string{
			"create | calendar-day | 2027-06-07 | admin-1 | added bank holiday 2027-06-07 (Example day)",
			"update | calendar-day | 2026-12-28 | admin-1 | removed bank holiday 2026-12-28 (Boxing Day (substitute day)): now a working day",
			"create | calendar-day | 2026-12-28 | admin-1 | added bank holiday 2026-12-28 (Boxing Day)",
			"update | calendar-day | 2026-12-28 | admin-1 | removed bank holiday 2026-12-28 (Boxing Day): now a working day",
			"update | calendar-day | 2027-06-07 | admin-1 | removed bank holiday 2027-06-07 (Example day)",
		}
		if got := f.trail(); !slices.Equal(got, wantTrail) {
			t.Errorf("audit trail:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantTrail, "\n"))
		}
	})
}

func TestStoreValidation(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		f := newStoreFixture(t, d)
		monday := date(t, "2027-06-07")
		wantField(t, f.s.AddHoliday(f.ctx, monday, "   "), "name", "Enter the name of the bank holiday")
		wantField(t, f.s.AddHoliday(f.ctx, monday, strings.Repeat("x", 201)), "name", "200 characters or fewer")
		wantField(t, f.s.AddHoliday(f.ctx, civil.Date{}, "Day"), "date", "Enter the date")
		wantField(t, f.s.AddHoliday(f.ctx, civil.Date{Year: 2027, Month: 2, Day: 30}, "Day"), "date", "Enter a real date")
		wantField(t, f.s.AddHoliday(f.ctx, date(t, "1999-06-07"), "Day"), "date", "between 2000 and 2100")
		wantField(t, f.s.AddHoliday(f.ctx, date(t, "2101-06-06"), "Day"), "date", "between 2000 and 2100")
		wantField(t, f.s.AddHoliday(f.ctx, date(t, "2027-06-05"), "Day"), "date", "5 June 2027 is a Saturday")
		wantField(t, f.s.RemoveHoliday(f.ctx, date(t, "2101-12-26")), "date", "between 2000 and 2100")
		if ch, err := f.s.Changes(f.ctx); err != nil || len(ch) != 0 || len(f.trail()) != 0 {
			t.Fatalf("refused changes left %v %v %v", ch, f.trail(), err)
		}
	})
}

// TestCacheAcrossServers: a change shows at once on the server that made
// it, and on another within the cache's lifetime.
func TestCacheAcrossServers(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		f := newStoreFixture(t, d)
		other := &calendar.Service{DB: d, Audit: audit.New(f.clock.Now), Now: f.clock.Now}
		day := date(t, "2027-06-07")
		before, err := other.Calendar(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.AddHoliday(f.ctx, day, "Example day"); err != nil {
			t.Fatal(err)
		}
		if f.calendar().IsWorkingDay(day) {
			t.Error("the change does not show on the server that made it")
		}
		f.clock.Add(calendar.CacheTTL - time.Second)
		if c, _ := other.Calendar(f.ctx); c != before || !c.IsWorkingDay(day) {
			t.Error("the other server should still use its cached calendar")
		}
		f.clock.Add(time.Second)
		if c, _ := other.Calendar(f.ctx); c.IsWorkingDay(day) {
			t.Error("the change does not show on the other server after the cache's lifetime")
		}
	})
}

// TestConcurrentUse runs readers beside changes (for the race detector).
func TestConcurrentUse(t *testing.T) {
	f := newStoreFixture(t, dbtest.SQLite(t, migrations))
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 20 {
				cal, err := f.s.Calendar(f.ctx)
				if err != nil {
					t.Error(err)
					return
				}
				cal.AddWorkingDays(date(t, "2027-06-01"), i+j)
				f.clock.Add(time.Second)
			}
		})
	}
	for _, s := range []string{"2027-06-07", "2027-06-08", "2027-06-09"} {
		if err := f.s.AddHoliday(f.ctx, date(t, s), "Example day"); err != nil {
			t.Error(err)
		}
	}
	wg.Wait()
	if got := dates(f.calendar().Holidays(2027)); !strings.Contains(got, "06-07 06-08 06-09") {
		t.Errorf("2027: %s", got)
	}
}
