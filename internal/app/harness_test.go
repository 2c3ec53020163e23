package app

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"mace/internal/demo"
	"mace/internal/platform/auth"
	"mace/internal/platform/calendar"
	"mace/internal/platform/civil"
	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/jobs"
	"mace/internal/platform/testclock"
)

// testEnv is a running service over a fresh database holding the demo
// partnership and a small synthetic caseload.
type testEnv struct {
	t     testing.TB
	db    *db.DB
	svc   *services
	srv   *server
	ts    *httptest.Server
	clock *testclock.Clock // every service's clock; tests move it with Set and Add
	// stopRunner stops the server's job runner (a test of several servers
	// runs its own).
	stopRunner func()
}

const testCaseload = 60

// testStart is the moment a test environment starts at unless a test
// chooses another: 11:30 on Wednesday 2 December 2026 in London (GMT), a
// working-day morning after the daily meeting's usual time.
var testStart = time.Date(2026, 12, 2, 11, 30, 0, 0, civil.London)

// testConfig is the service's configuration in tests. Sessions last far
// longer than in service, so that a test moving the clock on by days or
// months keeps its signed-in clients (the auth package tests the timeouts).
func testConfig() Config {
	const years = 20 * 365 * 24 * time.Hour
	return Config{Addr: "127.0.0.1:0", SessionIdle: years, SessionMax: years, MaxBody: 2 << 20, LogLevel: "error"}
}

// newTestEnv starts the service on d (from dbtest) with demo data, its
// clock stopped at testStart.
func newTestEnv(t testing.TB, d *db.DB) *testEnv { return newTestEnvAt(t, d, testStart) }

// newTestEnvAt starts the service on d with demo data made at instant,
// where its clock stays until the test moves it.
func newTestEnvAt(t testing.TB, d *db.DB, instant time.Time) *testEnv {
	t.Helper()
	ctx := context.Background()
	clock := testclock.New(instant)
	svc := newServices(d, clock.Now)
	if err := demo.Seed(ctx, demo.Services{Auth: svc.Auth, People: svc.People}, testCaseload, 7, clock.Now(), io.Discard); err != nil {
		t.Fatal(err)
	}
	srv, err := newServer(testConfig(), testLogger(), svc)
	if err != nil {
		t.Fatal(err)
	}
	stop := startRunner(t, svc, nil)
	ts := httptest.NewServer(srv.handler())
	t.Cleanup(ts.Close)
	return &testEnv{t: t, db: d, svc: svc, srv: srv, ts: ts, clock: clock, stopRunner: stop}
}

// startRunner runs the job runner of a server's services, on their clock
// for leases and polling often, until the test ends or the function
// returned is called (it waits for the runner to stop). configure, when not
// nil, changes the runner before it starts and registers its handlers
// (else the import's are).
func startRunner(t testing.TB, svc *services, configure func(*jobs.Runner)) func() {
	r := newRunner(svc, testLogger())
	r.Poll, r.Grace = 200*time.Millisecond, 2*time.Second // a job enqueued here starts at once (Kick)
	if configure != nil {
		configure(r)
	} else {
		svc.MissingImport.Handle(r)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.Run(ctx)
	}()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			<-done
		})
	}
	t.Cleanup(stop)
	return stop
}

// today is the date in London by the env's clock.
func (e *testEnv) today() civil.Date { return calendar.LondonDate(e.clock.Now()) }

// sqliteEnv is a test environment on SQLite.
func sqliteEnv(t testing.TB) *testEnv { return newTestEnv(t, dbtest.SQLite(t, Migrations())) }

// eachEnv runs fn on SQLite and on PostgreSQL (when configured).
func eachEnv(t *testing.T, fn func(t *testing.T, e *testEnv)) {
	dbtest.Each(t, Migrations(), func(t *testing.T, d *db.DB) { fn(t, newTestEnv(t, d)) })
}

