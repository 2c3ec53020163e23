package philomena

import (
	"net/http"
	"strconv"
)

// Photo serves the stored photograph, to a user who may see the profile.
func (h *Handlers) Photo(w http.ResponseWriter, r *http.Request) error {
	b, err := h.Svc.Photo(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", PhotoContentType)
	hd.Set("Content-Length", strconv.Itoa(len(b)))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("Content-Disposition", `inline; filename="photograph.jpg"`)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
	return nil
}
