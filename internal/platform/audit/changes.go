package audit

import "strings"

// Changes names the fields a change touched, never their values, for the
// detail of an Update event: one Changes per change, a Field for each field
// compared.
type Changes []string

// Field notes name as changed unless same.
func (c *Changes) Field(name string, same bool) {
	if !same {
		*c = append(*c, name)
	}
}

// None reports whether nothing changed.
func (c Changes) None() bool { return len(c) == 0 }

// Detail is the event detail: "changed date, time".
func (c Changes) Detail() string { return "changed " + strings.Join(c, ", ") }
