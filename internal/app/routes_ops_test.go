package app

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestMetricsNotOpen: /metrics on the service's address is not open to
// anyone. Without MACE_METRICS_TOKEN it is not served there at all; with
// it, only to a scraper sending the token. --metrics-addr serves it on an
// address of its own.
func TestMetricsNotOpen(t *testing.T) {
	e := sqliteEnv(t)
	scrape := func(h http.Handler, auth string) (int, string) {
		req := httptest.NewRequest("GET", "/metrics", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	if code, body := scrape(e.srv.handler(), ""); code != http.StatusNotFound || strings.Contains(body, "mace_http") {
		t.Errorf("metrics served to anyone: %d", code)
	}
	const token = "a-metrics-token-for-the-test"
	e.srv.cfg.MetricsToken = token
	h := e.srv.handler()
	for _, auth := range []string{"", "Bearer wrong", "Bearer " + token + "x", token, "Basic " + token} {
		if code, _ := scrape(h, auth); code != http.StatusUnauthorized {
			t.Errorf("metrics with %q: %d, want 401", auth, code)
		}
	}
	if code, body := scrape(h, "Bearer "+token); code != http.StatusOK || !strings.Contains(body, "mace_http_requests_total") {
		t.Errorf("metrics with the token: %d", code)
	}
	// The separate listener serves the metrics and nothing else.
	m := e.srv.metricsOnly()
	if code, body := scrape(m, ""); code != http.StatusOK || !strings.Contains(body, "go_goroutines") {
		t.Errorf("metrics listener: %d", code)
	}
	req := httptest.NewRequest("GET", "/sign-in", nil)
	rec := httptest.NewRecorder()
	m.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotFound {
		t.Errorf("the metrics listener serves /sign-in: %d", rec.Code)
	}
}

func TestServeConfigMetrics(t *testing.T) {
	vars := map[string]string{"MACE_METRICS_TOKEN": "a-metrics-token-for-the-test"}
	c, err := serveConfig([]string{"--metrics-addr", "127.0.0.1:9100"}, env(func(k string) string { return vars[k] }))
	if err != nil || c.MetricsAddr != "127.0.0.1:9100" || c.MetricsToken != vars["MACE_METRICS_TOKEN"] {
		t.Fatalf("%+v %v", c, err)
	}
	vars["MACE_METRICS_TOKEN"] = "short"
	_, err = serveConfig([]string{"--metrics-addr", "nowhere"}, env(func(k string) string { return vars[k] }))
	for _, want := range []string{"--metrics-addr", "MACE_METRICS_TOKEN"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("config error should mention %s: %v", want, err)
		}
	}
}
