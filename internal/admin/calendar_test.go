package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"mace/internal/platform/audit"
	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
	"mace/internal/platform/web"
)

// removeButton is the remove button of the bank holiday on a long date.
func removeButton(long string) string {
	return `Remove<span class="govuk-visually-hidden"> ` + long + `</span></button>`
}

func mustContain(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

func mustNotContain(t *testing.T, body string, unwanted ...string) {
	t.Helper()
	for _, s := range unwanted {
		if strings.Contains(body, s) {
			t.Errorf("the page has %q", s)
		}
	}
}

func TestBankHolidaysPage(t *testing.T) {
	f := newFixture(t)
	rec := f.get("/admin/calendar")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	body := rec.Body.String()
	wellFormed(t, body, "Bank holidays in 2026")
	mustContain(t, body,
		"Friday 3 April 2026", "Good Friday", "Monday 6 April 2026", "Easter Monday",
		"Monday 28 December 2026", "Boxing Day (substitute day)",
		removeButton("3 April 2026"), `name="date" value="2026-04-03"`,
		`href="/admin/calendar?year=2025"`, `href="/admin/calendar?year=2027"`,
		`action="/admin/calendar/holidays"`, `name="year" value="2026"`, `id="date"`, `id="date-month"`, `id="date-year"`,
		"No administrator has added or removed a bank holiday")
	if n := strings.Count(body, `<input type="hidden" name="date"`); n != 8 {
		t.Errorf("2026 has 8 bank holidays, each with a remove button; found %d", n)
	}
	mustNotContain(t, body, "govuk-tag", "Saturday 26 December 2026")

	body = f.get("/admin/calendar?year=2022").Body.String()
	wellFormed(t, body, "Bank holidays in 2022")
	mustContain(t, body, "Platinum Jubilee bank holiday", "Bank Holiday for the State Funeral of Queen Elizabeth II",
		"Thursday 2 June 2022")
	mustNotContain(t, body, "Monday 30 May 2022")

	// The first and last years shown have no link beyond them.
	body = f.get("/admin/calendar?year=2000").Body.String()
	mustContain(t, body, `href="/admin/calendar?year=2001"`)
	mustNotContain(t, body, `rel="prev"`)
	body = f.get("/admin/calendar?year=2100").Body.String()
	mustContain(t, body, `href="/admin/calendar?year=2099"`)
	mustNotContain(t, body, `rel="next"`)

	for _, y := range []string{"1999", "2101", "twenty", "2026.5", "-2026"} {
		if rec := f.get("/admin/calendar?year=" + url.QueryEscape(y)); rec.Code != http.StatusNotFound {
			t.Errorf("year %q: %d, want 404", y, rec.Code)
		}
	}

	// The current year is London's.
	f.clock.Set(time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC))
	wellFormed(t, f.get("/admin/calendar").Body.String(), "Bank holidays in 2027")
}

func TestAddBankHolidayProblems(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct {
		why       string
		form      url.Values
		h1        string
		want      []string
		unwanted  []string
		summaryOf []string // the fields the error summary links to
	}{
		{
			why: "nothing entered", form: url.Values{"year": {"2026"}}, h1: "Bank holidays in 2026",
			want:      []string{"Enter the date", "Enter the name of the bank holiday"},
			summaryOf: []string{"date", "name"},
		},
		{
			why:  "no year, on the page for 2027",
			form: url.Values{"year": {"2027"}, "date-day": {"7"}, "date-month": {"6"}, "name": {"Example day"}},
			h1:   "Bank holidays in 2027",
			want: []string{"Date must include a year", `name="date-day" type="text" inputmode="numeric" value="7"`,
				`name="date-month" type="text" inputmode="numeric" value="6"`, `value="Example day"`},
			unwanted:  []string{"Enter the date", "Enter the name"},
			summaryOf: []string{"date"},
		},
		{
			why:       "not a real date, and no name",
			form:      url.Values{"year": {"2027"}, "date-day": {"31"}, "date-month": {"2"}, "date-year": {"2027"}},
			h1:        "Bank holidays in 2027",
			want:      []string{"Date must be a real date", "Enter the name of the bank holiday", `value="31"`},
			unwanted:  []string{"Enter the date"},
			summaryOf: []string{"date", "name"},
		},
		{
			why:       "a Saturday",
			form:      url.Values{"year": {"2027"}, "date-day": {"5"}, "date-month": {"6"}, "date-year": {"2027"}, "name": {"Example day"}},
			h1:        "Bank holidays in 2027",
			want:      []string{"5 June 2027 is a Saturday", `value="Example day"`},
			summaryOf: []string{"date"},
		},
		{
			why:       "already a bank holiday, from a page with a year it cannot show",
			form:      url.Values{"year": {"1066"}, "date-day": {"25"}, "date-month": {"12"}, "date-year": {"2026"}, "name": {"Christmas"}},
			h1:        "Bank holidays in 2026",
			want:      []string{"That day is already a bank holiday", `value="Christmas"`},
			summaryOf: []string{"date"},
		},
		{
			why:       "too long a name, in a year that cannot be changed",
			form:      url.Values{"date-day": {"7"}, "date-month": {"6"}, "date-year": {"2101"}, "name": {strings.Repeat("x", 201)}},
			h1:        "Bank holidays in 2026",
			want:      []string{"Enter a date between 2000 and 2100", "200 characters or fewer", `value="2101"`},
			summaryOf: []string{"date", "name"},
		},
	} {
		t.Run(c.why, func(t *testing.T) {
			rec := f.post("/admin/calendar/holidays", c.form)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", rec.Code)
			}
			body := rec.Body.String()
			wellFormed(t, body, c.h1)
			mustContain(t, body, append([]string{"There is a problem", "<title>Error: "}, c.want...)...)
			mustNotContain(t, body, c.unwanted...)
			for _, field := range c.summaryOf {
				mustContain(t, body, `<a href="#`+field+`">`, `id="`+field+`-error"`)
			}
		})
	}
	if ch, err := f.cal.Changes(f.ctx); err != nil || len(ch) != 0 {
		t.Errorf("refused additions left changes %v %v", ch, err)
	}
	if got := calendarTrail(t, f); len(got) != 0 {
		t.Errorf("refused additions were audited: %v", got)
	}
}

