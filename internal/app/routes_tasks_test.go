package app

// Every signed-in user, whatever their role, has My work and the task API:
// tasks are given to people and teams, not roles (a school's referrer may
// be given an action at a meeting), and each task's own rules in
// platform/access decide who may see or change it.
func init() {
	for _, p := range []string{"GET /my-work", "GET /tasks/{id}", "POST /tasks/{id}/complete", "POST /tasks/{id}/cancel",
		"POST /tasks/{id}/reassign", "GET /api/v1/tasks", "POST /api/v1/tasks/{id}/complete", "POST /api/v1/tasks/{id}/cancel"} {
		allowed[p] = all
	}
}
