// Package choice is the one way the service names a fixed set of answers:
// each a code that is stored and sent, and a plain-English label that
// people see, with the checks and the form options made from the same list.
package choice

import "slices"

// Choice is one answer: its stored code, its label and an optional hint
// shown under it on a form.
type Choice struct {
	Code  string `json:"code"`
	Label string `json:"label"`
	Hint  string `json:"hint,omitempty"`
}

// Choices is a set of answers in the order forms show them.
type Choices []Choice

// Has reports whether code is one of the answers.
func (cs Choices) Has(code string) bool {
	return slices.ContainsFunc(cs, func(c Choice) bool { return c.Code == code })
}

// Label is the label of code, or code itself when it is not one of them (a
// code stored under an older list still shows).
func (cs Choices) Label(code string) string {
	for _, c := range cs {
		if c.Code == code {
			return c.Label
		}
	}
	return code
}

// Codes lists the codes in order.
func (cs Choices) Codes() []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Code
	}
	return out
}

// Option is a choice as a form template shows it: Value, Label and Hint,
// with Selected set for the answer given.
type Option struct {
	Value, Label, Hint string
	Selected           bool
}

// Options are the choices for a form's radios, checkboxes or select, with
// the selected codes marked.
func (cs Choices) Options(selected ...string) []Option {
	out := make([]Option, len(cs))
	for i, c := range cs {
		out[i] = Option{Value: c.Code, Label: c.Label, Hint: c.Hint, Selected: slices.Contains(selected, c.Code)}
	}
	return out
}
