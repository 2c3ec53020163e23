package meeting

import (
	"context"

	"mace/internal/people"
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

// PeopleFinder searches the person records the user may see, for an
// agenda item about a child or an adult (people.Service provides it).
type PeopleFinder interface {
	List(ctx context.Context, q people.ListQuery) (people.ListResult, error)
}

// Handlers serve meetings over HTTP: the pages and the API.
type Handlers struct {
	Svc     *Service
	Agendas *Agendas
	Staff   Staff
	People  PeopleFinder
	R       *web.Renderer
}
