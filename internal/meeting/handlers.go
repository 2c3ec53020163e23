package meeting

import "log/slog"

// Handlers serve meetings over HTTP.
type Handlers struct {
	Svc *Service
	Log *slog.Logger
}
