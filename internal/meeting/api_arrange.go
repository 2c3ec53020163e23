package meeting

import (
	"net/http"

	"mace/internal/platform/web"
)

// APIArrangeAssessment answers POST /api/v1/meetings/{id}/items/{item}/assessment:
// arranges (or re-arranges) the item's initial exploitation assessment. A
// retry with the same Idempotency-Key header changes and sends nothing
// again, and returns the arrangement.
func (h *Handlers) APIArrangeAssessment(w http.ResponseWriter, r *http.Request) {
	var in ArrangeInput
	if err := web.DecodeJSON(r, &in); err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	key, err := web.IdempotencyKey(r)
	if err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	in.IdempotencyKey = key
	a, err := h.Svc.ArrangeAssessment(r.Context(), r.PathValue("id"), r.PathValue("item"), in)
	if err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	web.JSON(w, http.StatusOK, a)
}

// APIAssessment answers GET /api/v1/meetings/{id}/items/{item}/assessment.
func (h *Handlers) APIAssessment(w http.ResponseWriter, r *http.Request) {
	a, err := h.Svc.Assessment(r.Context(), r.PathValue("id"), r.PathValue("item"))
	if err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	web.JSON(w, http.StatusOK, a)
}

// APIAssessmentLatest answers GET /api/v1/meetings/{id}/assessment-latest:
// the latest date allowed for the assessments arranged at the meeting.
func (h *Handlers) APIAssessmentLatest(w http.ResponseWriter, r *http.Request) {
	l, err := h.Svc.AssessmentLatest(r.Context(), r.PathValue("id"))
	if err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	web.JSON(w, http.StatusOK, l)
}
