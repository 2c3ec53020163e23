package app

import (
	"context"
	"crypto/subtle"
	"net/http"
	"strconv"
	"strings"
	"time"

	"mace/internal/platform/db"
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

// readyWait bounds each of /readyz's checks.
const readyWait = 2 * time.Second

// readyz says whether the service can serve: the database answers, and
// takes a write (a row of some kilobytes written and deleted, see
// db.CheckWritable), so that a full disk or a read-only database is not
// ready. A database busy with another long write (an import holding
// SQLite's one writer) is ready: writes wait their turn. Not ready answers
// 503 with the reason, in plain words.
func (s *server) readyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*readyWait)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	reason := ""
	if err := s.svc.DB.Ping(ctx); err != nil {
		if reason = db.UnavailableReason(err); reason == "" || reason == db.Busy {
			reason = "the database does not answer"
		}
		s.log.Warn("not ready", "reason", reason, "err", err)
	} else if err := s.svc.DB.CheckWritable(ctx, readyWait); err != nil {
		if reason = db.UnavailableReason(err); reason == "" {
			reason = "the database cannot be written"
		}
		if reason == db.Busy {
			_, _ = w.Write([]byte("ready: " + reason + "; writes wait their turn\n"))
			return nil
		}
		s.log.Warn("not ready", "reason", reason, "err", err)
	}
	if reason != "" {
		w.Header().Set("Retry-After", strconv.Itoa(web.RetryAfter))
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("not ready: " + reason + "\n"))
		return nil
	}
	_, _ = w.Write([]byte("ready\n"))
	return nil
}
