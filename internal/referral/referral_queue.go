package referral

import (
	"net/http"
	"net/url"
	"time"

	"mace/internal/platform/web"
)

type queueData struct {
	Queue     Queue
	Now       time.Time
	FirstHref string
	NextHref  string
}

// Queue shows the screening queue with the time left on each referral, the
// referrals awaiting a decision a page at a time: after= is the cursor of
// the page, from its "Next page" link.
func (h *Handlers) Queue(w http.ResponseWriter, r *http.Request) error {
	q, err := h.Svc.QueuePage(r.Context(), ListQuery{After: r.URL.Query().Get("after")})
	status, d, form := http.StatusOK, queueData{Now: h.Svc.Now()}, web.NewForm(url.Values{})
	if form.Fail(err) {
		// A made-up cursor: the problem, and nothing listed.
		status, d.FirstHref = http.StatusUnprocessableEntity, "/screening"
	} else if err != nil {
		return err
	} else {
		d.Queue = q
		if !q.First {
			d.FirstHref = "/screening"
		}
		if q.Next != "" {
			d.NextHref = "/screening?" + url.Values{"after": {q.Next}}.Encode()
		}
	}
	h.R.Render(w, r, status, "referral/queue", web.Page{Title: "Screening queue", Nav: "screening", Data: d, Form: form})
	return nil
}