// client is a browser-like client: it keeps cookies, does not follow
// redirects, and sends the CSRF token of the last page it saw.
type client struct {
	e        *testEnv
	http     *http.Client
	csrf     string
	last     string
	signedIn bool
}

func (e *testEnv) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func (c *client) do(method, path string, form url.Values) (int, string, http.Header) {
	c.e.t.Helper()
	var body io.Reader
	if form != nil {
		if form.Get("csrf_token") == "" {
			form.Set("csrf_token", c.csrf)
		}
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.e.ts.URL+path, body)
	if err != nil {
		c.e.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	s := string(b)
	if m := csrfRE.FindStringSubmatch(s); m != nil {
		c.csrf = m[1]
	}
	c.last = s
	return res.StatusCode, s, res.Header
}

func (c *client) get(path string) (int, string) {
	c.e.t.Helper()
	code, body, _ := c.do("GET", path, nil)
	return code, body
}

func (c *client) post(path string, form url.Values) (int, string, http.Header) {
	c.e.t.Helper()
	return c.do("POST", path, form)
}

// signIn signs in through the sign-in form as a demo user.
func (e *testEnv) signIn(email string) *client {
	e.t.Helper()
	c := e.client()
	c.get("/sign-in")
	code, body, _ := c.post("/sign-in", url.Values{"email": {email}, "password": {demo.Password}, "next": {"/"}})
	if code != http.StatusSeeOther {
		e.t.Fatalf("sign in as %s: %d\n%s", email, code, body)
	}
	c.get("/")
	return c
}

// user returns a demo user by email.
func (e *testEnv) user(email string) *auth.User {
	e.t.Helper()
	u, err := e.svc.Auth.UserByEmail(context.Background(), email)
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

// asUser is a context signed in as the demo user.
func (e *testEnv) asUser(email string) context.Context {
	return auth.WithUser(context.Background(), e.user(email))
}

// token makes an API token for a demo user.
func (e *testEnv) token(email string) string {
	e.t.Helper()
	tok, _, err := e.svc.Auth.CreateToken(context.Background(), e.user(email).ID, "test")
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

// api makes an API request with a bearer token.
func (e *testEnv) api(method, path, token string, body string, headers ...string) (int, string) {
	e.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, e.ts.URL+path, r)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	e.checkOpenAPI(req, res, b)
	return res.StatusCode, string(b)
}

// testLogger discards the service's log, unless MACE_TEST_LOG is set, when
// it is written to standard error for debugging.
func testLogger() *slog.Logger {
	if os.Getenv("MACE_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.DiscardHandler)
}

// upload posts a multipart form with a file (and other fields), as a
// browser does, keeping the CSRF token of the page it gets back.
func (c *client) upload(path, field, filename string, data []byte, fields url.Values) (int, string, http.Header) {
	c.e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", c.csrf)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	if data != nil {
		fw, _ := mw.CreateFormFile(field, filename)
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.http.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if m := csrfRE.FindStringSubmatch(string(b)); m != nil {
		c.csrf = m[1]
	}
	return res.StatusCode, string(b), res.Header
}

// Moving the test clock on, even by years, keeps a client signed in: the
// test sessions outlast any move a test makes.
func TestTestClockKeepsSessions(t *testing.T) {
	e := sqliteEnv(t)
	c := e.signIn("lead@northfield.example")
	for _, d := range []time.Duration{time.Hour, 40 * 24 * time.Hour, 3 * 365 * 24 * time.Hour} {
		e.clock.Add(d)
		if code, body := c.get("/my-work"); code != http.StatusOK || !strings.Contains(body, "My work") {
			t.Fatalf("after moving the clock on %s: %d\n%.1000s", d, code, body)
		}
	}
	e.clock.Set(testStart.Add(-30 * 24 * time.Hour))
	if code, _ := c.get("/my-work"); code != http.StatusOK {
		t.Fatalf("after moving the clock back: %d", code)
	}
}
