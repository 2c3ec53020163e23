package philomena

import (
	"net/http"

	"mace/internal/platform/errs"
	"mace/internal/platform/web"
)

// The JSON API for profiles, under /api/v1/people/{id}/philomena.

type apiProfile struct {
	*Profile
	// MissingHistory is null when no missing episode is recorded.
	MissingHistory *History `json:"missing_history"`
	// PhotoURL is where the photograph is served, when there is one.
	PhotoURL string `json:"photo_url,omitempty"`
}

func (h *Handlers) apiOf(personID string, p *Profile, hist *History) apiProfile {
	out := apiProfile{Profile: p, MissingHistory: hist}
	if p.Photo != nil {
		out.PhotoURL = h.path(personID, "/photo.jpg")
	}
	return out
}

// APIGet answers GET /api/v1/people/{id}/philomena.
func (h *Handlers) APIGet(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	v, err := h.Svc.Get(r.Context(), id)
	if err == nil && !v.Profile.Exists() {
		err = errs.E(errs.NotFound, "There is no Philomena profile for this young person yet: create one with PUT and version 0")
	}
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, h.apiOf(v.Person.ID, v.Profile, v.History))
	return nil
}

// APIPut answers PUT /api/v1/people/{id}/philomena: the whole profile, with
// the version it was read at (0 to create it).
func (h *Handlers) APIPut(w http.ResponseWriter, r *http.Request) error {
	var in Input
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	created := in.Version == 0
	id := r.PathValue("id")
	p, err := h.Svc.Save(r.Context(), id, in)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	web.JSON(w, status, h.apiOf(p.PersonID, p, nil))
	return nil
}
