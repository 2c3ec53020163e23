package web

import (
	"mace/internal/platform/errs"
	"net/http"
)

// HandlerFunc is a page or API handler. It writes its response and returns
// nil, or writes nothing and returns the error for the one adapter (the
// route table's guard) to show: the GOV.UK error page for a page, the JSON
// problem for the API, with internal detail logged once and never shown.
type HandlerFunc func(http.ResponseWriter, *http.Request) error

// Create answers a JSON create: it decodes the body into an In, reads the
// Idempotency-Key header, calls create with both, and answers 201 Created
// with the record's address in Location and view(out) as the body. A
// retried request with the same key gets what the first one made.
func Create[In, Out any](w http.ResponseWriter, r *http.Request, create func(r *http.Request, in In, key string) (Out, error),
	location func(Out) string, view func(Out) any) error {
	var in In
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	key, err := IdempotencyKey(r)
	if err != nil {
		return err
	}
	out, err := create(r, in, key)
	if err != nil {
		return err
	}
	w.Header().Set("Location", location(out))
	var body any = out
	if view != nil {
		body = view(out)
	}
	JSON(w, http.StatusCreated, body)
	return nil
}

// Std is a plain http.Handler as a HandlerFunc, for what never fails in a
// way the service shows (static files, metrics).
func Std(h http.Handler) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		h.ServeHTTP(w, r)
		return nil
	}
}

// NotFound is the handler of any address the service does not have.
func NotFound(http.ResponseWriter, *http.Request) error { return errs.E(errs.NotFound, "not found") }
