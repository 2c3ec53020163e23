package meeting

import (
	"net/http"
	"net/url"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
	"mace/internal/platform/choice"
	"mace/internal/platform/page"
	"mace/internal/platform/web"
)

// The list of meetings.

// RecentShown is how many of the last eight weeks' meetings the list shows
// at most, the latest first; the page says when there are more.
const RecentShown = page.Default

type listData struct {
	Kind       string
	Kinds      []choice.Option
	Upcoming   ListPage
	Recent     []Summary
	RecentMore bool
	CanArrange bool
	CanReport  bool
	FirstHref  string
	NextHref   string
}

// List shows upcoming meetings the user may see, a page at a time (after=
// is the cursor of the page, from its "Next page" link), and on the first
// page the latest of the last eight weeks, of one kind or all.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) error {
	u := auth.UserFrom(r.Context())
	kind := r.URL.Query().Get("kind")
	if !Kinds.Has(kind) {
		kind = ""
	}
	d := listData{Kind: kind, Kinds: Kinds.Options(), CanArrange: access.RunMeetings(u),
		CanReport: access.MeetingAbsenceReport(u, u.Organisation.ID)}
	form, status := web.NewForm(url.Values{}), http.StatusOK
	now := today(h.Svc)
	up, err := h.Svc.List(r.Context(), ListQuery{Kind: kind, From: now, To: now.AddDays(366), After: r.URL.Query().Get("after")})
	if form.Fail(err) {
		// A made-up cursor: the problem, and nothing listed.
		status, up = http.StatusUnprocessableEntity, ListPage{}
	} else if err != nil {
		return err
	}
	d.Upcoming = up
	link := func(after string) string {
		v := url.Values{}
		if kind != "" {
			v.Set("kind", kind)
		}
		if after != "" {
			v.Set("after", after)
		}
		if len(v) == 0 {
			return "/meetings"
		}
		return "/meetings?" + v.Encode()
	}
	if !up.First {
		d.FirstHref = link("")
	}
	if up.Next != "" {
		d.NextHref = link(up.Next)
	}
	if up.First {
		recent, err := h.Svc.List(r.Context(), ListQuery{Kind: kind, From: now.AddDays(-56), To: now.AddDays(-1), Desc: true, Limit: RecentShown})
		if err != nil {
			return err
		}
		d.Recent, d.RecentMore = recent.Meetings, recent.Next != ""
	}
	h.R.Render(w, r, status, "meeting/list", web.Page{Title: "Meetings", Nav: "meetings", Data: d, Form: form})
	return nil
}
