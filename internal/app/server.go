package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"mace/internal/admin"
	"mace/internal/consultation"
	"mace/internal/meeting"
	"mace/internal/missing"
	"mace/internal/missingimport"
	"mace/internal/people"
	"mace/internal/philomena"
	"mace/internal/platform/db"
	"mace/internal/platform/jobs"
	"mace/internal/platform/notify"
	"mace/internal/platform/web"
	"mace/internal/referral"
	"mace/internal/rhiquality"
	"mace/internal/ssda903"
	"mace/internal/task"
)

// server is the running service: its services, pages and routes.
type server struct {
	cfg     Config
	log     *slog.Logger
	svc     *services
	r       *web.Renderer
	metrics *web.Metrics
	reg     *prometheus.Registry
	people  *people.Handlers
	admin   *admin.Handlers
	ref     *referral.Handlers
	// consultations serves the consultation log's pages and API.
	consultations *consultation.Handlers
	tasks         *task.Handlers
	notices       *notify.Handlers
	// missing serves missing episodes and return interviews.
	missing *missing.Handlers
	// philomena serves the Philomena profiles' pages and API.
	philomena *philomena.Handlers
	// meetings serves the multi-agency meetings' pages and API.
	meetings *meeting.Handlers
	// flights are the requests being served, so that stopping can name
	// any it has to cut off.
	flights *flights
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}

// newServer builds the handlers over svc. Templates are parsed here, so a
// missing or broken one stops start-up.
func newServer(cfg Config, log *slog.Logger, svc *services) (*server, error) {
	r, err := web.NewRenderer(log)
	if err != nil {
		return nil, err
	}
	if err := r.AddPages("app", templates, "templates", nil); err != nil {
		return nil, err
	}
	if err := r.AddPages("people", people.Templates, "templates", people.TemplateFuncs); err != nil {
		return nil, err
	}
	if err := r.AddPages("admin", admin.Templates, "templates", nil); err != nil {
		return nil, err
	}
	if err := r.AddPages("referral", referral.Templates, "templates", referral.TemplateFuncs); err != nil {
		return nil, err
	}
	if err := r.AddPages("consultation", consultation.Templates, "templates", consultation.TemplateFuncs); err != nil {
		return nil, err
	}
	if err := r.AddPages("task", task.Templates, "templates", task.TemplateFuncs); err != nil {
		return nil, err
	}
	if err := r.AddPages("missing", missing.Templates, "templates", missing.TemplateFuncs); err != nil {
		return nil, err
	}
	if err := r.AddPages("philomena", philomena.Templates, "templates", philomena.TemplateFuncs); err != nil {
		return nil, err
	}
	if err := r.AddPages("missing-export", ssda903.Templates, "templates", nil); err != nil {
		return nil, err
	}
	if err := r.AddPages("missing-import", missingimport.Templates, "templates", missingimport.TemplateFuncs); err != nil {
		return nil, err
	}
	r.NavCounts = navCounts(log, svc)
	if err := r.AddPages("notify", notify.Templates, "templates", nil); err != nil {
		return nil, err
	}
	if err := r.AddPages("quality", rhiquality.Templates, "templates", nil); err != nil {
		return nil, err
	}
	if err := r.AddPages("meeting", meeting.Templates, "templates", meeting.TemplateFuncs); err != nil {
		return nil, err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	svc.Auth.IdleTimeout, svc.Auth.AbsoluteTimeout = cfg.SessionIdle, cfg.SessionMax
	svc.Auth.Log = log
	return &server{
		cfg: cfg, log: log, svc: svc, r: r, reg: reg, metrics: web.NewMetrics(reg), flights: &flights{},
		people:        &people.Handlers{Svc: svc.People, R: r},
		admin:         &admin.Handlers{Auth: svc.Auth, Calendar: svc.Calendar, R: r},
		consultations: &consultation.Handlers{Svc: svc.Consultations, R: r},
		ref:           &referral.Handlers{Svc: svc.Referral, R: r},
		tasks: &task.Handlers{Svc: svc.Tasks, Calendars: svc.Calendar, R: r,
			RecordLinks: recordLinks, StepLinks: stepLinks},
		notices:   &notify.Handlers{Notices: svc.Notices, R: r},
		missing:   &missing.Handlers{Svc: svc.Missing, R: r},
		philomena: &philomena.Handlers{Svc: svc.Philomena, R: r},
		meetings:  &meeting.Handlers{Svc: svc.Meetings, Agendas: svc.Agendas, Staff: svc.Auth, People: svc.People, R: r},
	}, nil
}

// handler is the whole service as one http.Handler.
func (s *server) handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.Method+" "+rt.Pattern, s.guard(rt))
	}
	var h http.Handler = mux
	h = s.authenticate(h)
	h = web.CrossOrigin(h)
	// Each route limits its own request body (see guard); this is the
	// largest any allows.
	limit := s.cfg.MaxBody
	for _, rt := range s.routes() {
		limit = max(limit, rt.MaxBody)
	}
	h = web.SecureHeaders(limit, h)
	h = web.TrustProxy(s.cfg.TrustProxy, h)
	return web.Observe(s.log, s.metrics, s.flights.track(h))
}

