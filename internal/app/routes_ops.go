package app

import (
	"context"
	"net/http"
	"time"

	"mace/internal/platform/web"
	"mace/internal/platform/web/assets"
)

// opsRoutes are for operators and load balancers, and the static assets.
func (s *server) opsRoutes() []route {
	files := http.StripPrefix("/assets/", http.FileServerFS(assets.Static))
	return []route{
		{Method: "GET", Pattern: "/healthz", Handler: s.healthz, Public: true},
		{Method: "GET", Pattern: "/readyz", Handler: s.readyz, Public: true},
		{Method: "GET", Pattern: "/metrics", Handler: web.Std(s.metricsHandler()), Public: true},
		{Method: "GET", Pattern: "/assets/", Handler: web.Std(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "public, max-age=3600")
			files.ServeHTTP(w, r)
		})), Public: true},
		// Anything else is the service's own "page not found".
		{Method: "GET", Pattern: "/", Handler: web.NotFound, Public: true},
	}
}

// healthz says the process is alive.
func (s *server) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
	return nil
}

// readyz says whether the service can serve: the database answers.
func (s *server) readyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.svc.DB.Ping(ctx); err != nil {
		s.log.Warn("not ready: database does not answer", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unavailable\n"))
		return nil
	}
	_, _ = w.Write([]byte("ready\n"))
	return nil
}
