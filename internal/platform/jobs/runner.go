package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"mace/internal/platform/db"
	"mace/internal/platform/errs"
)

// Runner defaults.
const (
	DefaultPoll          = 5 * time.Second
	DefaultLease         = 2 * time.Minute
	DefaultProgressEvery = time.Second
	DefaultGrace         = 15 * time.Second
	DefaultMaxAttempts   = 3
	DefaultWorkers       = 2
	// Retain is how long a finished job's row is kept, for its record's
	// page to report how it ended.
	Retain = 30 * 24 * time.Hour
)

// ErrLeaseLost is FinishTx's error when this server no longer holds the
// job: another server claimed it after the lease ran out, or it was handed
// back. The caller's transaction must roll back.
var ErrLeaseLost = errors.New("jobs: this server no longer holds the job")

// Handler does the work of one job. It returns nil when the work is done,
// or an error (see the package comment for what each kind of error does).
type Handler func(ctx context.Context, run *Run) error

// Runner claims and runs the jobs of the kinds it has handlers for. Each
// server process has one, running Run until it stops. Its fields are set
// before Run and not changed after.
type Runner struct {
	DB  *db.DB
	Now func() time.Time
	Log *slog.Logger
	// Name says which server holds a job, on its row (host name and
	// process id when empty).
	Name string
	// Poll is how often the database is asked for jobs due
	// (DefaultPoll when zero); Kick asks at once.
	Poll time.Duration
	// Lease is how long a job claimed is this server's alone without
	// being renewed (DefaultLease when zero): a server that died leaves
	// its job to another this long after the last renewal.
	Lease time.Duration
	// Heartbeat is how often the lease of a running job is renewed (a
	// quarter of Lease when zero).
	Heartbeat time.Duration
	// ProgressEvery is how often the progress reported is written, at
	// most (DefaultProgressEvery when zero).
	ProgressEvery time.Duration
	// Grace is how long, once Run's context ends, a running job may go on
	// before it is told to stop and handed back (DefaultGrace when zero).
	Grace time.Duration
	// MaxAttempts is how many runs a job is given before it fails
	// (DefaultMaxAttempts when zero).
	MaxAttempts int
	// Workers is how many jobs run at once (DefaultWorkers when zero).
	Workers int

	mu       sync.Mutex
	handlers map[string]Handler
	kick     chan struct{}
	changed  chan struct{} // closed (and replaced) when a job run here ends
}

func (r *Runner) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func (r *Runner) log() *slog.Logger {
	if r.Log != nil {
		return r.Log
	}
	return slog.New(slog.DiscardHandler)
}

func (r *Runner) name() string {
	if r.Name != "" {
		return r.Name
	}
	host, _ := os.Hostname()
	return fmt.Sprintf("%s:%d", host, os.Getpid())
}

func orDefault[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

func (r *Runner) lease() time.Duration { return orDefault(r.Lease, DefaultLease) }

func (r *Runner) heartbeat() time.Duration { return orDefault(r.Heartbeat, r.lease()/4) }

// Handle registers the handler of the jobs of kind. It is called before
// Run (Run claims only the kinds registered when it starts); a kind
// registered twice is a mistake in the program, and panics.
func (r *Runner) Handle(kind string, h Handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.handlers == nil {
		r.handlers = map[string]Handler{}
	}
	if _, ok := r.handlers[kind]; ok || kind == "" || h == nil {
		panic("jobs: a handler for " + kind + " is already registered, or it is empty")
	}
	r.handlers[kind] = h
}

func (r *Runner) handler(kind string) Handler {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.handlers[kind]
}

func (r *Runner) kinds() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var ks []string
	for k := range r.handlers {
		ks = append(ks, k)
	}
	return ks
}

func (r *Runner) kickChan() chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.kick == nil {
		r.kick = make(chan struct{}, 1)
	}
	return r.kick
}

// Kick makes Run look for jobs due now rather than at the next poll: call
// it after committing the transaction that enqueued a job.
func (r *Runner) Kick() {
	select {
	case r.kickChan() <- struct{}{}:
	default:
	}
}