// writeTimeout is the longest a response may take to write, and so the
// longest a request may run; stopping waits that long by default (--drain).
const writeTimeout = 120 * time.Second

// flights are the requests being served.
type flights struct {
	mu   sync.Mutex
	next uint64
	m    map[uint64]*flight
}

// flight is one request being served: its id, method and, once matched,
// its route (never its path, which may hold identifiers).
type flight struct {
	id, method string
	start      time.Time
	route      atomic.Value // string
}

type flightKey struct{}

// track keeps the requests in flights while they are served. It runs
// inside web.Observe, which gives each its id.
func (f *flights) track(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fl := &flight{id: web.RequestID(r.Context()), method: r.Method, start: time.Now()}
		f.mu.Lock()
		if f.m == nil {
			f.m = map[uint64]*flight{}
		}
		f.next++
		n := f.next
		f.m[n] = fl
		f.mu.Unlock()
		defer func() {
			f.mu.Lock()
			delete(f.m, n)
			f.mu.Unlock()
		}()
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), flightKey{}, fl)))
	})
}

// noteFlight records the route a request matched.
func noteFlight(ctx context.Context, pattern string) {
	if fl, ok := ctx.Value(flightKey{}).(*flight); ok {
		fl.route.Store(pattern)
	}
}

// running lists the requests being served, oldest first.
func (f *flights) running() []*flight {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]*flight, 0, len(f.m))
	for _, fl := range f.m {
		out = append(out, fl)
	}
	slices.SortFunc(out, func(a, b *flight) int { return a.start.Compare(b.start) })
	return out
}

// stop stops hs (and the metrics listener ms, when there is one), letting
// the requests in progress finish for up to drain. Any still running then
// are cut off, and each is logged by route and request id.
func (s *server) stop(hs, ms *http.Server, drain time.Duration) {
	s.log.Info("stopping: finishing requests in progress", "drain_s", drain.Seconds())
	ctx, cancel := context.WithTimeout(context.Background(), drain)
	defer cancel()
	if ms != nil {
		go func() { _ = ms.Shutdown(ctx) }()
	}
	err := hs.Shutdown(ctx)
	cut := 0
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		for _, fl := range s.flights.running() {
			route, _ := fl.route.Load().(string)
			if route == "" {
				route = "unmatched"
			}
			s.log.Warn("stopping: cut off a request still running after the drain", "request_id", fl.id,
				"method", fl.method, "route", route, "running_ms", time.Since(fl.start).Milliseconds())
			cut++
		}
		_ = hs.Close()
		if ms != nil {
			_ = ms.Close()
		}
	}
	if cut > 0 {
		s.log.Info("stopped", "cut_off", cut)
		return
	}
	s.log.Info("stopped")
}

