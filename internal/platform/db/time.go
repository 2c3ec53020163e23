package db

import (
	"database/sql"
	"fmt"
	"time"
)

// Times are stored as fixed-width UTC text, so they sort and compare the same
// way in both dialects and need no engine-specific type.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// Time converts t for storage: UTC text, or NULL for the zero time.
func Time(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(timeLayout)
}

// ScanTime scans a stored time (or NULL, giving the zero time) into dst.
func ScanTime(dst *time.Time) sql.Scanner { return timeScanner{dst} }

type timeScanner struct{ dst *time.Time }

func (s timeScanner) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*s.dst = time.Time{}
		return nil
	case string:
		return s.parse(x)
	case []byte:
		return s.parse(string(x))
	case time.Time:
		*s.dst = x.UTC()
		return nil
	}
	return fmt.Errorf("db: cannot scan %T as a time", v)
}

func (s timeScanner) parse(x string) error {
	t, err := time.Parse(time.RFC3339Nano, x)
	if err != nil {
		return fmt.Errorf("db: stored time %q: %w", x, err)
	}
	*s.dst = t.UTC()
	return nil
}
