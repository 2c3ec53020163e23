package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"mace/internal/platform/auth"
)

type requestIDKey struct{}

// RequestID is the id given to the request being served.
func RequestID(ctx context.Context) string {
	s, _ := ctx.Value(requestIDKey{}).(string)
	return s
}

// Metrics are the request counters and timings exported on /metrics.
type Metrics struct {
	Requests *prometheus.CounterVec
	Duration *prometheus.HistogramVec
}

// NewMetrics registers the request metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mace_http_requests_total", Help: "HTTP requests served, by route and status.",
		}, []string{"route", "method", "status"}),
		Duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "mace_http_request_duration_seconds", Help: "Time to serve HTTP requests, by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route", "method"}),
	}
	reg.MustRegister(m.Requests, m.Duration)
	return m
}

// RequestTimeout bounds the work of one request.
const RequestTimeout = 2 * time.Minute

type recorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *recorder) WriteHeader(s int) {
	if r.status == 0 {
		r.status = s
	}
	r.ResponseWriter.WriteHeader(s)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Observe gives each request an id, logs it (route pattern, status,
// duration, user id: never names or query strings, which may hold personal
// data), counts it, and turns a panic into a 500.
func Observe(log *slog.Logger, m *Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		var b [8]byte
		_, _ = rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		w.Header().Set("X-Request-Id", id)
		// The work of a request is not broken off when the client hangs
		// up: a half-done change would only be rolled back, and a query
		// abandoned mid-way can leave a database connection, and the locks
		// it holds, in limbo. It has its own limit instead.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), RequestTimeout)
		defer cancel()
		ctx = context.WithValue(ctx, requestIDKey{}, id)
		rec := &recorder{ResponseWriter: w}
		info := &requestInfo{}
		ctx = context.WithValue(ctx, requestInfoKey{}, info)
		r = r.WithContext(ctx)
		defer func() {
			if p := recover(); p != nil {
				log.Error("panic serving a request", "request_id", id, "panic", p, "stack", string(debug.Stack()))
				if rec.status == 0 {
					http.Error(rec, "Sorry, there is a problem with the service.", http.StatusInternalServerError)
				}
			}
			route := info.route
			if route == "" {
				route = "unmatched"
			}
			status := rec.status
			if status == 0 {
				status = http.StatusOK
			}
			d := time.Since(start)
			if m != nil {
				m.Requests.WithLabelValues(route, r.Method, strconv.Itoa(status)).Inc()
				m.Duration.WithLabelValues(route, r.Method).Observe(d.Seconds())
			}
			attrs := []any{"request_id", id, "method", r.Method, "route", route, "status", status,
				"duration_ms", float64(d.Microseconds()) / 1000, "bytes", rec.bytes}
			if info.userID != "" {
				attrs = append(attrs, "user_id", info.userID)
			}
			log.Info("request", attrs...)
		}()
		next.ServeHTTP(rec, r)
	})
}

// requestInfo is filled in by inner handlers for the log line and metrics
// written by Observe, which sees only the outermost request.
type requestInfoKey struct{}
type requestInfo struct{ userID, route string }

// NoteUser records the signed-in user's id for the request log line.
func NoteUser(ctx context.Context, u *auth.User) {
	if h, ok := ctx.Value(requestInfoKey{}).(*requestInfo); ok && u != nil {
		h.userID = u.ID
	}
}

// NoteRoute records the matched route pattern (never the path, which may
// hold identifiers) for the log line and metrics.
func NoteRoute(ctx context.Context, pattern string) {
	if h, ok := ctx.Value(requestInfoKey{}).(*requestInfo); ok {
		h.route = pattern
	}
}

// SecureHeaders sets the security headers on every response and limits the
// size of request bodies.
func SecureHeaders(maxBody int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if IsTLS(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		}
		next.ServeHTTP(w, r)
	})
}

type trustedProxyKey struct{}

// TrustProxy marks requests as coming through a proxy the service trusts
// (trust, from --trust-proxy), whose X-Forwarded-* headers are then
// believed. Without it, anyone could send them: X-Forwarded-Proto is
// ignored, and ClientAddress is told not to trust X-Forwarded-For.
func TrustProxy(trust bool, next http.Handler) http.Handler {
	if !trust {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), trustedProxyKey{}, true)))
	})
}

func proxyTrusted(r *http.Request) bool {
	trusted, _ := r.Context().Value(trustedProxyKey{}).(bool)
	return trusted
}

// ClientAddress is the address a request came from. Behind a trusted proxy
// (trustProxy) it is the last address the proxy added to X-Forwarded-For.
func ClientAddress(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			last := xff[len(xff)-1]
			for i := len(last) - 1; i >= 0; i-- {
				if last[i] == ',' {
					last = last[i+1:]
					break
				}
			}
			if ip := net.ParseIP(strings.TrimSpace(last)); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