func serve(ctx context.Context, now func() time.Time, args []string, e env, stdout, stderr io.Writer) error {
	start := time.Now()
	cfg, err := serveConfig(args, e)
	if err != nil {
		return err
	}
	log := newLogger(stderr, cfg.LogLevel)
	d, err := openDB(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer d.Close()
	svc := newServices(d, now)
	if svc.Audit.Keys, err = serveAuditKeys(&cfg, log); err != nil {
		return err
	}
	svc.Mail.SMTP, svc.Mail.Log = cfg.SMTP, log
	svc.PublicURL = cfg.PublicURL
	cfg.Settings.apply(svc)
	if err := svc.People.CheckLinks(ctx); err != nil {
		return err
	}
	if cfg.Demo {
		if err := seedDemo(ctx, svc, "small", cfg.DemoSeed, stdout); err != nil {
			return fmt.Errorf("creating the demo data: %w", err)
		}
	}
	srv, err := newServer(cfg, log, svc)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", cfg.Addr, err)
	}
	hs := &http.Server{
		Handler:           srv.handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	bg, stopBG := context.WithCancel(ctx)
	var background sync.WaitGroup
	// The background work ends, and the email being sent is finished,
	// before the database closes.
	defer background.Wait()
	defer stopBG()
	background.Go(func() { srv.sweep(bg) })
	// Each server checks the audit trail and writes signed checkpoints of
	// it outside the database.
	anchors := newAnchorer(svc, cfg.Audit, log)
	background.Go(func() { anchors.run(bg) })
	// Imports run on whichever server claims them; on stopping, a job
	// still running after the runner's grace is handed back to the others.
	runner := newRunner(svc, log)
	svc.MissingImport.Handle(runner)
	background.Go(func() { runner.Run(bg) })
	if svc.Mail.Enabled() {
		background.Go(func() { svc.Mail.Run(bg, mailInterval) })
		log.Info("email is sent through the outbox", "smtp_tls", cfg.SMTP.TLS)
	} else {
		log.Info("email is not configured: set MACE_SMTP_ADDR and MACE_SMTP_FROM to send it")
	}
	fmt.Fprintf(stdout, "mace %s is running at http://%s/ on %s (started in %s). Press Ctrl+C to stop.\n",
		Version, ln.Addr(), d.Describe(), time.Since(start).Round(time.Millisecond))
	log.Info("started", "addr", ln.Addr().String(), "database", string(d.Dialect), "startup_ms", time.Since(start).Milliseconds())
	errc := make(chan error, 2)
	go func() { errc <- hs.Serve(ln) }()
	// The metrics listener, on an address of its own, serves /metrics only.
	var ms *http.Server
	if cfg.MetricsAddr != "" {
		mln, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			_ = hs.Close()
			return fmt.Errorf("listening for metrics on %s: %w", cfg.MetricsAddr, err)
		}
		ms = &http.Server{Handler: srv.metricsOnly(), ReadHeaderTimeout: 10 * time.Second,
			ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
		go func() { errc <- ms.Serve(mln) }()
		log.Info("metrics are served on their own address", "metrics_addr", mln.Addr().String())
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	srv.stop(hs, ms, cfg.Drain)
	return nil
}

// newRunner is the runner of the background jobs (imports' previews and
// commits) of a server, given to the services that start them; the caller
// registers the handlers. On SQLite
// the one writer is busy for the whole of an import's transaction, so the
// lease there outlasts the longest (ImportTxTimeout).
func newRunner(svc *services, log *slog.Logger) *jobs.Runner {
	r := &jobs.Runner{DB: svc.DB, Now: svc.Missing.Now, Log: log}
	if svc.DB.Dialect == db.SQLite {
		r.Lease = missingimport.ImportTxTimeout + time.Minute
	}
	svc.MissingImport.Jobs = r
	return r
}

// mailInterval is how often each server delivers the email outbox.
const mailInterval = 5 * time.Second

// sweep does the background housekeeping: ending expired sessions. Every
// server may run it; it is idempotent.
func (s *server) sweep(ctx context.Context) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := s.svc.Auth.DeleteExpiredSessions(ctx); err != nil {
				s.log.Warn("ending expired sessions", "err", err)
			} else if n > 0 {
				s.log.Info("ended expired sessions", "count", n)
			}
		}
	}
}

func (s *server) metricsHandler() http.Handler {
	return promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{})
}
