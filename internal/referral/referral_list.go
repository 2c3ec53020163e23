package referral

import (
	"net/http"
	"time"

	"mace/internal/platform/web"
)

type mineData struct {
	Referrals []*Referral
	Now       time.Time
	// FirstHref and NextHref are the links to the first and next pages,
	// "" where there is none.
	FirstHref, NextHref string
}

// Mine lists the user's own referrals and their outcomes, a page at a
// time: after= is the cursor of the page before.
func (h *Handlers) Mine(w http.ResponseWriter, r *http.Request) error {
	after := r.URL.Query().Get("after")
	l, err := h.Svc.MinePage(r.Context(), ListQuery{After: after})
	if err != nil {
		return err
	}
	d := mineData{Referrals: l.Referrals, Now: h.Svc.Now()}
	if after != "" {
		d.FirstHref = "/referrals"
	}
	if l.Next != "" {
		d.NextHref = "/referrals?after=" + l.Next
	}
	h.R.Render(w, r, http.StatusOK, "referral/mine", web.Page{Title: "Your referrals", Nav: "referrals", Data: d})
	return nil
}
