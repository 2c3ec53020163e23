package meeting

import (
	"net/http"

	"mace/internal/platform/web"
)

// APIAddLink answers POST /api/v1/meetings/{id}/links: an association
// discussed at the meeting, recorded for the association map.
func (h *Handlers) APIAddLink(w http.ResponseWriter, r *http.Request) {
	var in LinkInput
	if err := web.DecodeJSON(r, &in); err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	l, err := h.Svc.AddLink(r.Context(), r.PathValue("id"), in)
	if err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	web.JSON(w, http.StatusCreated, l)
}

// APILinks answers GET /api/v1/meetings/{id}/links: the associations
// recorded at the meeting.
func (h *Handlers) APILinks(w http.ResponseWriter, r *http.Request) {
	ls, err := h.Svc.Links(r.Context(), r.PathValue("id"))
	if err != nil {
		web.JSONError(w, r, h.Log, err)
		return
	}
	web.JSON(w, http.StatusOK, map[string]any{"links": ls})
}
