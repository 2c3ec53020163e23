package admin

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"time"

	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// holidayRow is one bank holiday of the year shown, or a rule holiday an
// administrator removed.
type holidayRow struct {
	Date    string // YYYY-MM-DD, for the remove form
	Long    string // "3 April 2026"
	Weekday string
	Name    string
	Added   bool // an administrator's extra bank holiday
	Removed bool // a rule holiday made a working day
}

// changeRow is one administrator's change, as listed.
type changeRow struct {
	Long, Weekday string
	Year          int
	Name          string
	Added         bool // else removed
	By            string
	At            time.Time
}

type calendarData struct {
	Year, Prev, Next int // Prev and Next are 0 beyond the years shown
	Holidays         []holidayRow
	Changes          []changeRow
}

// today is the date in London by the calendar service's clock, which the
// handlers take as theirs.
func (h *Handlers) today() civil.Date { return calendar.LondonDate(h.Calendar.Now()) }

func shownYear(y int) bool { return y >= calendar.FirstChangeYear && y <= calendar.LastChangeYear }

// parseYear reads a year the page can show; ok is false for anything else.
func parseYear(s string) (int, bool) {
	y, err := strconv.Atoi(s)
	if err != nil || !shownYear(y) {
		return 0, false
	}
	return y, true
}

// failed puts the problems of an Invalid error on a form, each passed
// through change first when it is not nil.
func failed(f *web.Form, err error, change func(errs.FieldError) errs.FieldError) {
	fields := errs.Fields(err)
	if len(fields) == 0 {
		f.SetError("", errs.Public(err))
	}
	for _, fe := range fields {
		if change != nil {
			fe = change(fe)
		}
		f.SetError(fe.Field, fe.Message)
	}
}

// calendarPage gathers the bank holidays of a year and every administrator's
// change. Both come from the stored changes read here, so the marks always
// agree with the list.
func (h *Handlers) calendarPage(r *http.Request, year int) (calendarData, error) {
	ctx := r.Context()
	changes, err := h.Calendar.Changes(ctx)
	if err != nil {
		return calendarData{}, err
	}
	d := calendarData{Year: year}
	if year > calendar.FirstChangeYear {
		d.Prev = year - 1
	}
	if year < calendar.LastChangeYear {
		d.Next = year + 1
	}
	added := map[civil.Date]bool{}
	for _, c := range changes {
		if c.Kind == calendar.KindHoliday {
			added[c.Date] = true
		}
	}
	for _, hol := range calendar.New(changes...).Holidays(year) {
		d.Holidays = append(d.Holidays, holidayRowOf(hol.Date, hol.Name, added[hol.Date], false))
	}
	names := map[string]string{}
	for _, c := range changes {
		if c.Kind == calendar.KindWorking && c.Date.Year == year {
			d.Holidays = append(d.Holidays, holidayRowOf(c.Date, c.Name, false, true))
		}
		by, ok := names[c.CreatedBy]
		if !ok {
			by = h.userName(r, c.CreatedBy)
			names[c.CreatedBy] = by
		}
		d.Changes = append(d.Changes, changeRow{Long: c.Date.Long(), Weekday: weekday(c.Date),
			Year: c.Date.Year, Name: c.Name, Added: c.Kind == calendar.KindHoliday, By: by, At: c.CreatedAt})
	}
	slices.SortStableFunc(d.Holidays, func(a, b holidayRow) int { return cmp.Compare(a.Date, b.Date) })
	return d, nil
}

func holidayRowOf(d civil.Date, name string, added, removed bool) holidayRow {
	return holidayRow{Date: d.String(), Long: d.Long(), Weekday: weekday(d), Name: name, Added: added, Removed: removed}
}

func weekday(d civil.Date) string { return d.Time(time.UTC).Weekday().String() }

// userName names the user who made a change: the system, or a user no
// longer found, by what is stored.
func (h *Handlers) userName(r *http.Request, id string) string {
	if id == "system" {
		return "The system"
	}
	if u, err := h.Auth.GetUser(r.Context(), id); err == nil {
		return u.Name
	}
	return id
}

func (h *Handlers) showCalendar(w http.ResponseWriter, r *http.Request, status int, f *web.Form, year int) error {
	d, err := h.calendarPage(r, year)
	if err != nil {
		return err
	}
	h.render(w, r, status, "calendar", "Bank holidays in "+strconv.Itoa(year), f, d)
	return nil
}

// BankHolidays shows the bank holidays of a year (?year=, the current year in
// London by default), those an administrator added or removed marked, with
// every administrator's change and the form to add a bank holiday.
func (h *Handlers) BankHolidays(w http.ResponseWriter, r *http.Request) error {
	if err := mayPartnership(r.Context()); err != nil {
		return err
	}
	year := h.today().Year
	if s := r.URL.Query().Get("year"); s != "" {
		y, ok := parseYear(s)
		if !ok {
			return web.NotFound(w, r)
		}
		year = y
	}
	return h.showCalendar(w, r, http.StatusOK, nil, year)
}

// formYear is the year of the page a form was sent from, or the current one.
func (h *Handlers) formYear(f *web.Form) int {
	if y, ok := parseYear(f.Get("year")); ok {
		return y
	}
	return h.today().Year
}

// AddBankHoliday adds a one-off bank holiday from the form (date and name) and
// shows its year.
func (h *Handlers) AddBankHoliday(w http.ResponseWriter, r *http.Request) error {
	if err := mayPartnership(r.Context()); err != nil {
		return err
	}
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	d, problem := f.FormDate("date", "Date")
	// A date that could not be read goes to the service as no date, so that
	// the name is still checked; the date's own problem replaces "Enter the
	// date".
	err = h.Calendar.AddHoliday(r.Context(), d, f.Get("name"))
	if errs.Is(err, errs.Invalid) {
		failed(f, err, func(fe errs.FieldError) errs.FieldError {
			if fe.Field == "date" && problem != "" {
				fe.Message = problem
			}
			return fe
		})
		return h.showCalendar(w, r, http.StatusUnprocessableEntity, f, h.formYear(f))
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/admin/calendar?year="+strconv.Itoa(d.Year), "Bank holiday added")
	return nil
}

// RemoveBankHoliday makes the bank holiday on the form's date (YYYY-MM-DD) a
// working day and shows its year.
func (h *Handlers) RemoveBankHoliday(w http.ResponseWriter, r *http.Request) error {
	if err := mayPartnership(r.Context()); err != nil {
		return err
	}
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	d, perr := civil.Parse(f.Get("date"))
	if perr != nil {
		d = civil.Date{} // refused by the service
	}
	err = h.Calendar.RemoveHoliday(r.Context(), d)
	if errs.Is(err, errs.Invalid) {
		// The date came from a button, not a field to correct: the problem
		// is shown in the error summary without a link, and the add form
		// stays empty.
		show := web.NewForm(nil)
		failed(show, err, func(fe errs.FieldError) errs.FieldError { return errs.FieldError{Message: fe.Message} })
		year := h.today().Year
		if shownYear(d.Year) {
			year = d.Year
		}
		return h.showCalendar(w, r, http.StatusUnprocessableEntity, show, year)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/admin/calendar?year="+strconv.Itoa(d.Year), "Bank holiday removed")
	return nil
}
