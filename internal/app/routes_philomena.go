package app

import (
	"mace/internal/philomena"
	"mace/internal/platform/access"
)

// Who may use Philomena profiles, matching access.ViewPhilomena and
// access.EditPhilomena: the service checks the record and the organisation
// too (police officers only of a force involved with the child; casework
// staff only of the owning authority).

// photoUploadBody is the largest request the photograph upload accepts:
// room for a file well over the limit, so that one a little too large is
// refused with a message beside the field rather than an error page.
const photoUploadBody = 4 * philomena.MaxPhotoBytes

// philomenaRoutes are the Philomena profiles' pages and API.
func (s *server) philomenaRoutes() []route {
	p := s.philomena
	return []route{
		{Method: "GET", Pattern: "/people/{id}/philomena", Handler: p.View, Roles: access.PhilomenaReaders},
		{Method: "GET", Pattern: "/people/{id}/philomena/print", Handler: p.Print, Roles: access.PhilomenaReaders},
		{Method: "GET", Pattern: "/people/{id}/philomena/photo.jpg", Handler: p.Photo, Roles: access.PhilomenaReaders},
		{Method: "GET", Pattern: "/people/{id}/philomena/edit", Handler: p.Edit, Roles: access.PhilomenaWriters},
		{Method: "POST", Pattern: "/people/{id}/philomena/edit", Handler: p.Save, Roles: access.PhilomenaWriters},
		{Method: "GET", Pattern: "/people/{id}/philomena/photo", Handler: p.PhotoForm, Roles: access.PhilomenaWriters},
		{Method: "POST", Pattern: "/people/{id}/philomena/photo", Handler: p.UploadPhoto, Roles: access.PhilomenaWriters,
			MaxBody: photoUploadBody},
		{Method: "GET", Pattern: "/api/v1/people/{id}/philomena", Handler: p.APIGet, Roles: access.PhilomenaReaders, API: true},
		{Method: "PUT", Pattern: "/api/v1/people/{id}/philomena", Handler: p.APIPut, Roles: access.PhilomenaWriters, API: true},
	}
}
