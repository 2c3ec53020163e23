package meeting

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/choice"
	"mace/internal/platform/civil"
	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// The daily meeting's agenda page, and recording the meeting from it.

type dailyData struct {
	Date      civil.Date
	Agenda    *DailyAgenda
	Since     string
	Recorded  *Summary
	CanRecord bool
	Chairs    []choice.Option
	IdemKey   string
	Prev      string
	Next      string
}

// nextWorkingDay is the first working day after day.
func nextWorkingDay(cal *calendar.Calendar, day civil.Date, step int) civil.Date {
	d := day.AddDays(step)
	for i := 0; i < 30 && !cal.IsWorkingDay(d); i++ {
		d = d.AddDays(step)
	}
	return d
}

// Daily shows the generated agenda of the daily meeting on ?date= (the next
// working day when not given), with the reasons for each item, and for
// those who run meetings the form that records the meeting with the items
// chosen.
func (h *Handlers) Daily(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm(url.Values{"idempotency_key": {web.RandomToken()}, "time": {"09:30"},
		"chair_id": {auth.UserFrom(r.Context()).ID}})
	return h.showDaily(w, r, http.StatusOK, f, r.URL.Query().Get("date"), true)
}

func (h *Handlers) showDaily(w http.ResponseWriter, r *http.Request, status int, f *web.Form, day string, fresh bool) error {
	cal, err := h.Svc.Calendar.Calendar(r.Context())
	if err != nil {
		return errs.Wrap(err, "reading the calendar")
	}
	date := nextWorkingDay(cal, today(h.Svc), 1)
	if day != "" {
		d, err := civil.Parse(day)
		if err != nil {
			return errs.E(errs.Invalid, "Give the date of the daily meeting like 2026-11-24")
		}
		date = d
	}
	d := dailyData{Date: date, CanRecord: access.RunMeetings(auth.UserFrom(r.Context())), IdemKey: f.Get("idempotency_key"),
		Prev: nextWorkingDay(cal, date, -1).String(), Next: nextWorkingDay(cal, date, 1).String()}
	ag, err := h.Agendas.Daily(r.Context(), date)
	if errs.Is(err, errs.Invalid) {
		f.Fail(err)
		h.R.Render(w, r, http.StatusUnprocessableEntity, "meeting/daily", web.Page{Title: "Daily meeting agenda",
			Nav: "meetings", Form: f, Data: d})
		return nil
	}
	if err != nil {
		return err
	}
	d.Agenda = ag
	d.Since = "Since the daily meeting on " + ag.From.In(civil.London).Format("Monday 2 January at 15:04")
	if fresh {
		for _, it := range ag.Items {
			f.Values.Add("items", it.Key())
		}
		if at := ag.To.In(civil.London); civil.Of(at) == date {
			f.Values.Set("time", at.Format("15:04"))
		}
	}
	recorded, err := h.Svc.List(r.Context(), ListQuery{Kind: Daily, From: date, To: date, Limit: 1})
	if err != nil {
		return err
	}
	if len(recorded.Meetings) > 0 {
		d.Recorded = &recorded.Meetings[0]
	}
	if d.Chairs, err = h.chairs(r); err != nil {
		return err
	}
	h.R.Render(w, r, status, "meeting/daily", web.Page{Title: "Daily meeting agenda", Nav: "meetings", Form: f, Data: d})
	return nil
}

// RecordDaily records the daily meeting for the date with the generated
// items chosen as its agenda. A double submit records it once.
func (h *Handlers) RecordDaily(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	day, err := civil.Parse(f.Get("date"))
	if err != nil {
		return errs.E(errs.Invalid, "Give the date of the daily meeting like 2026-11-24")
	}
	ag, err := h.Agendas.generate(r.Context(), day)
	if err != nil {
		if errs.Is(err, errs.Invalid) {
			f.Fail(err)
			return h.showDaily(w, r, http.StatusUnprocessableEntity, f, day.String(), false)
		}
		return err
	}
	chosen := f.All("items")
	var items []AgendaItem
	for _, it := range ag.Items {
		if slices.Contains(chosen, it.Key()) {
			items = append(items, it)
		}
	}
	m, err := h.Svc.RecordDaily(r.Context(), Input{Date: day.String(), Time: formClock(f.Get("time")), ChairID: f.Get("chair_id")},
		items, f.Get("idempotency_key"))
	if rename(f, err, nil) {
		return h.showDaily(w, r, failStatus(err), f, day.String(), false)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/meetings/"+m.ID, fmt.Sprintf("Daily meeting recorded with %d agenda items", len(m.Items)))
	return nil
}
