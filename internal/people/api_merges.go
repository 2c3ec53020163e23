package people

import (
	"net/http"

	"mace/internal/platform/web"
)

// The JSON API for merges: POST /api/v1/people/{id}/merge and
// POST /api/v1/merges/{id}/undo. A merged record's own address answers 404
// with a message naming the record it was merged into.

type apiMergeRequest struct {
	DuplicateID      string `json:"duplicate_id"`
	Reason           string `json:"reason"`
	KeepVersion      int    `json:"keep_version,omitempty"`
	DuplicateVersion int    `json:"duplicate_version,omitempty"`
}

// APIMerge answers POST /api/v1/people/{id}/merge: the record {id} is kept
// and duplicate_id is merged into it.
func (h *Handlers) APIMerge(w http.ResponseWriter, r *http.Request) error {
	var in apiMergeRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	m, err := h.Svc.MergeRecords(r.Context(), MergeRequest{KeepID: r.PathValue("id"), DuplicateID: in.DuplicateID,
		Reason: in.Reason, KeepVersion: in.KeepVersion, DuplicateVersion: in.DuplicateVersion})
	if err != nil {
		return err
	}
	if m.Changes == nil {
		m.Changes = []MergeChange{}
	}
	web.JSON(w, http.StatusCreated, m)
	return nil
}

// APIUndoMerge answers POST /api/v1/merges/{id}/undo.
func (h *Handlers) APIUndoMerge(w http.ResponseWriter, r *http.Request) error {
	if err := h.Svc.UndoMerge(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
