package referral

import (
	"net/http"
	"time"

	"mace/internal/platform/web"
)

type queueData struct {
	Queue Queue
	Now   time.Time
}

// Queue shows the screening queue with the time left on each referral.
func (h *Handlers) Queue(w http.ResponseWriter, r *http.Request) error {
	q, err := h.Svc.Queue(r.Context())
	if err != nil {
		return err
	}
	h.R.Render(w, r, http.StatusOK, "referral/queue", web.Page{Title: "Screening queue", Nav: "screening",
		Data: queueData{q, h.Svc.Now()}})
	return nil
}
