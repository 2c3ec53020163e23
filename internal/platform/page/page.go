// Package page is how the service's lists are read a page at a time: by a
// keyset cursor (where the last page ended, in the list's order), never by
// OFFSET, so a later page costs what the first does.
//
// A cursor is opaque to a caller: the list's order name and the sort keys
// of the last row shown, encoded. A list gives Next as the cursor of its
// next page and reads one back with Parse; a cursor made for another list
// or order, or not made by the service, is refused as a problem with the
// field "cursor".
package page

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"mace/internal/platform/errs"
)

// The page sizes of the lists: a page is Default rows unless asked for
// otherwise, and never more than Max (asked for more, a list gives Max).
const (
	Default = 50
	Max     = 200
)

// Size is the page size for a limit asked for: Default when none (0 or
// less), at most Max.
func Size(limit int) int {
	switch {
	case limit <= 0:
		return Default
	case limit > Max:
		return Max
	}
	return limit
}

// Limit reads the "limit" query parameter: 0 when it is not given, an
// error on the field when it is not a whole number of 1 or more.
func Limit(v url.Values) (int, error) {
	s := strings.TrimSpace(v.Get("limit"))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, errs.FieldErr("limit", fmt.Sprintf("Give limit as a whole number of 1 or more (a page has at most %d)", Max))
	}
	return n, nil
}

// sep separates the parts of a cursor: never in a key a list sorts by
// (ids, stored times, dates, sort keys of names).
const sep = "\x1f"

// Cursor is the cursor of the page after a row with the sort keys keys,
// in the list order order.
func Cursor(order string, keys ...string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(order + sep + strings.Join(keys, sep)))
}

// Bad is the problem of a cursor that is not one the list gave.
func Bad() error {
	return errs.FieldErr("cursor", "The cursor is not one this list gave: start again from the first page, without a cursor")
}

// Parse reads a cursor a list in order order gave, of n keys: nil for ""
// (the first page), the problem Bad for any other string.
func Parse(s, order string, n int) ([]string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return nil, Bad()
	}
	parts := strings.Split(string(b), sep)
	if len(parts) != n+1 || parts[0] != order {
		return nil, Bad()
	}
	return parts[1:], nil
}

// Cut trims rows, read as up to limit+1 from the cursor, to a page of
// limit, and gives the cursor of the next page ("" when this is the
// last), made from the last row's keys.
func Cut[T any](rows []T, limit int, order string, keys func(T) []string) ([]T, string) {
	if len(rows) <= limit {
		return rows, ""
	}
	rows = rows[:limit]
	return rows, Cursor(order, keys(rows[limit-1])...)
}
