package meeting

import "log/slog"

// Handlers serve meetings over HTTP.
type Handlers struct {
	Svc     *Service
	Agendas *Agendas
	Log     *slog.Logger
}
