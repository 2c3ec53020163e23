package people

import (
	"context"
	"database/sql"

	"mace/internal/platform/access"
	"mace/internal/platform/auth"
)

// ReadTx returns the person record id as the signed-in user may see it,
// with the access record the rules decided on, inside the caller's
// transaction tx. It does not audit: a feature that shows part of a person
// record (a profile, a plan) records its own view, in tx, so one look is one
// event. A record the user may not see at all is not found; a restricted
// one comes back with ContentHidden set.
func (s *Service) ReadTx(ctx context.Context, tx *sql.Tx, id string) (*Person, access.Record, error) {
	u, err := auth.Actor(ctx)
	if err != nil {
		return nil, access.Record{}, err
	}
	return s.load(ctx, tx, u, id)
}