func (r *Runner) changedChan() chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.changed == nil {
		r.changed = make(chan struct{})
	}
	return r.changed
}

func (r *Runner) broadcast() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.changed != nil {
		close(r.changed)
	}
	r.changed = make(chan struct{})
}

// Wait waits up to d for the job id to finish, wherever it runs, and
// returns it as it then is (unfinished when d passed first), so that a
// page can answer with the outcome of a small job.
func (r *Runner) Wait(ctx context.Context, id string, d time.Duration) (Job, error) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	tick := time.NewTicker(min(orDefault(r.Poll, DefaultPoll), 200*time.Millisecond))
	defer tick.Stop()
	for {
		changed := r.changedChan()
		j, err := Get(ctx, r.DB.Read(), id)
		if err != nil || j.Finished() {
			return j, err
		}
		select {
		case <-ctx.Done():
			return j, ctx.Err()
		case <-timer.C:
			return j, nil
		case <-changed:
		case <-tick.C:
		}
	}
}

// Run claims and runs jobs due until ctx ends. It then waits up to Grace
// for the jobs running to finish, tells those still running to stop (their
// context ends), hands each back to be run again by any server, and
// returns when every handler has returned.
func (r *Runner) Run(ctx context.Context) {
	kinds := r.kinds()
	if len(kinds) == 0 {
		<-ctx.Done()
		return
	}
	poll := time.NewTicker(orDefault(r.Poll, DefaultPoll))
	defer poll.Stop()
	slots := make(chan struct{}, orDefault(r.Workers, DefaultWorkers))
	freed := make(chan struct{}, 1)
	var (
		wg       sync.WaitGroup
		handBack atomic.Bool
		mu       sync.Mutex
		cancels  = map[*Run]context.CancelFunc{}
	)
	start := func(c *Run) {
		jctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		c.cancel = cancel
		mu.Lock()
		cancels[c] = cancel
		mu.Unlock()
		wg.Go(func() {
			defer func() {
				cancel()
				mu.Lock()
				delete(cancels, c)
				mu.Unlock()
				<-slots
				select {
				case freed <- struct{}{}:
				default:
				}
			}()
			r.execute(jctx, c, &handBack)
		})
	}
	var purged time.Time
	for {
		if now := r.now(); now.Sub(purged) >= time.Hour {
			purged = now
			if err := r.purge(ctx, now); err != nil && ctx.Err() == nil {
				r.log().Warn("deleting old jobs", "err", err)
			}
		}
		if err := r.fill(ctx, kinds, slots, start); err != nil && ctx.Err() == nil {
			r.log().Warn("claiming jobs", "err", err)
		}
		select {
		case <-ctx.Done():
			r.stop(&wg, &handBack, func() {
				mu.Lock()
				defer mu.Unlock()
				for _, cancel := range cancels {
					cancel()
				}
			})
			return
		case <-r.kickChan():
		case <-freed:
		case <-poll.C:
		}
	}
}

// stop waits up to Grace for the jobs running, then has the rest stop and
// be handed back, and waits for their handlers to return.
func (r *Runner) stop(wg *sync.WaitGroup, handBack *atomic.Bool, cancelAll func()) {
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	grace := time.NewTimer(orDefault(r.Grace, DefaultGrace))
	defer grace.Stop()
	select {
	case <-done:
		return
	case <-grace.C:
	}
	handBack.Store(true)
	cancelAll()
	<-done
}

