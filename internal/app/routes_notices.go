package app

// noticeRoutes are a user's own notices: open to every signed-in user.
func (s *server) noticeRoutes() []route {
	return []route{
		{Method: "GET", Pattern: "/notices", Handler: s.notices.List},
		{Method: "POST", Pattern: "/notices/{id}/read", Handler: s.notices.MarkRead},
	}
}
