package web

import (
	"net/http"
	"net/url"
	"strings"

	"mace/internal/platform/errs"
)

// Form is a submitted (or about to be shown) form: the values as typed, and
// the problems found, in the order of the form, for the GOV.UK error summary
// and inline errors. Shown again after a problem, it keeps every answer.
type Form struct {
	Values url.Values
	Errors []errs.FieldError
}

// NewForm wraps values (nil for an empty form).
func NewForm(v url.Values) *Form {
	if v == nil {
		v = url.Values{}
	}
	return &Form{Values: v}
}

// ParseForm reads a posted form, keeping the values as typed.
func ParseForm(r *http.Request) (*Form, error) {
	if err := r.ParseForm(); err != nil {
		return nil, errs.E(errs.Invalid, "The form could not be read")
	}
	return NewForm(r.PostForm), nil
}

// Get is the trimmed value of a field.
func (f *Form) Get(name string) string { return strings.TrimSpace(f.Values.Get(name)) }

// All is every non-empty trimmed value of a repeated field.
func (f *Form) All(name string) []string {
	var out []string
	for _, v := range f.Values[name] {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// Lines splits a textarea into its non-empty trimmed lines.
func (f *Form) Lines(name string) []string {
	var out []string
	for _, l := range strings.Split(f.Values.Get(name), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Has reports whether a checkbox or radio value was chosen.
func (f *Form) Has(name, value string) bool {
	for _, v := range f.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// Error is the message for a field, or "".
func (f *Form) Error(name string) string {
	for _, e := range f.Errors {
		if e.Field == name || strings.HasPrefix(e.Field, name+".") {
			return e.Message
		}
	}
	return ""
}

// SetError adds a problem.
func (f *Form) SetError(name, msg string) {
	f.Errors = append(f.Errors, errs.FieldError{Field: name, Message: msg})
}

// Fail takes the field errors of an Invalid error and reports whether there
// were any, so a handler can show the form again.
func (f *Form) Fail(err error) bool {
	if !errs.Is(err, errs.Invalid) {
		return false
	}
	fields := errs.Fields(err)
	if len(fields) == 0 {
		f.SetError("", errs.Public(err))
	}
	f.Errors = append(f.Errors, fields...)
	return true
}

// HasErrors reports whether the form has problems to show.
func (f *Form) HasErrors() bool { return len(f.Errors) > 0 }
