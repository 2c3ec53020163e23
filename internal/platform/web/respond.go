package web

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"

	"mace/internal/platform/db"
	"mace/internal/platform/errs"
	"mace/internal/platform/idem"
)

// JSON writes v as JSON with status.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// APIError is the body of every API error.
type APIError struct {
	Error  string            `json:"error"`
	Kind   string            `json:"kind"`
	Fields []errs.FieldError `json:"fields,omitempty"`
}

var kindNames = map[errs.Kind]string{
	errs.Internal: "internal", errs.Invalid: "invalid", errs.NotFound: "not_found", errs.Forbidden: "forbidden",
	errs.Conflict: "conflict", errs.Unauthenticated: "unauthenticated", errs.TooMany: "too_many_requests",
	errs.Unavailable: "unavailable",
}

// RetryAfter is the seconds an API client or browser is told to wait
// before sending a request again that failed because the service was busy
// or its database unavailable.
const RetryAfter = 5

// classify makes an internal error that says the database cannot serve now
// (db.UnavailableReason) an Unavailable one: 503, safe to retry.
func classify(err error) error {
	if errs.KindOf(err) == errs.Internal && db.Unavailable(err) {
		return errs.AsUnavailable(err)
	}
	return err
}

// JSONError writes err as an API error, logging internal detail only. A
// database that cannot serve now answers 503 with Retry-After, kind
// "unavailable".
func JSONError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	err = classify(err)
	status := errs.Status(err)
	if status >= 500 {
		log.Error("api request failed", "err", err, "request_id", RequestID(r.Context()), "path", r.URL.Path)
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", strconv.Itoa(RetryAfter))
	}
	JSONErrorStatus(w, status, APIError{Error: errs.Public(err), Kind: kindNames[errs.KindOf(err)], Fields: errs.Fields(err)})
}

// JSONErrorStatus writes an API error body with status.
func JSONErrorStatus(w http.ResponseWriter, status int, e APIError) {
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="mace"`)
	}
	JSON(w, status, e)
}

// IdempotencyKey is a request's Idempotency-Key header, which makes a
// retried POST return what the first made (see package idem); a key too
// long is an Invalid error.
func IdempotencyKey(r *http.Request) (string, error) {
	return idem.Key(r.Header.Get("Idempotency-Key"))
}

// FormKey is the idempotency key a form carries in its hidden
// idempotency_key field, which makes a double submit return what the first
// made.
func FormKey(r *http.Request) (string, error) { return idem.Key(r.PostFormValue("idempotency_key")) }

// DecodeJSON reads a request body into v, refusing unknown fields so that a
// misspelt field is reported rather than ignored.
func DecodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errs.E(errs.Invalid, "The request body is not valid JSON for this request: %s", jsonProblem(err))
	}
	return nil
}

func jsonProblem(err error) string {
	switch e := err.(type) {
	case *json.SyntaxError:
		return "syntax error at byte " + strconv.FormatInt(e.Offset, 10)
	case *json.UnmarshalTypeError:
		return "field " + e.Field + " should be " + e.Type.String()
	}
	return err.Error()
}

// Redirect sends the browser on after a successful post (post-redirect-get),
// with an optional one-time message for the next page.
func Redirect(w http.ResponseWriter, r *http.Request, to, flash string) {
	if flash != "" {
		SetFlash(w, r, flash)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

const flashCookie = "mace_flash"

// SetFlash stores a short message (never personal data) for the next page.
func SetFlash(w http.ResponseWriter, r *http.Request, msg string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: url.QueryEscape(msg), Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: IsTLS(r), MaxAge: 60})
}

// TakeFlash returns and clears the message left for this page.
func TakeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: IsTLS(r)})
	msg, _ := url.QueryUnescape(c.Value)
	return msg
}

// SignInRedirect sends the browser to sign in, and back here afterwards.
func SignInRedirect(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/sign-in?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
}

// IsTLS reports whether the request reached us over TLS, or reached the
// proxy in front of us over TLS (X-Forwarded-Proto: https, believed only
// behind a trusted proxy, see TrustProxy), so cookies can be marked Secure.
func IsTLS(r *http.Request) bool {
	return r.TLS != nil || proxyTrusted(r) && r.Header.Get("X-Forwarded-Proto") == "https"
}
