package meeting

import (
	"net/http"
	"net/url"
	"strconv"

	"mace/internal/platform/choice"
	"mace/internal/platform/errs"
	"mace/internal/platform/text"
	"mace/internal/platform/web"
)

// Changing a meeting's details: its date, time, chair and state, and for a
// strategy discussion the reason and what convened it.

type editData struct {
	M         *Meeting
	Chairs    []choice.Option
	States    []choice.Option
	Conveners []choice.Option
}

// Edit shows the form to change a meeting's details, filled with what is
// stored.
func (h *Handlers) Edit(w http.ResponseWriter, r *http.Request) error {
	m, err := h.Svc.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if !m.CanEdit {
		return errMayNotEdit
	}
	in := InputOf(m)
	f := web.NewForm(url.Values{"time": {in.Time}, "chair_id": {in.ChairID}, "state": {in.State}, "reason": {in.Reason},
		"convened_by_type": {in.ConvenedByType}, "convened_by_id": {in.ConvenedByID}, "version": {strconv.Itoa(m.Version)}})
	f.SetDate("date", m.Date)
	return h.showEdit(w, r, http.StatusOK, f, m)
}

func (h *Handlers) showEdit(w http.ResponseWriter, r *http.Request, status int, f *web.Form, m *Meeting) error {
	chairs, err := h.chairs(r)
	if err != nil {
		return err
	}
	// The stored chair stays choosable even if they may no longer chair.
	known := false
	for _, c := range chairs {
		known = known || c.Value == m.ChairID
	}
	if !known && m.ChairID != "" {
		chairs = append(chairs, choice.Option{Value: m.ChairID, Label: m.ChairName})
	}
	d := editData{M: m, Chairs: chairs, States: States.Options(), Conveners: Conveners.Options()}
	h.R.Render(w, r, status, "meeting/edit", web.Page{Title: "Change the details of the " + kindPhrase(m.Kind), Nav: "meetings",
		Form: f, Data: d})
	return nil
}

// sameDetails reports whether the form in asks for nothing different from
// the stored details.
func sameDetails(stored, in Input) bool {
	return stored.Date == in.Date && stored.Time == in.Time && stored.ChairID == in.ChairID && stored.State == in.State &&
		(in.Kind != Strategy || (stored.Reason == text.Clean(in.Reason) && stored.ConvenedByType == in.ConvenedByType &&
			stored.ConvenedByID == in.ConvenedByID))
}

// Update saves a meeting's details from the form. A stale form (the meeting
// changed since it was shown) is shown again with the service's message,
// keeping what was typed; a second submit of a form already saved goes to
// the record.
func (h *Handlers) Update(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	m, err := h.Svc.Get(r.Context(), id)
	if err != nil {
		return err
	}
	if !m.CanEdit {
		return errMayNotEdit
	}
	version, _ := strconv.Atoi(f.Get("version"))
	if version <= 0 {
		version = -1 // a form without its version is stale
	}
	date, problem := formDay(f, "date", "The date of the meeting")
	in := Input{Kind: m.Kind, Date: date, Time: formClock(f.Get("time")), ChairID: f.Get("chair_id"), State: f.Get("state"),
		Version: version}
	if m.Kind == Strategy {
		in.Reason, in.ConvenedByType, in.ConvenedByID = f.Values.Get("reason"), f.Get("convened_by_type"), f.Get("convened_by_id")
	}
	saved, err := h.Svc.Update(r.Context(), id, in)
	if errs.Is(err, errs.Conflict) {
		// A second submit of a form already saved changes nothing more.
		if now, gerr := h.Svc.Get(r.Context(), id); gerr == nil && sameDetails(InputOf(now), in) {
			saved, err = now, nil
		}
	}
	if rename(f, err, nil) {
		overrule(f, "date", problem)
		return h.showEdit(w, r, failStatus(err), f, m)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/meetings/"+saved.ID, "Meeting details saved")
	return nil
}
