package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"strings"

	"modernc.org/sqlite"
)

// mace's SQL numbers its placeholders $1, $2, … as PostgreSQL wants. SQLite
// takes $1 for a parameter named "$1" and looks each one up by name while
// parsing, at a cost that grows with the number already seen: a statement
// of a few thousand arguments (many rows to one INSERT) takes some 30 times
// longer to prepare than with plain ? placeholders. So the SQLite driver
// mace opens rewrites a statement whose placeholders are exactly $1 … $N,
// each once and in order, to use ? instead, which binds the same values.

// sqliteDriverName is the name the rewriting SQLite driver is registered
// under.
const sqliteDriverName = "mace-sqlite"

func init() {
	sql.Register(sqliteDriverName, positionalDriver{&sqlite.Driver{}})
}

// positional returns query with its placeholders as ?, when they are
// exactly $1 … $N in order, each once, in one statement; otherwise query
// unchanged. Placeholders are not looked for in quoted strings, quoted
// names or comments.
func positional(query string) string {
	if !strings.Contains(query, "$") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query))
	next := 1
	for i := 0; i < len(query); {
		c := query[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			j := strings.IndexByte(query[i+1:], c)
			if j < 0 {
				return query
			}
			b.WriteString(query[i : i+j+2])
			i += j + 2
		case c == '-' && strings.HasPrefix(query[i:], "--"):
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = len(query) - i
			}
			b.WriteString(query[i : i+j])
			i += j
		case c == '/' && strings.HasPrefix(query[i:], "/*"):
			j := strings.Index(query[i+2:], "*/")
			if j < 0 {
				return query
			}
			b.WriteString(query[i : i+j+4])
			i += j + 4
		case c == ';':
			// A second statement would number its ? from 1 again.
			if strings.TrimSpace(query[i+1:]) != "" {
				return query
			}
			b.WriteByte(c)
			i++
		case c == '$':
			j := i + 1
			n := 0
			for j < len(query) && query[j] >= '0' && query[j] <= '9' && n <= 1<<20 {
				n = n*10 + int(query[j]-'0')
				j++
			}
			if j == i+1 || query[i+1] == '0' || n != next || (j < len(query) && isNameByte(query[j])) {
				return query
			}
			b.WriteByte('?')
			next++
			i = j
		default:
			if isNameByte(c) {
				// A name (which may hold a $, as SQLite allows) is copied
				// whole.
				j := i + 1
				for j < len(query) && (isNameByte(query[j]) || query[j] == '$') {
					j++
				}
				b.WriteString(query[i:j])
				i = j
				continue
			}
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

type positionalDriver struct{ d *sqlite.Driver }

func (p positionalDriver) Open(name string) (driver.Conn, error) {
	c, err := p.d.Open(name)
	if err != nil {
		return nil, err
	}
	sc, ok := c.(sqliteConn)
	if !ok {
		c.Close()
		return nil, errors.New("the SQLite driver's connections lack a method mace uses")
	}
	return positionalConn{sc}, nil
}

// sqliteConn is what the SQLite driver's connections do that mace uses.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// positionalConn is a SQLite connection whose statements are rewritten by
// positional on their way in.
type positionalConn struct{ sqliteConn }

func (p positionalConn) Prepare(query string) (driver.Stmt, error) {
	return p.sqliteConn.Prepare(positional(query))
}

func (p positionalConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return p.sqliteConn.PrepareContext(ctx, positional(query))
}

func (p positionalConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return p.sqliteConn.ExecContext(ctx, positional(query), args)
}

func (p positionalConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return p.sqliteConn.QueryContext(ctx, positional(query), args)
}
