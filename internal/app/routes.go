package app

import (
	"mace/internal/platform/auth"
	"mace/internal/platform/web"
)

// route is one entry of the route table: every route, its roles and whether
// it answers in JSON. The route-by-role test walks this same table.
type route struct {
	Method, Pattern string
	// Handler returns its error to the guard, which shows it as the
	// error page or, for an API route, as the JSON problem.
	Handler web.HandlerFunc
	Roles   []auth.Role // nil: any signed-in user
	Public  bool        // no sign-in needed
	API     bool        // answers in JSON under /api/v1
	// MaxBody, when larger than the configured limit, is this route's
	// largest request body (a file upload).
	MaxBody int64
}

// routes is the whole route table; the files routes_*.go hold each surface.
func (s *server) routes() []route {
	var rs []route
	rs = append(rs, s.opsRoutes()...)
	rs = append(rs, s.webRoutes()...)
	rs = append(rs, s.noticeRoutes()...)
	rs = append(rs, s.adminRoutes()...)
	rs = append(rs, s.apiRoutes()...)
	rs = append(rs, s.referralRoutes()...)
	rs = append(rs, s.consultationRoutes()...)
	rs = append(rs, s.taskRoutes()...)
	rs = append(rs, s.mergeRoutes()...)
	rs = append(rs, s.missingRoutes()...)
	rs = append(rs, s.philomenaRoutes()...)
	rs = append(rs, s.exportRoutes()...)
	rs = append(rs, s.qualityRoutes()...)
	rs = append(rs, s.missingImportRoutes()...)
	rs = append(rs, s.meetingRoutes()...)
	return rs
}
