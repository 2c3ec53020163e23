package meeting

import (
	"net/http"

	"mace/internal/platform/web"
)

// APIArrangeAssessment answers POST /api/v1/meetings/{id}/items/{item}/assessment:
// arranges (or re-arranges) the item's initial exploitation assessment. A
// retry with the same Idempotency-Key header changes and sends nothing
// again, and returns the arrangement.
func (h *Handlers) APIArrangeAssessment(w http.ResponseWriter, r *http.Request) error {
	var in ArrangeInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	key, err := web.IdempotencyKey(r)
	if err != nil {
		return err
	}
	in.IdempotencyKey = key
	a, err := h.Svc.ArrangeAssessment(r.Context(), r.PathValue("id"), r.PathValue("item"), in)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, a)
	return nil
}

// APIAssessment answers GET /api/v1/meetings/{id}/items/{item}/assessment.
func (h *Handlers) APIAssessment(w http.ResponseWriter, r *http.Request) error {
	a, err := h.Svc.Assessment(r.Context(), r.PathValue("id"), r.PathValue("item"))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, a)
	return nil
}

// APIAssessmentLatest answers GET /api/v1/meetings/{id}/assessment-latest:
// the latest date allowed for the assessments arranged at the meeting.
func (h *Handlers) APIAssessmentLatest(w http.ResponseWriter, r *http.Request) error {
	l, err := h.Svc.AssessmentLatest(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, l)
	return nil
}
