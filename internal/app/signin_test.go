package app

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"mace/internal/demo"
)

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"":                       "/",
		"/":                      "/",
		"/people":                "/people",
		"/people/1?tab=audit#x":  "/people/1?tab=audit#x",
		"/%09/evil.example":      "/%09/evil.example", // still encoded: a path on this service
		"/\t/evil.example":       "/",                 // browsers drop the tab: //evil.example
		"/\n/evil.example":       "/",
		"/\r\nLocation: x":       "/",
		"//evil.example":         "/",
		"/\\evil.example":        "/",
		"/people\\..\\x":         "/",
		"https://evil.example/":  "/",
		"http:/evil.example":     "/",
		"javascript:alert(1)":    "/",
		"evil.example":           "/",
		" /people":               "/",
		"/people\x7f":            "/",
		"/\u2028/evil.example":   "/",
		"///evil.example":        "/",
		"/.//evil.example":       "/.//evil.example",
		"/people/%2F%2Fevil.com": "/people/%2F%2Fevil.com",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzSafeNext checks that where sign-in sends the browser on is a path on
// this service, however a browser reads it.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/", "/people?q=x", "//x", "/\t/x", "/%09/x", "/\\x", "https://x/", "/a\r\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		// What a browser does with a Location: it drops tabs and newlines
		// and reads backslashes as slashes.
		seen := strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(got)
		if !strings.HasPrefix(seen, "/") || strings.HasPrefix(seen, "//") {
			t.Fatalf("safeNext(%q) = %q", next, got)
		}
		u, err := url.Parse(got)
		if err != nil || u.Scheme != "" || u.Host != "" {
			t.Fatalf("safeNext(%q) = %q", next, got)
		}
	})
}

// TestSignInStaysOnService: after signing in, "next" leads only to a page
// of this service (finding: next=/%09/evil.example led off it).
func TestSignInStaysOnService(t *testing.T) {
	e := sqliteEnv(t)
	for _, next := range []string{"/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/"} {
		c := e.client()
		c.get("/sign-in?next=" + url.QueryEscape(next))
		if strings.Contains(c.last, "evil.example") {
			t.Errorf("the sign-in form keeps next=%q", next)
		}
		code, _, h := c.post("/sign-in", url.Values{"email": {"screener@northfield.example"},
			"password": {demo.Password}, "next": {next}})
		if code != http.StatusSeeOther || h.Get("Location") != "/" {
			t.Errorf("next=%q: %d to %q, want / ", next, code, h.Get("Location"))
		}
	}
}

// TestForwardedHeadersNeedTrustProxy: X-Forwarded-Proto and
// X-Forwarded-For are believed only with --trust-proxy.
func TestForwardedHeadersNeedTrustProxy(t *testing.T) {
	e := sqliteEnv(t)
	get := func(ts *httptest.Server) *http.Response {
		req, _ := http.NewRequest("GET", ts.URL+"/sign-in", nil)
		req.Header.Set("X-Forwarded-Proto", "https")
		req.Header.Set("X-Forwarded-For", "198.51.100.23")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}
	secure := func(res *http.Response) bool {
		for _, c := range res.Cookies() {
			if !c.Secure {
				return false
			}
		}
		return len(res.Cookies()) > 0 && res.Header.Get("Strict-Transport-Security") != ""
	}
	if res := get(e.ts); secure(res) || res.Header.Get("Strict-Transport-Security") != "" {
		t.Error("X-Forwarded-Proto believed without --trust-proxy")
	}
	e.srv.cfg.TrustProxy = true
	trusted := httptest.NewServer(e.srv.handler())
	defer trusted.Close()
	if res := get(trusted); !secure(res) {
		t.Error("X-Forwarded-Proto not believed with --trust-proxy")
	}
}
