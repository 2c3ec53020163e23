package match

import (
	"bytes"
	"embed"
	"encoding/csv"
	"slices"
	"sync"
)

// The nickname and variant tables, with their sources in data/SOURCE.md.
//
//go:embed data/nicknames.csv data/variants.csv
var dataFS embed.FS

// maxBlockRoots bounds how many roots of one word become blocking keys, so
// that a short form of many names ("Al", "Sam") cannot multiply the keys.
const maxBlockRoots = 8

// rootTable maps a normalised name to the names it is a form of.
var rootTable = sync.OnceValue(func() map[string][]string {
	t := map[string][]string{}
	add := func(name, form string) {
		n, f := Key(name), Key(form)
		if n == "" || f == "" || n == f || slices.Contains(t[f], n) {
			return
		}
		t[f] = append(t[f], n)
	}
	read := func(file string, fields int, row func([]string)) {
		b, err := dataFS.ReadFile(file)
		if err != nil {
			panic("match: " + err.Error())
		}
		r := csv.NewReader(bytes.NewReader(b))
		r.FieldsPerRecord = fields
		recs, err := r.ReadAll()
		if err != nil {
			panic("match: " + file + ": " + err.Error())
		}
		for _, rec := range recs[1:] {
			row(rec)
		}
	}
	read("data/nicknames.csv", 3, func(f []string) { add(f[0], f[2]) })
	read("data/variants.csv", 2, func(f []string) { add(f[0], f[1]) })
	for k := range t {
		slices.Sort(t[k])
	}
	return t
})

// Roots returns the names a normalised name word is a form of ("bill"
// gives "william" among others), not including the word itself.
func Roots(word string) []string { return rootTable()[word] }

// SharedRoot reports whether two normalised name words are forms of one
// name, and which: one is a form of the other, or both are forms of a third
// ("bill" and "will" share "william").
func SharedRoot(a, b string) (string, bool) {
	if a == "" || b == "" || a == b {
		return "", false
	}
	ra, rb := Roots(a), Roots(b)
	if slices.Contains(ra, b) {
		return b, true
	}
	if slices.Contains(rb, a) {
		return a, true
	}
	for _, r := range ra {
		if slices.Contains(rb, r) {
			return r, true
		}
	}
	return "", false
}
