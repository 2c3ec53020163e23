package app

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"mace/internal/missingimport"
	"mace/internal/platform/jobs"
)

// otherServer is another server on e's database and clock, with its own
// services and HTTP server, and no job runner until the test starts one
// (startRunner).
func (e *testEnv) otherServer(t *testing.T) *testEnv {
	t.Helper()
	svc := newServices(e.db, e.clock.Now)
	srv, err := newServer(testConfig(), testLogger(), svc)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.handler())
	t.Cleanup(ts.Close)
	return &testEnv{t: t, db: e.db, svc: svc, srv: srv, ts: ts, clock: e.clock}
}

// on is the same browser talking to the server of o: its session cookie
// goes to every server on the host.
func (c *client) on(o *testEnv) *client {
	other := *c
	other.e = o
	return &other
}

// importHandlers registers the import's jobs on r, the preview's with
// checkHook and the commit's with commitHook called whenever they report
// progress (a hook may block, to stop the job part-way).
func importHandlers(svc *services, checkHook, commitHook func(ctx context.Context)) func(*jobs.Runner) {
	return func(r *jobs.Runner) {
		for kind, hook := range map[string]func(context.Context){missingimport.JobCheck: checkHook, missingimport.JobCommit: commitHook} {
			r.Handle(kind, func(ctx context.Context, run *jobs.Run) error {
				return svc.MissingImport.RunJob(ctx, run, func(done, total int) {
					run.Progress(done, total)
					if hook != nil {
						hook(ctx)
					}
				})
			})
		}
	}
}

// progressOf reads an import's progress through a server's endpoint.
func progressOf(t *testing.T, c *client, at string) missingimport.Progress {
	t.Helper()
	code, body := c.get(at + "/progress")
	var p missingimport.Progress
	if err := json.Unmarshal([]byte(body), &p); code != http.StatusOK || err != nil {
		t.Fatalf("progress: %d %v %s", code, err, body)
	}
	return p
}

