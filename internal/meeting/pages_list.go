package meeting

import (
	"net/http"
	"slices"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/choice"
	"mace/internal/platform/web"
)

// The list of meetings.

type listData struct {
	Kind       string
	Kinds      []choice.Option
	Upcoming   []Summary
	Recent     []Summary
	CanArrange bool
	CanReport  bool
}

// List shows upcoming meetings and those of the last eight weeks that the
// user may see, of one kind or all.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) error {
	u := auth.UserFrom(r.Context())
	kind := r.URL.Query().Get("kind")
	if !Kinds.Has(kind) {
		kind = ""
	}
	now := today(h.Svc)
	up, err := h.Svc.List(r.Context(), ListQuery{Kind: kind, From: now, To: now.AddDays(366)})
	if err != nil {
		return err
	}
	recent, err := h.Svc.List(r.Context(), ListQuery{Kind: kind, From: now.AddDays(-56), To: now.AddDays(-1)})
	if err != nil {
		return err
	}
	slices.Reverse(recent)
	d := listData{Kind: kind, Kinds: Kinds.Options(), Upcoming: up, Recent: recent, CanArrange: access.RunMeetings(u),
		CanReport: access.MeetingAbsenceReport(u, u.Organisation.ID)}
	h.R.Render(w, r, http.StatusOK, "meeting/list", web.Page{Title: "Meetings", Nav: "meetings", Data: d})
	return nil
}
