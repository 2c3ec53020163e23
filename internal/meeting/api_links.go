package meeting

import (
	"net/http"

	"mace/internal/platform/web"
)

// APIAddLink answers POST /api/v1/meetings/{id}/links: an association
// discussed at the meeting, recorded for the association map.
func (h *Handlers) APIAddLink(w http.ResponseWriter, r *http.Request) error {
	var in LinkInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	l, err := h.Svc.AddLink(r.Context(), r.PathValue("id"), in)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, l)
	return nil
}

// APILinks answers GET /api/v1/meetings/{id}/links: the associations
// recorded at the meeting.
func (h *Handlers) APILinks(w http.ResponseWriter, r *http.Request) error {
	ls, err := h.Svc.Links(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, map[string]any{"links": ls})
	return nil
}