// waitProgress polls the progress endpoint until ok holds (10 seconds at
// most).
func waitProgress(t *testing.T, c *client, at string, ok func(missingimport.Progress) bool) missingimport.Progress {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second) // timing
	for {
		p := progressOf(t, c, at)
		if ok(p) {
			return p
		}
		if time.Now().After(deadline) { // timing
			t.Fatalf("the import's progress stays %+v", p)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func importJob(t *testing.T, e *testEnv, kind, at string) jobs.Job {
	t.Helper()
	id := at[strings.LastIndex(at, "/")+1:]
	j, err := jobs.ForRecord(context.Background(), e.db.Read(), kind, id)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// TestTwoServersImport runs two servers on one database: an import started
// through one shows its progress and result through the other; a server
// that dies part-way through a commit leaves nothing written, and the
// other commits the file once; a server stopping part-way through a
// preview hands it back and the other makes it.
func TestTwoServersImport(t *testing.T) {
	t.Parallel() // long, and sharing nothing with other tests
	eachEnv(t, func(t *testing.T, e *testEnv) {
		e.stopRunner()
		file, _ := importFile(t, e)
		a, b := e.otherServer(t), e.otherServer(t)
		officer := e.signIn("missing@police.example")
		onA, onB := officer.on(a), officer.on(b)
		episodes := func() int {
			return e.count("SELECT COUNT(*) FROM missing_episodes WHERE police_reference = $1", "NRP-101")
		}

		// The preview runs on A, held part-way; B reports it.
		stuck, release := make(chan struct{}, 1), make(chan struct{})
		stopA := startRunner(t, a.svc, func(r *jobs.Runner) {
			r.ProgressEvery = 10 * time.Millisecond
			importHandlers(a.svc, func(ctx context.Context) {
				select {
				case stuck <- struct{}{}:
				default:
				}
				<-release
			}, nil)(r)
		})
		code, _, h := onA.upload("/missing/imports", "file", "police.csv", []byte(file), forNorthfield(e))
		if code != http.StatusSeeOther {
			t.Fatalf("upload: %d", code)
		}
		at := h.Get("Location")
		<-stuck
		stopB := startRunner(t, b.svc, nil)
		p := waitProgress(t, onB, at, func(p missingimport.Progress) bool { return p.Total > 0 })
		if p.Finished || p.Phase != "checking" || p.Error != "" {
			t.Errorf("B reports the preview running on A as %+v", p)
		}
		if _, body := onB.get(at); !strings.Contains(body, "Checking the file") || !strings.Contains(body, "data-progress-url") {
			t.Errorf("B's page of the preview running on A:\n%s", body)
		}
		close(release)
		waitProgress(t, onB, at, func(p missingimport.Progress) bool { return p.Finished })
		if _, body := onB.get(at); !strings.Contains(body, "Rows for review") || !strings.Contains(body, "Import 1 new and 0 ended episodes") {
			t.Fatalf("B's page of the preview made on A:\n%s", body)
		}
		stopB()
		stopA()

		// The commit runs on A, which dies part-way: its heartbeats
		// stop, its transaction is rolled back, it reports nothing.
		var (
			commitStuck = make(chan struct{})
			kill        = make(chan struct{})
			died        = make(chan error, 1)
			once        sync.Once
		)
		stopA = startRunner(t, a.svc, func(r *jobs.Runner) {
			r.Heartbeat = time.Hour
			r.Handle(missingimport.JobCommit, func(ctx context.Context, run *jobs.Run) error {
				kctx, cancel := context.WithCancel(ctx)
				defer cancel()
				go func() {
					<-kill
					cancel()
				}()
				err := a.svc.MissingImport.RunJob(kctx, run, func(done, total int) {
					once.Do(func() { close(commitStuck) })
					<-kctx.Done()
				})
				died <- err
				<-ctx.Done() // a dead server reports nothing
				return ctx.Err()
			})
		})
		if code, body, _ := onA.post(at+"/commit", url.Values{}); code != http.StatusSeeOther {
			t.Fatalf("commit: %d %s", code, body)
		}
		<-commitStuck
		if n := episodes(); n != 0 {
			t.Errorf("while A commits, %d episodes of the file are written", n)
		}
		if p := progressOf(t, onB, at); p.Finished || p.Phase != "importing" {
			t.Errorf("B reports the commit running on A as %+v", p)
		}
		close(kill)
		if err := <-died; err == nil {
			t.Fatal("the commit broken off on A succeeded")
		}
		if n := episodes(); n != 0 {
			t.Errorf("the commit broken off on A wrote %d episodes", n)
		}
		if p := progressOf(t, onB, at); p.Finished {
			t.Errorf("the commit of a dead server is reported finished: %+v", p)
		}
		// A's lease runs out; B commits the file.
		e.clock.Add(missingimport.ImportTxTimeout + 5*time.Minute)
		stopB = startRunner(t, b.svc, nil)
		if p := waitProgress(t, onB, at, func(p missingimport.Progress) bool { return p.Finished }); p.Error != "" {
			t.Fatalf("B's commit failed: %+v", p)
		}
		if _, body := onB.get(at); !strings.Contains(body, "Imported") || !strings.Contains(body, "1 new, 0 ended, 1 for review") {
			t.Fatalf("B's page after B's commit:\n%s", body)
		}
		stopA()
		if n := episodes(); n != 1 {
			t.Errorf("%d episodes of the file, want 1", n)
		}
		if j := importJob(t, e, missingimport.JobCommit, at); j.State != jobs.Done || j.Attempts != 2 {
			t.Errorf("the commit's job: %+v", j)
		}
		if code, body := onA.get(at); code != 200 || !strings.Contains(body, "Imported") {
			t.Errorf("A's page after B's commit: %d\n%s", code, body)
		}
		stopB()

		// A stops part-way through a preview: it hands it back, and B
		// makes it.
		stuck = make(chan struct{}, 1)
		stopA = startRunner(t, a.svc, func(r *jobs.Runner) {
			r.Grace = 100 * time.Millisecond
			importHandlers(a.svc, func(ctx context.Context) {
				select {
				case stuck <- struct{}{}:
				default:
				}
				<-ctx.Done()
			}, nil)(r)
		})
		_, _, h = onA.upload("/missing/imports", "file", "police.csv", []byte(file), forNorthfield(e))
		again := h.Get("Location")
		<-stuck
		startRunner(t, b.svc, nil)
		stopA()
		if p := waitProgress(t, onB, again, func(p missingimport.Progress) bool { return p.Finished }); p.Error != "" {
			t.Fatalf("B's preview failed: %+v", p)
		}
		if _, body := onB.get(again); !strings.Contains(body, "Import 0 new and 0 ended episodes") || !strings.Contains(body, "Already imported") {
			t.Fatalf("B's page of the preview handed back by A:\n%s", body)
		}
		if j := importJob(t, e, missingimport.JobCheck, again); j.State != jobs.Done || j.Attempts != 1 {
			t.Errorf("the preview's job: %+v", j)
		}
		if n := episodes(); n != 1 {
			t.Errorf("%d episodes of the file, want 1", n)
		}
	})
}

// TestImportJobFailed shows a commit that failed with its reason, on the
// page and through the progress endpoint.
func TestImportJobFailed(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		file, _ := importFile(t, e)
		officer := e.signIn("missing@police.example")
		_, _, h := officer.upload("/missing/imports", "file", "police.csv", []byte(file), forNorthfield(e))
		at := h.Get("Location")
		id := at[strings.LastIndex(at, "/")+1:]
		if _, err := e.db.Write().ExecContext(context.Background(), "UPDATE missing_imports SET content = $1 WHERE id = $2",
			file+"\n", id); err != nil {
			t.Fatal(err)
		}
		if code, body, _ := officer.post(at+"/commit", url.Values{}); code != http.StatusSeeOther {
			t.Fatalf("commit: %d %s", code, body)
		}
		const want = "The file kept for this import has changed since it was uploaded: upload it again"
		p := waitProgress(t, officer, at, func(p missingimport.Progress) bool { return p.Finished })
		if p.Error != want || p.Phase != "importing" {
			t.Errorf("progress of the failed commit: %+v", p)
		}
		if _, body := officer.get(at); !strings.Contains(body, "govuk-error-summary") || !strings.Contains(body, want) {
			t.Errorf("the page of the failed commit:\n%s", body)
		}
		if n := e.count("SELECT COUNT(*) FROM missing_episodes WHERE police_reference = $1", "NRP-101"); n != 0 {
			t.Errorf("the failed commit wrote %d episodes", n)
		}
	})
}
