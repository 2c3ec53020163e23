package referral

import (
	"net/http"
	"time"

	"mace/internal/platform/web"
)

type mineData struct {
	Referrals []*Referral
	Now       time.Time
}

// Mine lists the user's own referrals and their outcomes.
func (h *Handlers) Mine(w http.ResponseWriter, r *http.Request) error {
	rs, err := h.Svc.Mine(r.Context(), 200)
	if err != nil {
		return err
	}
	h.R.Render(w, r, http.StatusOK, "referral/mine", web.Page{Title: "Your referrals", Nav: "referrals",
		Data: mineData{rs, h.Svc.Now()}})
	return nil
}
