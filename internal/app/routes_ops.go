package app

import (
	"context"
	"crypto/subtle"
	"net/http"
	"strings"
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
		// Open only to a scraper with the metrics token (see serveMetrics).
		{Method: "GET", Pattern: "/metrics", Handler: s.serveMetrics, Public: true},
		{Method: "GET", Pattern: "/assets/", Handler: web.Std(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "public, max-age=3600")
			files.ServeHTTP(w, r)
		})), Public: true},
		// Anything else is the service's own "page not found".
		{Method: "GET", Pattern: "/", Handler: web.NotFound, Public: true},
	}
}

// serveMetrics serves the Prometheus metrics on the main address, only to a
// request bearing the metrics token (MACE_METRICS_TOKEN); without one
// configured, there is no such page. The --metrics-addr listener serves
// them without a token (metricsOnly).
func (s *server) serveMetrics(w http.ResponseWriter, r *http.Request) error {
	want := s.cfg.MetricsToken
	if want == "" {
		return web.NotFound(w, r)
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(want)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
		http.Error(w, "send the metrics token as Authorization: Bearer TOKEN", http.StatusUnauthorized)
		return nil
	}
	s.metricsHandler().ServeHTTP(w, r)
	return nil
}

// metricsOnly is the handler of the --metrics-addr listener: /metrics and
// nothing else.
func (s *server) metricsOnly() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", s.metricsHandler())
	return mux
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
