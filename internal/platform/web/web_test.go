package web

import (
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"mace/internal/platform/errs"
)

func TestFormDate(t *testing.T) {
	for _, tc := range []struct {
		d, m, y string
		want    string
		problem string
	}{
		{"", "", "", "", ""},
		{"27", "3", "2010", "2010-03-27", ""},
		{"29", "2", "2011", "", "Date of birth must be a real date"},
		{"1", "", "2011", "", "Date of birth must include a month"},
		{"", "", "2011", "", "Date of birth must include a day and a month"},
		{"x", "2", "2011", "", "Date of birth must be a real date"},
		{"1", "2", "11", "", "Date of birth must include a year with 4 numbers"},
	} {
		f := NewForm(url.Values{"dob-day": {tc.d}, "dob-month": {tc.m}, "dob-year": {tc.y}})
		got, problem := f.FormDate("dob", "Date of birth")
		if got.String() != tc.want || problem != tc.problem {
			t.Errorf("%s/%s/%s: %q %q", tc.d, tc.m, tc.y, got, problem)
		}
	}
}

func FuzzFormDate(f *testing.F) {
	f.Add("27", "3", "2010")
	f.Add("-1", "99", "0")
	f.Fuzz(func(t *testing.T, d, m, y string) {
		form := NewForm(url.Values{"x-day": {d}, "x-month": {m}, "x-year": {y}})
		got, problem := form.FormDate("x", "Date")
		if problem != "" && !got.IsZero() {
			t.Fatalf("a problem and a date: %v %q", got, problem)
		}
		if problem == "" && !got.IsZero() {
			form2 := NewForm(nil)
			form2.SetDate("x", got)
			if again, p := form2.FormDate("x", "Date"); again != got || p != "" {
				t.Fatalf("round trip %v -> %v %q", got, again, p)
			}
		}
	})
}

func FuzzClientAddress(f *testing.F) {
	f.Add("192.0.2.1, 198.51.100.7", "203.0.113.9:5555")
	f.Add("", "[2001:db8::1]:80")
	f.Add(" ,,", "nonsense")
	f.Fuzz(func(t *testing.T, xff, remote string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = remote
		r.Header.Set("X-Forwarded-For", xff)
		// Trusting the proxy never loses the address the connection had.
		if direct := ClientAddress(r, false); direct != "" && ClientAddress(r, true) == "" {
			t.Fatalf("no address from %q %q", xff, remote)
		}
	})
}

func FuzzDecodeJSON(f *testing.F) {
	f.Add(`{"name":"x","n":1}`)
	f.Add(`{"name":`)
	f.Add(`{"other":true}`)
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		var v struct {
			Name string `json:"name"`
			N    int    `json:"n"`
		}
		if err := DecodeJSON(r, &v); err != nil && errs.KindOf(err) != errs.Invalid {
			t.Fatalf("a bad body should be invalid, not %v", err)
		}
	})
}

// TestUnavailable: an error saying the database cannot serve now answers
// 503 with Retry-After: the problem JSON of kind "unavailable" for the
// API, the "try again in a moment" page for a browser. Other internal
// errors stay 500, and a classified error keeps its own kind.
func TestUnavailable(t *testing.T) {
	r, err := NewRenderer(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	down := errs.Wrap(fmt.Errorf("reading a session: %w", driver.ErrBadConn), "reading a session")
	req := httptest.NewRequest("GET", "/people", nil)
	rec := httptest.NewRecorder()
	r.Error(rec, req, down)
	if rec.Code != 503 || rec.Header().Get("Retry-After") == "" ||
		!strings.Contains(rec.Body.String(), "The service is busy or unavailable") || !strings.Contains(rec.Body.String(), "Try again in a moment") {
		t.Errorf("page: %d %q %s", rec.Code, rec.Header().Get("Retry-After"), rec.Body.String())
	}
	rec = httptest.NewRecorder()
	JSONError(rec, httptest.NewRequest("GET", "/api/v1/people", nil), slog.New(slog.DiscardHandler), down)
	var body APIError
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != 503 || rec.Header().Get("Retry-After") == "" ||
		body.Kind != "unavailable" || body.Error != errs.UnavailableMessage {
		t.Errorf("api: %d %q %+v %v", rec.Code, rec.Header().Get("Retry-After"), body, err)
	}
	for _, e := range []error{errs.Wrap(errors.New("a mistake"), "reading"), errs.E(errs.Conflict, "changed")} {
		rec = httptest.NewRecorder()
		JSONError(rec, httptest.NewRequest("GET", "/api/v1/people", nil), slog.New(slog.DiscardHandler), e)
		if rec.Code == 503 || rec.Header().Get("Retry-After") != "" {
			t.Errorf("%v answered %d", e, rec.Code)
		}
	}
}
