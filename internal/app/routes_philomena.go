package app

import (
	"mace/internal/philomena"
	"mace/internal/platform/auth"
)

// Who may use Philomena profiles, matching access.ViewPhilomena and
// access.EditPhilomena: the service checks the record and the organisation
// too (police officers only of a force involved with the child; casework
// staff only of the owning authority).
var (
	philomenaReaders = []auth.Role{auth.MissingCoordinator, auth.Police, auth.Screener, auth.Practitioner, auth.Lead, auth.Manager}
	philomenaWriters = []auth.Role{auth.MissingCoordinator, auth.Practitioner, auth.Lead, auth.Manager}
)

// photoUploadBody is the largest request the photograph upload accepts:
// room for a file well over the limit, so that one a little too large is
// refused with a message beside the field rather than an error page.
const photoUploadBody = 4 * philomena.MaxPhotoBytes

// philomenaRoutes are the Philomena profiles' pages and API.
func (s *server) philomenaRoutes() []route {
	p := s.philomena
	return []route{
		{Method: "GET", Pattern: "/people/{id}/philomena", Handler: p.View, Roles: philomenaReaders},
		{Method: "GET", Pattern: "/people/{id}/philomena/print", Handler: p.Print, Roles: philomenaReaders},
		{Method: "GET", Pattern: "/people/{id}/philomena/photo.jpg", Handler: p.Photo, Roles: philomenaReaders},
		{Method: "GET", Pattern: "/people/{id}/philomena/edit", Handler: p.Edit, Roles: philomenaWriters},
		{Method: "POST", Pattern: "/people/{id}/philomena/edit", Handler: p.Save, Roles: philomenaWriters},
		{Method: "GET", Pattern: "/people/{id}/philomena/photo", Handler: p.PhotoForm, Roles: philomenaWriters},
		{Method: "POST", Pattern: "/people/{id}/philomena/photo", Handler: p.UploadPhoto, Roles: philomenaWriters,
			MaxBody: photoUploadBody},
		{Method: "GET", Pattern: "/api/v1/people/{id}/philomena", Handler: p.APIGet, Roles: philomenaReaders, API: true},
		{Method: "PUT", Pattern: "/api/v1/people/{id}/philomena", Handler: p.APIPut, Roles: philomenaWriters, API: true},
	}
}