func TestAddAndRemoveBankHoliday(t *testing.T) {
	f := newFixture(t)
	robin, err := f.svc.CreateUser(f.ctx, auth.UserInput{Email: "robin.sample@example.org", Name: "Robin Sample",
		OrganisationID: f.org.ID, Password: password, Roles: []auth.Role{auth.PartnershipAdministrator}, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	f.ctx = web.WithCSRFToken(auth.WithUser(context.Background(), robin), "tok")

	rec := f.post("/admin/calendar/holidays", url.Values{"year": {"2026"}, "date-day": {"07"}, "date-month": {"6"},
		"date-year": {"2027"}, "name": {" Example day "}})
	if loc := redirected(t, rec, "/admin/calendar"); loc != "/admin/calendar?year=2027" {
		t.Errorf("after adding: at %s, want the year of the day added", loc)
	}
	mustContain(t, rec.Header().Get("Set-Cookie"), url.QueryEscape("Bank holiday added"))
	body := f.get("/admin/calendar?year=2027").Body.String()
	mustContain(t, body, "Monday 7 June 2027", "Example day", `<strong class="govuk-tag govuk-tag--blue">Added</strong>`,
		removeButton("7 June 2027"), "Robin Sample", "24 November 2026 at 9:00am")
	mustNotContain(t, body, "No administrator has added")

	f.clock.Add(time.Hour)
	rec = f.post("/admin/calendar/holidays/remove", url.Values{"date": {"2026-12-28"}})
	if loc := redirected(t, rec, "/admin/calendar"); loc != "/admin/calendar?year=2026" {
		t.Errorf("after removing: at %s", loc)
	}
	mustContain(t, rec.Header().Get("Set-Cookie"), url.QueryEscape("Bank holiday removed"))
	body = f.get("/admin/calendar?year=2026").Body.String()
	mustContain(t, body, "Monday 28 December 2026", "Boxing Day (substitute day)",
		`<strong class="govuk-tag govuk-tag--grey">Removed</strong> Now a working day`, "Removed: now a working day",
		`<a class="govuk-link" href="/admin/calendar?year=2027">Monday 7 June 2027</a>`)
	mustNotContain(t, body, removeButton("28 December 2026"))

	cal, err := f.cal.Calendar(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if cal.IsWorkingDay(day(t, "2027-06-07")) || !cal.IsWorkingDay(day(t, "2026-12-28")) {
		t.Error("the calendar does not have the changes")
	}

	// An added bank holiday is deleted when removed.
	redirected(t, f.post("/admin/calendar/holidays/remove", url.Values{"date": {"2027-06-07"}}), "/admin/calendar?year=2027")
	body = f.get("/admin/calendar?year=2027").Body.String()
	mustNotContain(t, body, "Example day", "7 June 2027")

	// Removing again (a second click) or sending no real date says why,
	// with nothing to correct in the add form.
	for _, c := range []struct{ date, h1, want string }{
		{"2027-06-07", "Bank holidays in 2027", "That day is not a bank holiday"},
		{"2027-02-30", "Bank holidays in 2026", "Enter the date"},
		{"", "Bank holidays in 2026", "Enter the date"},
		{"2101-12-26", "Bank holidays in 2026", "Enter a date between 2000 and 2100"},
	} {
		rec := f.post("/admin/calendar/holidays/remove", url.Values{"date": {c.date}})
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("removing %q: %d, want 422", c.date, rec.Code)
		}
		body := rec.Body.String()
		wellFormed(t, body, c.h1)
		mustContain(t, body, "There is a problem", "<li>"+c.want)
		mustNotContain(t, body, `<li><a href="#`, "govuk-form-group--error")
	}

	want := []string{
		"create | 2027-06-07 | " + robin.ID + " | added bank holiday 2027-06-07 (Example day)",
		"update | 2026-12-28 | " + robin.ID + " | removed bank holiday 2026-12-28 (Boxing Day (substitute day)): now a working day",
		"update | 2027-06-07 | " + robin.ID + " | removed bank holiday 2027-06-07 (Example day)",
	}
	if got := calendarTrail(t, f); !slices.Equal(got, want) {
		t.Errorf("audit trail:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r, err := audit.Verify(context.Background(), f.db); err != nil || !r.OK {
		t.Errorf("audit trail does not verify: %+v %v", r, err)
	}
}

// calendarTrail is the audit trail of calendar days, oldest first.
func calendarTrail(t *testing.T, f *fixture) []string {
	t.Helper()
	rows, err := f.db.Read().QueryContext(context.Background(),
		"SELECT action, record_id, actor_id, detail FROM audit_events WHERE record_type = $1 ORDER BY seq", calendar.RecordType)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var action, id, actor, detail string
		if err := rows.Scan(&action, &id, &actor, &detail); err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.Join([]string{action, id, actor, detail}, " | "))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func day(t *testing.T, s string) civil.Date {
	t.Helper()
	d, err := civil.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