// fill claims jobs due while a worker is free, and starts each.
func (r *Runner) fill(ctx context.Context, kinds []string, slots chan struct{}, start func(*Run)) error {
	free := cap(slots) - len(slots)
	if free == 0 || ctx.Err() != nil {
		return nil
	}
	var a db.Args
	now := db.Time(r.now())
	in := a.In(kinds)
	rows, err := r.DB.Read().QueryContext(ctx, `SELECT id FROM jobs WHERE kind IN `+in+`
		AND ((state = `+a.Add(string(Queued))+` AND due_at <= `+a.Add(now)+`) OR (state = `+a.Add(string(Running))+` AND lease_until < `+a.Add(now)+`))
		ORDER BY due_at, id LIMIT `+fmt.Sprint(2*free), a...)
	if err != nil {
		return fmt.Errorf("jobs: finding jobs due: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		if len(slots) == cap(slots) || ctx.Err() != nil {
			break
		}
		c, err := r.claim(ctx, id)
		if err != nil {
			return err
		}
		if c == nil {
			continue
		}
		if max := orDefault(r.MaxAttempts, DefaultMaxAttempts); c.Job.Attempts > max {
			// Every run so far ended with its server: running it again
			// would likely end this one too.
			r.log().Error("job failed: its server stopped during every attempt", "job_id", c.Job.ID, "kind", c.Job.Kind,
				"record_id", c.Job.RecordID, "attempt", c.Job.Attempts)
			if _, err := r.fail(c, errs.Public(nil)); err != nil {
				return err
			}
			continue
		}
		slots <- struct{}{} // never blocks: only this loop adds
		start(c)
	}
	return nil
}

// execute runs the handler of a claimed job, renewing its lease meanwhile,
// and records how it ended.
func (r *Runner) execute(ctx context.Context, c *Run, handBack *atomic.Bool) {
	defer r.broadcast()
	log := r.log().With("job_id", c.Job.ID, "kind", c.Job.Kind, "record_id", c.Job.RecordID, "attempt", c.Job.Attempts)
	h := r.handler(c.Job.Kind)
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		r.keep(c, stop)
	}()
	err, panicked := call(ctx, h, c)
	close(stop)
	<-stopped
	var (
		n    int64
		werr error
		msg  string
	)
	switch {
	case c.lost.Load():
		log.Warn("job given up: another server holds it now", "err", err)
		return
	case err == nil:
		n, werr = c.write(`state = $3, finished_at = $4, lease_until = NULL, lease_token = NULL`, string(Done), db.Time(r.now()))
		if n == 0 && c.finishing.Load() {
			n = 1 // recorded done in the handler's own transaction
		}
		msg = "job done"
	case handBack.Load() && ctx.Err() != nil:
		n, werr = r.handBack(c)
		msg = "job handed back: the server is stopping"
	case panicked || !errs.Is(err, errs.Internal) || c.Job.Attempts >= orDefault(r.MaxAttempts, DefaultMaxAttempts):
		n, werr = r.fail(c, errs.Public(err))
		msg = "job failed"
	default:
		due := r.now().Add(backoff(c.Job.Attempts))
		n, werr = c.write(`state = $3, due_at = $4, lease_until = NULL, lease_token = NULL`, string(Queued), db.Time(due))
		msg = "job failed, will try again"
		log = log.With("due_at", due)
	}
	switch {
	case werr != nil:
		// The lease runs out and the job is run again.
		log.Error("recording how a job ended", "err", werr, "job_err", err)
	case n == 0:
		log.Warn(msg+", but another server holds it now", "err", err)
	case err == nil:
		log.Info(msg)
	case msg == "job failed":
		log.Error(msg, "err", err, "panic", panicked)
	default:
		log.Warn(msg, "err", err)
	}
}

func call(ctx context.Context, h Handler, c *Run) (err error, panicked bool) {
	defer func() {
		if p := recover(); p != nil {
			err, panicked = fmt.Errorf("panic: %v\n%s", p, debug.Stack()), true
		}
	}()
	return h(ctx, c), false
}

// backoff is the wait before run n+1 after n failed runs: 30 seconds,
// doubling, at most an hour.
func backoff(n int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < n && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// purge deletes the jobs finished longer than Retain ago.
func (r *Runner) purge(ctx context.Context, now time.Time) error {
	_, err := r.DB.Write().ExecContext(ctx, `DELETE FROM jobs WHERE state IN ($1, $2) AND finished_at < $3`,
		string(Done), string(Failed), db.Time(now.Add(-Retain)))
	return err
}
