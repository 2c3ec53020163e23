// Package db opens the service's database, SQLite (embedded, the default) or
// PostgreSQL, and holds the few places where the two dialects differ. Every
// query in the service is plain SQL in the subset both understand, with $N
// placeholders; transactions, migrations and time columns go through here.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names the database engine behind a DB.
type Dialect string

// The two supported engines.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// TxTimeout bounds every read-write transaction.
const TxTimeout = 30 * time.Second

// Querier is what both *sql.DB and *sql.Tx offer; stores take it so that the
// same query runs inside or outside a transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// DB is an open database with two pools: writers and readers. On SQLite
// that is one writer connection and several readers (WAL lets readers run
// beside the writer). On PostgreSQL both are pools of the same server, kept
// apart so that a transaction that also reads through Read can never wait
// on a pool its own kind has exhausted.
type DB struct {
	Dialect Dialect
	// Path is the SQLite file (empty for PostgreSQL).
	Path  string
	write *sql.DB
	read  *sql.DB
}

// IsPostgres reports whether the URL names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens a SQLite file path (created with its folder if absent) or a
// postgres:// URL, and checks that it answers.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if strings.TrimSpace(dsn) == "" {
		return nil, errors.New("no database given: set --db or MACE_DB to a SQLite file path or a postgres:// URL")
	}
	var d *DB
	var err error
	if IsPostgres(dsn) {
		d, err = openPostgres(dsn)
	} else {
		d, err = openSQLite(dsn)
	}
	if err != nil {
		return nil, err
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := d.write.PingContext(pctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("database %s does not answer: %w", d.Describe(), err)
	}
	return d, nil
}

func openPostgres(dsn string) (*DB, error) {
	// A session left idle inside a transaction (a server that died
	// mid-way) must not hold its locks for long.
	if u, err := url.Parse(dsn); err == nil && u.Query().Get("idle_in_transaction_session_timeout") == "" {
		q := u.Query()
		q.Set("idle_in_transaction_session_timeout", "60000")
		u.RawQuery = q.Encode()
		dsn = u.String()
	}
	pool := func(n int) (*sql.DB, error) {
		p, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("opening PostgreSQL: %w", err)
		}
		p.SetMaxOpenConns(n)
		p.SetMaxIdleConns(n)
		p.SetConnMaxIdleTime(5 * time.Minute)
		return p, nil
	}
	w, err := pool(10)
	if err != nil {
		return nil, err
	}
	r, err := pool(10)
	if err != nil {
		w.Close()
		return nil, err
	}
	return &DB{Dialect: Postgres, write: w, read: r}, nil
}

func openSQLite(path string) (*DB, error) {
	path = strings.TrimPrefix(path, "sqlite://")
	path = strings.TrimPrefix(path, "file:")
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("creating the folder for the database: %w", err)
		}
	}
	q := url.Values{}
	// A page cache of 64 MB a connection, where SQLite's default is 2 MB:
	// matching and imports read many pages of a large database at random.
	// (Mapping the file into memory instead costs more: each page read
	// from the map is decoded afresh, and the map is remade whenever the
	// file grows.)
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "foreign_keys(ON)", "synchronous(NORMAL)",
		"cache_size(-65536)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + q.Encode()
	w, err := sql.Open(sqliteDriverName, dsn)
	if err != nil {
		return nil, fmt.Errorf("opening SQLite: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	q.Set("_txlock", "deferred")
	q.Add("_pragma", "query_only(ON)")
	r, err := sql.Open(sqliteDriverName, "file:"+path+"?"+q.Encode())
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("opening SQLite: %w", err)
	}
	// Readers are many so that a short read (a session's or token's user)
	// does not queue behind a few long ones; lists are read a page at a
	// time, so none should be long (bench/README.md, "Task lists").
	r.SetMaxOpenConns(max(8, runtime.NumCPU()*4))
	return &DB{Dialect: SQLite, Path: path, write: w, read: r}, nil
}

// Describe names the database without any password, for messages and logs.
func (d *DB) Describe() string {
	if d.Dialect == SQLite {
		return "SQLite " + d.Path
	}
	return "PostgreSQL"
}

// Close closes every connection.
func (d *DB) Close() error {
	err := d.write.Close()
	if d.read != d.write {
		err = errors.Join(err, d.read.Close())
	}
	return err
}

// Ping checks that the database answers (for /readyz).
func (d *DB) Ping(ctx context.Context) error {
	var one int
	return d.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Read is for queries that change nothing.
func (d *DB) Read() Querier { return d.read }

// Write is for a single statement that changes data outside a transaction.
func (d *DB) Write() Querier { return d.write }

// Tx runs fn in one read-write transaction: committed if fn returns nil,
// rolled back otherwise. Every change of personal data and its audit event go
// through one Tx.
//
// The transaction does not end when the request that started it is
// cancelled (a client hanging up): a transaction broken off part-way can
// leave PostgreSQL holding its locks, among them the audit trail's head,
// until the connection is torn down. It has its own time limit instead.
func (d *DB) Tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return d.TxWithin(ctx, TxTimeout, fn)
}

// TxWithin is Tx with its own time limit, for the few transactions that
// must do much at once, such as importing a large file atomically.
func (d *DB) TxWithin(ctx context.Context, limit time.Duration, fn func(tx *sql.Tx) error) (err error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), limit)
	defer cancel()
	tx, err := d.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("beginning a transaction: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("committing: %w", err)
	}
	return nil
}

// Args collects query arguments and hands out their $N placeholders, so that
// query fragments built in several places number them consistently.
type Args []any

// Add appends v and returns its placeholder.
func (a *Args) Add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// In is a parenthesised list of placeholders for vals, for "col IN ...";
// vals must not be empty.
func (a *Args) In(vals []string) string {
	ph := make([]string, len(vals))
	for i, v := range vals {
		ph[i] = a.Add(v)
	}
	return "(" + strings.Join(ph, ", ") + ")"
}

// NullText is s for a nullable text column: NULL when s is empty.
func NullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// PerQuery bounds the values of one IN list or multi-row insert, well under
// either database's limit on arguments.
const PerQuery = 500

// Chunks calls fn with each run of at most PerQuery of list, in order.
func Chunks[T any](list []T, fn func(part []T) error) error {
	for start := 0; start < len(list); start += PerQuery {
		if err := fn(list[start:min(start+PerQuery, len(list))]); err != nil {
			return err
		}
	}
	return nil
}

// Distinct is list sorted, without repeats.
func Distinct(list []string) []string {
	out := slices.Clone(list)
	slices.Sort(out)
	return slices.Compact(out)
}
