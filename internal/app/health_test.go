package app

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"mace/internal/platform/db"
	"mace/internal/platform/db/dbtest"
	"mace/internal/platform/testclock"
)

// holdWriter stands for a long write elsewhere, such as a 60,000-row
// import: on SQLite it holds the one writer, on PostgreSQL every session's
// and API token's row, until release is called.
func holdWriter(t *testing.T, d *db.DB) (release func()) {
	t.Helper()
	held, done, stop := make(chan error, 1), make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		_ = d.Tx(context.Background(), func(tx *sql.Tx) error {
			for _, q := range []string{"UPDATE sessions SET last_seen_at = last_seen_at", "UPDATE api_tokens SET last_used_at = last_used_at"} {
				if _, err := tx.ExecContext(context.Background(), q); err != nil {
					held <- err
					return err
				}
			}
			held <- nil
			<-stop
			return nil
		})
	}()
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	release = func() { once.Do(func() { close(stop); <-done }) }
	t.Cleanup(release)
	return release
}

// TestBusyWriterServesPages (issue 12, finding 2): while a long write
// holds the database, a signed-in page and an API read whose session's or
// token's last use is due to be noted are served, promptly, rather than
// failing or waiting on the writer.
func TestBusyWriterServesPages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *testEnv) {
		c := e.signIn("screener@northfield.example")
		token := e.token("screener@northfield.example")
		e.clock.Add(5 * time.Minute)
		release := holdWriter(t, e.db)
		c.http.Timeout = 5 * time.Second
		if code, body := c.get("/"); code != http.StatusOK {
			t.Fatalf("a signed-in page while the database was busy: %d\n%.400s", code, body)
		}
		req, _ := http.NewRequest("GET", e.ts.URL+"/api/v1/openapi.json", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
		if err != nil {
			t.Fatalf("an API request while the database was busy: %v", err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("an API request while the database was busy: %d", res.StatusCode)
		}
		release()
	})
}

// fillSQLite fills a SQLite database to the last page it may have, as a
// full disk would: writes needing a new page then fail with SQLITE_FULL.
func fillSQLite(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	if _, err := d.Write().ExecContext(ctx, "CREATE TABLE filler (pad TEXT)"); err != nil {
		t.Fatal(err)
	}
	var pages int
	if err := d.Write().QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Write().ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", pages+2)); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		_, err := d.Write().ExecContext(ctx, "INSERT INTO filler (pad) VALUES ($1)", strings.Repeat("x", 500))
		if db.UnavailableReason(err) == db.Full {
			return
		}
		if err != nil || i > 100000 {
			t.Fatalf("filling the database: %v", err)
		}
	}
}

// readyz asks a server over d whether it is ready.
func readyz(t *testing.T, d *db.DB) (int, string, http.Header) {
	t.Helper()
	s := &server{svc: &services{DB: d}, log: testLogger()}
	rec := httptest.NewRecorder()
	if err := s.readyz(rec, httptest.NewRequest("GET", "/readyz", nil)); err != nil {
		t.Fatal(err)
	}
	return rec.Code, rec.Body.String(), rec.Header()
}

// TestReadyzChecksWrites (issue 12, finding 3): /readyz is ready only when
// the database takes a write. A full SQLite database (max_page_count
// reached: SQLITE_FULL), a read-only SQLite or PostgreSQL database and an
// unreachable PostgreSQL server answer 503 with the reason; a database busy
// with another write is ready.
func TestReadyzChecksWrites(t *testing.T) {
	want := func(t *testing.T, d *db.DB, status int, says string) {
		t.Helper()
		code, body, h := readyz(t, d)
		if code != status || !strings.Contains(body, says) || status == 503 && h.Get("Retry-After") == "" {
			t.Fatalf("readyz: %d %q, want %d %q", code, body, status, says)
		}
	}
	t.Run("sqlite", func(t *testing.T) {
		d := dbtest.SQLite(t, Migrations())
		want(t, d, 200, "ready")
		release := holdWriter(t, d)
		want(t, d, 200, "busy")
		release()
		fillSQLite(t, d)
		want(t, d, 503, "not ready: "+db.Full)

		ro := dbtest.SQLite(t, Migrations())
		if _, err := ro.Write().ExecContext(context.Background(), "PRAGMA query_only = ON"); err != nil {
			t.Fatal(err)
		}
		want(t, ro, 503, "not ready: "+db.ReadOnly)
	})
	t.Run("postgres", func(t *testing.T) {
		p := newPGProxy(t)
		d := p.open(t)
		want(t, d, 200, "ready")
		ro := p.openAs(t, "default_transaction_read_only", "on")
		want(t, ro, 503, "not ready: "+db.ReadOnly)
		p.cut()
		want(t, d, 503, "not ready: "+db.Down)
	})
}

