// Package errs holds the service's few kinds of error. Services return them;
// the web layer maps each kind to one HTTP status and shows only the public
// message, never internal detail.
package errs

import (
	"errors"
	"fmt"
	"net/http"
)

// Kind classifies an error for the person or system that caused it.
type Kind int

// The kinds. Internal is the zero value so that an unclassified error never
// leaks detail.
const (
	Internal Kind = iota
	Invalid
	NotFound
	Forbidden
	Conflict
	Unauthenticated
	TooMany
	// Unavailable is the database (or another service it needs) being
	// unreachable, full or busy past its limits: nothing was done, and the
	// same request is safe to send again in a moment.
	Unavailable
)

// FieldError is one problem with one answer on a form or field of a request.
// Field is the form field name (and the API's snake_case field).
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is an error with a kind and a message safe to show.
type Error struct {
	Kind    Kind
	Message string
	Fields  []FieldError
	Err     error // the cause, logged but never shown
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// E makes an error of a kind with a message safe to show.
func E(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...)}
}

// Wrap makes an internal error that keeps its cause for the log.
func Wrap(err error, context string) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{Kind: Internal, Message: context, Err: err}
}

// KindOf returns the kind of err (Internal for an unclassified error).
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// Is reports whether err is of kind k.
func Is(err error, k Kind) bool { return err != nil && KindOf(err) == k }

// Fields returns the field errors carried by err, if any.
func Fields(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Public is the message to show for err: its own for a classified error, a
// plain apology for an internal one.
func Public(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Kind != Internal {
		return e.Message
	}
	return "Sorry, there is a problem with the service. Try again later."
}

// UnavailableMessage is what a person or API client is told when the
// service is busy or cannot reach its database.
const UnavailableMessage = "The service is busy or unavailable: try again in a moment."

// AsUnavailable makes err an Unavailable error, keeping it as the cause for
// the log.
func AsUnavailable(err error) error {
	if err == nil || Is(err, Unavailable) {
		return err
	}
	return &Error{Kind: Unavailable, Message: UnavailableMessage, Err: err}
}

// Status maps an error's kind to its HTTP status.
func Status(err error) int {
	switch KindOf(err) {
	case Invalid:
		return http.StatusUnprocessableEntity
	case NotFound:
		return http.StatusNotFound
	case Forbidden:
		return http.StatusForbidden
	case Conflict:
		return http.StatusConflict
	case Unauthenticated:
		return http.StatusUnauthorized
	case TooMany:
		return http.StatusTooManyRequests
	case Unavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// Validation collects field errors in the order of the form.
type Validation struct{ fields []FieldError }

// Add records a problem with a field.
func (v *Validation) Add(field, message string) {
	v.fields = append(v.fields, FieldError{field, message})
}

// Has reports whether field already has a problem.
func (v *Validation) Has(field string) bool {
	for _, f := range v.fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err returns an Invalid error with the fields, or nil when there are none.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Message: "There is a problem", Fields: v.fields}
}

// FieldErr is an Invalid error about one field.
func FieldErr(field, message string) error {
	var v Validation
	v.Add(field, message)
	return v.Err()
}
