package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestForwardedProtoNeedsTrustedProxy: X-Forwarded-Proto says the request
// came over TLS only when the service is told it runs behind a proxy;
// otherwise anyone could send it.
func TestForwardedProtoNeedsTrustedProxy(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("X-Forwarded-Proto", "https")
	if IsTLS(r) {
		t.Error("X-Forwarded-Proto believed without a trusted proxy")
	}
	for _, trust := range []bool{false, true} {
		var got bool
		h := TrustProxy(trust, SecureHeaders(1<<10, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got = IsTLS(r)
		})))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if got != trust {
			t.Errorf("trust proxy %v: IsTLS = %v", trust, got)
		}
		if hsts := rec.Header().Get("Strict-Transport-Security") != ""; hsts != trust {
			t.Errorf("trust proxy %v: HSTS sent %v", trust, hsts)
		}
	}
	// A request that did come over TLS is TLS whatever the proxy.
	r = httptest.NewRequest("GET", "https://mace.example/", nil)
	if !IsTLS(r) {
		t.Error("a TLS request is not seen as one")
	}
}