// TestUnavailableAnswers503 (issue 12, finding 4): when the database
// cannot serve (SQLite refusing writes; PostgreSQL unreachable), the API
// answers 503 with Retry-After and the problem of kind "unavailable", and
// a page answers 503 "The service is busy or unavailable", not 500.
func TestUnavailableAnswers503(t *testing.T) {
	check := func(t *testing.T, e *testEnv, c *client, token string) {
		t.Helper()
		code, body := e.api("GET", "/api/v1/people", token, "")
		var problem struct{ Error, Kind string }
		_ = json.Unmarshal([]byte(body), &problem)
		if code != http.StatusServiceUnavailable || problem.Kind != "unavailable" ||
			problem.Error != "The service is busy or unavailable: try again in a moment." {
			t.Errorf("API: %d %s", code, body)
		}
		req, _ := http.NewRequest("GET", e.ts.URL+"/api/v1/people", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 503 || res.Header.Get("Retry-After") == "" {
			t.Errorf("API: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
		}
		res, err = c.http.Get(e.ts.URL + "/people")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		page := string(b)
		if res.StatusCode != 503 || res.Header.Get("Retry-After") == "" ||
			!strings.Contains(page, "<h1 class=\"govuk-heading-l\">The service is busy or unavailable</h1>") ||
			!strings.Contains(page, "Try again in a moment") || strings.Contains(page, "Sorry, there is a problem") {
			t.Errorf("page: %d %q\n%.2000s", res.StatusCode, res.Header.Get("Retry-After"), page)
		}
	}
	t.Run("sqlite", func(t *testing.T) {
		e := sqliteEnv(t)
		c := e.signIn("screener@northfield.example")
		token := e.token("screener@northfield.example")
		// Listing people writes its audit event: refused.
		if _, err := e.db.Write().ExecContext(context.Background(), "PRAGMA query_only = ON"); err != nil {
			t.Fatal(err)
		}
		check(t, e, c, token)
	})
	t.Run("postgres", func(t *testing.T) {
		p := newPGProxy(t)
		e := newTestEnv(t, p.open(t))
		c := e.signIn("screener@northfield.example")
		token := e.token("screener@northfield.example")
		p.cut()
		check(t, e, c, token)
	})
}

// pgProxy stands between the tests and PostgreSQL, on a port of its own,
// so that a test can cut the database off: its connections are dropped
// and nothing listens on the port any more.
type pgProxy struct {
	ln     net.Listener
	target string
	schema string
	base   *url.URL
	mu     sync.Mutex
	conns  []net.Conn
}

// newPGProxy makes a fresh schema on the test PostgreSQL server (dropped
// when the test ends) and a proxy to the server, or skips without one.
func newPGProxy(t *testing.T) *pgProxy {
	t.Helper()
	base := os.Getenv(dbtest.EnvURL)
	if base == "" {
		t.Skip("PostgreSQL tests need " + dbtest.EnvURL)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	admin, err := db.Open(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	id := strings.ToLower(db.NewID())
	schema := "t_" + id[len(id)-12:]
	if _, err := admin.Write().ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &pgProxy{ln: ln, target: u.Host, schema: schema, base: u}
	go p.serve()
	t.Cleanup(func() {
		p.cut()
		_, _ = admin.Write().ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	return p
}

func (p *pgProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, s)
		p.mu.Unlock()
		go func() { _, _ = io.Copy(s, c); s.Close() }()
		go func() { _, _ = io.Copy(c, s); c.Close() }()
	}
}

// cut drops every connection and stops listening.
func (p *pgProxy) cut() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// open opens the schema through the proxy, with the service's migrations.
func (p *pgProxy) open(t *testing.T) *db.DB {
	t.Helper()
	d := p.openAs(t)
	if _, err := d.Migrate(context.Background(), Migrations()); err != nil {
		t.Fatal(err)
	}
	return d
}

// openAs opens the schema through the proxy with extra connection
// settings (name, value, ...).
func (p *pgProxy) openAs(t *testing.T, settings ...string) *db.DB {
	t.Helper()
	u := *p.base
	u.Host = p.ln.Addr().String()
	q := u.Query()
	q.Set("search_path", p.schema)
	q.Set("connect_timeout", "2")
	for i := 0; i+1 < len(settings); i += 2 {
		q.Set(settings[i], settings[i+1])
	}
	u.RawQuery = q.Encode()
	d, err := db.Open(context.Background(), u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// lockedBuffer is a buffer written by the server and read by the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestStopDrains (issue 12, finding 5): stopping waits --drain for the
// requests in progress, then cuts off any still running, logging each by
// route and request id, and logs "stopped"; serve returns no error.
func TestStopDrains(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr lockedBuffer
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "audit.key")
	if err := os.WriteFile(keyFile, []byte(auditTestKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"MACE_DRAIN": "1s", "MACE_AUDIT_KEY_FILE": keyFile}
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, testclock.New(testStart).Now, []string{"--db", filepath.Join(dir, "mace.db"), "--addr", "127.0.0.1:0"},
			env(func(k string) string { return vars[k] }), &stdout, &stderr)
	}()
	running := regexp.MustCompile(`running at http://([^/]+)/`)
	var addr string
	for range 600 {
		if m := running.FindStringSubmatch(stdout.String()); m != nil {
			addr = m[1]
			break
		}
		select {
		case err := <-done:
			t.Fatalf("serve: %v\n%s", err, stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	if addr == "" {
		t.Fatalf("the server did not start:\n%s", stderr.String())
	}
	// A sign-in whose form arrives slowly: its handler waits for the rest.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /sign-in HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nemail=a", addr)
	// A whole request on the same server, answered, shows it is serving;
	// the slow one's handler is then reading its body.
	res, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	time.Sleep(300 * time.Millisecond) // timing: the slow request reaches its handler
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after the drain")
	}
	var cut, stopped bool
	sc := bufio.NewScanner(strings.NewReader(stderr.String()))
	for sc.Scan() {
		var line map[string]any
		if json.Unmarshal(sc.Bytes(), &line) != nil {
			continue
		}
		switch line["msg"] {
		case "stopping: cut off a request still running after the drain":
			cut = line["route"] == "POST /sign-in" && line["request_id"] != "" && line["request_id"] != nil
		case "stopped":
			stopped = true
		}
	}
	if !cut || !stopped {
		t.Fatalf("want the sign-in logged as cut off, by route and request id, then stopped:\n%s", stderr.String())
	}
}

// TestBrowserUnavailable: the "try again in a moment" page a person sees
// when the database refuses writes is accessible (axe-core, WCAG 2.2 AA).
func TestBrowserUnavailable(t *testing.T) {
	chrome := needChromium(t)
	axeSource, err := os.ReadFile("testdata/axe.min.js")
	if err != nil {
		t.Fatalf("reading axe-core: %v", err)
	}
	e := sqliteEnv(t)
	browser, axe := startBrowser(t, chrome, string(axeSource))
	tab := newTab(t, browser, e.ts.URL, axe)
	tab.signIn(t, "screener@northfield.example")
	if _, err := e.db.Write().ExecContext(context.Background(), "PRAGMA query_only = ON"); err != nil {
		t.Fatal(err)
	}
	tab.open(t, "/people", http.StatusServiceUnavailable)
	if h := tab.text(t, "main h1"); h != "The service is busy or unavailable" {
		t.Errorf("the heading is %q", h)
	}
	tab.checkErrorPage(t, http.StatusServiceUnavailable)
}
