package db

import (
	"context"
	"strconv"
	"strings"
	"testing"
)

func TestPositional(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"SELECT a FROM t WHERE b = $1 AND c = $2", "SELECT a FROM t WHERE b = ? AND c = ?"},
		{"INSERT INTO t VALUES ($1, $2), ($3, $4);", "INSERT INTO t VALUES (?, ?), (?, ?);"},
		{"SELECT '$1', $1", "SELECT '$1', ?"},
		{"SELECT 'it''s $2', $1", "SELECT 'it''s $2', ?"},
		{`SELECT "a$1" FROM t WHERE x = $1`, `SELECT "a$1" FROM t WHERE x = ?`},
		{"SELECT x$1 FROM t WHERE x = $1", "SELECT x$1 FROM t WHERE x = ?"},
		{"SELECT $1 -- not $2\n, $2", "SELECT ? -- not $2\n, ?"},
		{"SELECT $1 /* $5 */, $2", "SELECT ? /* $5 */, ?"},
		// Left alone: numbered out of order, used twice, gaps, two
		// statements, a name, unterminated quotes or comments.
		{"SELECT $2, $1", "SELECT $2, $1"},
		{"SELECT $1, $1", "SELECT $1, $1"},
		{"SELECT $1, $3", "SELECT $1, $3"},
		{"UPDATE t SET a = $1; UPDATE u SET b = $2", "UPDATE t SET a = $1; UPDATE u SET b = $2"},
		{"SELECT $name", "SELECT $name"},
		{"SELECT $1a", "SELECT $1a"},
		{"SELECT $1, 'open", "SELECT $1, 'open"},
		{"SELECT $1 /* open", "SELECT $1 /* open"},
	} {
		if got := positional(c.in); got != c.want {
			t.Errorf("positional(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzPositional checks that a rewrite only ever turns $1 … $N into N
// question marks and changes nothing else.
func FuzzPositional(f *testing.F) {
	for _, s := range []string{"SELECT $1, '$2', $2", "a$1 $1 -- $2\n $2", "/* $1 */ $1;", "$1$2", "'''$1' $1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := positional(in)
		if out == in {
			return
		}
		n := strings.Count(in, "$") - strings.Count(out, "$")
		if n <= 0 || strings.Count(out, "?")-strings.Count(in, "?") != n {
			t.Fatalf("positional(%q) = %q: %d placeholders gone, %d question marks added", in, out,
				n, strings.Count(out, "?")-strings.Count(in, "?"))
		}
		// Walking both, each difference is one $N, numbered in turn, in
		// place of one ?.
		next, j := 1, 0
		for i := 0; i < len(in); {
			switch {
			case j < len(out) && in[i] == '$' && out[j] == '?':
				num := strconv.Itoa(next)
				if !strings.HasPrefix(in[i+1:], num) {
					t.Fatalf("positional(%q) = %q: placeholder %d at %d is not $%d", in, out, next, i, next)
				}
				i += 1 + len(num)
				j++
				next++
			case j < len(out) && in[i] == out[j]:
				i++
				j++
			default:
				t.Fatalf("positional(%q) = %q: differs at %d", in, out, i)
			}
		}
		if j != len(out) {
			t.Fatalf("positional(%q) = %q: longer than the input allows", in, out)
		}
	})
}

// TestSQLitePlaceholders checks the rewritten statements bind the same
// values, and those left alone still work.
func TestSQLitePlaceholders(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, t.TempDir()+"/p.db")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var s string
	for _, c := range []struct {
		query string
		args  []any
		want  string
	}{
		{"SELECT $1 || $2 || '$3'", []any{"a", "b"}, "ab$3"},
		{"SELECT $2 || $1", []any{"a", "b"}, "ba"},
		{"SELECT $1 || $1", []any{"a"}, "aa"},
	} {
		if err := d.Read().QueryRowContext(ctx, c.query, c.args...).Scan(&s); err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		if s != c.want {
			t.Errorf("%s = %q, want %q", c.query, s, c.want)
		}
	}
}
