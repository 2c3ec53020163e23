package app

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mace/internal/platform/db"
	"mace/internal/platform/testclock"
)

// runCmd runs a command as an operator would, on a clock stopped at testStart.
func runCmd(t *testing.T, env map[string]string, stdin string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), testclock.New(testStart).Now, args, func(k string) string { return env[k] }, strings.NewReader(stdin), &out, &errOut)
	return out.String() + errOut.String(), err
}

// TestCommands runs the operator commands against a SQLite file, as an
// operator would, ending with an edited audit row that `audit verify` names.
func TestCommands(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "mace.db")
	env := map[string]string{"MACE_DB": path}
	out, err := runCmd(t, env, "", "migrate")
	if err != nil || !strings.Contains(out, "applied") {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	if out, _ := runCmd(t, env, "", "migrate"); !strings.Contains(out, "up to date") {
		t.Fatalf("second migrate: %s", out)
	}
	out, err = runCmd(t, env, "", "user", "add", "--email", "Avery.Quint@example.org", "--name", "Avery Quint",
		"--org", "Testshire Council", "--role", "screener", "--role", "manager", "--team", "Front door")
	if err != nil || !strings.Contains(out, "Password: ") {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	if _, err := runCmd(t, env, "", "user", "add", "--email", "bad", "--name", "", "--org", "Testshire Council"); err == nil ||
		!strings.Contains(err.Error(), "--email") || !strings.Contains(err.Error(), "--roles") {
		t.Fatalf("user add with bad input: %v", err)
	}
	if _, err := runCmd(t, env, "correct horse battery staple\n", "user", "add", "--email", "b@example.org", "--name", "Bo Rell",
		"--org", "Testshire Police", "--org-type", "police", "--role", "police", "--password-stdin"); err != nil {
		t.Fatal(err)
	}
	out, err = runCmd(t, env, "", "user", "list")
	if err != nil || !strings.Contains(out, "avery.quint@example.org") || !strings.Contains(out, "Testshire Police") {
		t.Fatalf("user list: %v\n%s", err, out)
	}
	out, err = runCmd(t, env, "", "token", "create", "--user", "avery.quint@example.org")
	if err != nil || !strings.HasPrefix(out, "mace_") {
		t.Fatalf("token create: %v %s", err, out)
	}
	out, err = runCmd(t, env, "", "audit", "verify")
	if err != nil || !strings.Contains(out, "intact") {
		t.Fatalf("audit verify: %v %s", err, out)
	}
	backup := filepath.Join(dir, "copy.db")
	if out, err := runCmd(t, env, "", "backup", "--to", backup); err != nil || !strings.Contains(out, "Backed up") {
		t.Fatalf("backup: %v %s", err, out)
	}
	if out, err := runCmd(t, map[string]string{"MACE_DB": backup}, "", "audit", "verify"); err != nil {
		t.Fatalf("the backup's trail: %v %s", err, out)
	}
	// Someone edits an audit row directly in the database.
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	err = d.Tx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec("UPDATE audit_events SET actor_name = 'Someone Else' WHERE seq = 2")
		return err
	})
	d.Close()
	if err != nil {
		t.Fatal(err)
	}
	_, err = runCmd(t, env, "", "audit", "verify")
	if err == nil || !strings.Contains(err.Error(), "broken at event 2") {
		t.Fatalf("audit verify after an edit: %v", err)
	}
	if out, _ := runCmd(t, nil, "", "version"); !strings.HasPrefix(out, "mace ") {
		t.Fatalf("version: %s", out)
	}
	if _, err := runCmd(t, nil, "", "frobnicate"); err == nil {
		t.Fatal("an unknown command should fail")
	}
}

func TestServeConfig(t *testing.T) {
	c, err := serveConfig([]string{"--addr", ":9000"}, env(func(k string) string {
		return map[string]string{"MACE_DB": "x.db", "MACE_SESSION_IDLE": "10m"}[k]
	}))
	if err != nil || c.Addr != ":9000" || c.DB != "x.db" || c.SessionIdle.Minutes() != 10 {
		t.Fatalf("%+v %v", c, err)
	}
	_, err = serveConfig([]string{"--addr", "nope", "--log-level", "loud"}, env(func(k string) string {
		return map[string]string{"MACE_SESSION_IDLE": "soon", "MACE_DEMO": "perhaps"}[k]
	}))
	for _, want := range []string{"--addr", "--log-level", "MACE_SESSION_IDLE", "MACE_DEMO"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("config error should mention %s: %v", want, err)
		}
	}
}

// TestOpenAPIMatchesRoutes keeps the OpenAPI document in step with the API
// routes: every route documented, nothing documented that is not a route.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	e := sqliteEnv(t)
	code, body := e.api("GET", "/api/v1/openapi.json", "", "")
	if code != 200 {
		t.Fatal(code)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil || doc.OpenAPI != "3.1.0" {
		t.Fatalf("not an OpenAPI 3.1 document: %v", err)
	}
	var documented, routed []string
	for path, ops := range doc.Paths {
		for method := range ops {
			if method != "parameters" {
				documented = append(documented, strings.ToUpper(method)+" "+path)
			}
		}
	}
	for _, rt := range e.srv.routes() {
		if rt.API {
			routed = append(routed, rt.Method+" "+rt.Pattern)
		}
	}
	slices.Sort(documented)
	slices.Sort(routed)
	if !slices.Equal(documented, routed) {
		t.Fatalf("OpenAPI documents\n  %v\nbut the routes are\n  %v", documented, routed)
	}
}

