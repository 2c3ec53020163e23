package meeting

import (
	"context"
	"log/slog"

	"mace/internal/platform/auth"
	"mace/internal/platform/web"
)

// Staff lists the partnership's users and an organisation's teams, for
// choosing chairs, attendees and the owners of actions (auth.Service
// provides it).
type Staff interface {
	ListUsers(ctx context.Context, orgID string) ([]*auth.User, error)
	ListTeams(ctx context.Context, orgID string) ([]auth.Team, error)
}

// Handlers serve meetings over HTTP: the pages and the API.
type Handlers struct {
	Svc     *Service
	Agendas *Agendas
	Staff   Staff
	R       *web.Renderer
	Log     *slog.Logger
}