func TestOperations(t *testing.T) {
	e := sqliteEnv(t)
	get := func(path string) (*http.Response, string) {
		res, err := http.Get(e.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	for _, p := range []string{"/healthz", "/readyz"} {
		if res, _ := get(p); res.StatusCode != 200 {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
	if res, body := get("/no-such-page"); res.StatusCode != 404 || !strings.Contains(body, "Page not found") {
		t.Errorf("unknown page: %d", res.StatusCode)
	}
	res, _ := get("/sign-in")
	for h, want := range map[string]string{
		"Content-Security-Policy": "script-src 'self'", "X-Frame-Options": "DENY",
		"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
	} {
		if !strings.Contains(res.Header.Get(h), want) {
			t.Errorf("%s = %q, want %q", h, res.Header.Get(h), want)
		}
	}
	if strings.Contains(res.Header.Get("Content-Security-Policy"), "unsafe-inline") {
		t.Error("the CSP allows inline script or style")
	}
	if res.Header.Get("X-Request-Id") == "" {
		t.Error("no request id")
	}
	// The metrics are read with the metrics token (MACE_METRICS_TOKEN).
	e.srv.cfg.MetricsToken = "a-metrics-token-for-the-test"
	metricsReq, _ := http.NewRequest("GET", e.ts.URL+"/metrics", nil)
	metricsReq.Header.Set("Authorization", "Bearer "+e.srv.cfg.MetricsToken)
	metricsRes, err := http.DefaultClient.Do(metricsReq)
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(metricsRes.Body)
	metricsRes.Body.Close()
	if body := string(metrics); !strings.Contains(body, `mace_http_requests_total{method="GET",route="GET /sign-in",status="200"}`) {
		t.Error("metrics do not count requests by route")
	}
	// An over-large body is refused, not read.
	big := strings.NewReader("q=" + strings.Repeat("x", 3<<20))
	r2, err := http.Post(e.ts.URL+"/sign-in", "application/x-www-form-urlencoded", big)
	if err != nil {
		t.Fatal(err)
	}
	r2.Body.Close()
	if r2.StatusCode < 400 {
		t.Errorf("a 3 MiB body got %d", r2.StatusCode)
	}
	// A cross-site form post is refused.
	req, _ := http.NewRequest("POST", e.ts.URL+"/sign-in", strings.NewReader("email=a"))
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r3, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r3.Body.Close()
	if r3.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site post: %d", r3.StatusCode)
	}
}

// TestSignInPage: wrong passwords get one message whether or not the
// account exists, then the throttle's message; sessions are HttpOnly and
// rotated at sign-in.
func TestSignInPage(t *testing.T) {
	e := sqliteEnv(t)
	c := e.client()
	c.get("/sign-in")
	_, known, _ := c.post("/sign-in", map[string][]string{"email": {"screener@northfield.example"}, "password": {"wrong password!"}})
	_, unknown, _ := c.post("/sign-in", map[string][]string{"email": {"nobody@northfield.example"}, "password": {"wrong password!"}})
	for _, body := range []string{known, unknown} {
		if !strings.Contains(body, "Enter a correct email address and password") {
			t.Fatal("wrong credentials should say so in one message")
		}
	}
	for range 4 {
		c.post("/sign-in", map[string][]string{"email": {"screener@northfield.example"}, "password": {"wrong password!"}})
	}
	code, body, _ := c.post("/sign-in", map[string][]string{"email": {"screener@northfield.example"}, "password": {"mace-demo-password"}})
	if code != http.StatusTooManyRequests || !strings.Contains(body, "too many attempts") {
		t.Fatalf("throttled sign-in: %d", code)
	}
	c2 := e.client()
	c2.get("/sign-in")
	_, _, h1 := c2.post("/sign-in", map[string][]string{"email": {"manager@northfield.example"}, "password": {"mace-demo-password"}})
	cookie := h1.Get("Set-Cookie")
	if !strings.Contains(cookie, "mace_session=") || !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Lax") {
		t.Fatalf("session cookie: %s", cookie)
	}
	c2.get("/")
	_, _, h2 := c2.post("/sign-in", map[string][]string{"email": {"manager@northfield.example"}, "password": {"mace-demo-password"}})
	if h2.Get("Set-Cookie") == cookie {
		t.Fatal("signing in again should give a new session")
	}
	c2.get("/")
	if code, _, _ := c2.post("/sign-out", map[string][]string{}); code != http.StatusSeeOther {
		t.Fatalf("sign out: %d", code)
	}
	if code, _ := c2.get("/people"); code != http.StatusSeeOther {
		t.Fatalf("after sign-out: %d", code)
	}
}

// Every $ref in the merged OpenAPI document points at something it defines,
// so a feature's fragment cannot name a schema no fragment describes.
func TestOpenAPIReferencesResolve(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if ref, ok := x.(string); ok && k == "$ref" {
					var at any = doc
					for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
						m, _ := at.(map[string]any)
						at = m[part]
					}
					if at == nil {
						t.Errorf("$ref %s points at nothing", ref)
					}
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
}
