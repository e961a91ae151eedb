// Package bun is a Kernia storage adapter for SQLite, PostgreSQL and MySQL
// (MariaDB included) built on github.com/uptrace/bun and its dialects.
//
// It implements [storage.Adapter] together with [storage.Transactor],
// [storage.OneConsumer] and [storage.Migrator]. Queries are plain SQL
// quoted by the bun dialect and sent with the driver's own placeholders,
// so values never end up in the SQL text.
//
// An adapter comes from a DSN ([Open]), from a *sql.DB and a dialect name
// ([New]) or from a *bun.DB ([FromBun]). The tables it reads are the ones
// Better Auth's own migrator creates, so an existing Better Auth database
// works as it is; [Adapter.Plan] and [Adapter.Migrate] create or extend
// them from a [storage.Schema].
package bun

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	ubun "github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/dialect/mysqldialect"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	"github.com/uptrace/bun/schema"

	"github.com/kernia-go/kernia/core/storage"
)

// ErrDialect reports a dialect name or a *bun.DB dialect that the adapter
// does not serve.
var ErrDialect = errors.New("bun: unsupported dialect")

// Options configure an [Adapter]. The zero value works.
type Options struct {
	// Logger receives migration statements and other events an operator
	// may want to see; nil means quiet.
	Logger *slog.Logger
}

// execer is what queries run on: the pool, a transaction or a connection.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Adapter stores Kernia records in a SQL database through bun. It is safe
// for concurrent use by multiple goroutines. An Adapter handed to a
// [Adapter.Transaction] callback is bound to that transaction and must not
// be used after the callback returns.
type Adapter struct {
	bun  *ubun.DB
	d    *sqlDialect
	ex   execer
	tx   *sql.Tx // non-nil inside a transaction
	log  *slog.Logger
	own  bool // Close closes the pool
	save int  // savepoint depth inside a transaction
}

var (
	_ storage.Adapter     = (*Adapter)(nil)
	_ storage.Transactor  = (*Adapter)(nil)
	_ storage.OneConsumer = (*Adapter)(nil)
	_ storage.Migrator    = (*Adapter)(nil)
)

// Open connects to a database and returns an adapter that owns the pool.
//
// The dialect is "sqlite", "postgres" or "mysql" (aliases: "sqlite3",
// "postgresql", "pg", "pgx", "mariadb"). The dsn is the driver's:
// a modernc.org/sqlite file name or URI such as "file:app.db", a
// PostgreSQL URL or keyword string for pgx, or a go-sql-driver/mysql DSN.
//
// Open adds the connection settings the adapter relies on. SQLite gets WAL
// journaling, a busy timeout, foreign keys and transactions that take the
// write lock at BEGIN. MySQL gets parseTime, UTC times and a UTC session
// time zone.
func Open(dialectName, dsn string, opts ...Options) (*Adapter, error) {
	name, err := parseDialect(dialectName)
	if err != nil {
		return nil, err
	}
	driver, dsn, err := prepareDSN(name, dsn)
	if err != nil {
		return nil, err
	}
	sqldb, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("bun: open %s: %w", name, err)
	}
	if name == dialect.SQLite && isMemoryDSN(dsn) {
		// Every connection to a private in-memory database is a new,
		// empty database: keep exactly one.
		sqldb.SetMaxOpenConns(1)
	}
	a, err := New(sqldb, name.String(), opts...)
	if err != nil {
		sqldb.Close()
		return nil, err
	}
	a.own = true
	return a, nil
}

// New returns an adapter on an open pool. The dialect is named as for
// [Open]. The adapter does not change the pool's connection settings; see
// the package README for the ones it expects.
func New(db *sql.DB, dialectName string, opts ...Options) (*Adapter, error) {
	if db == nil {
		return nil, errors.New("bun: nil *sql.DB")
	}
	name, err := parseDialect(dialectName)
	if err != nil {
		return nil, err
	}
	var dia schema.Dialect
	switch name {
	case dialect.PG:
		dia = pgdialect.New()
	case dialect.MySQL:
		dia = mysqldialect.New()
	default:
		dia = sqlitedialect.New()
	}
	return FromBun(ubun.NewDB(db, dia), opts...)
}

// FromBun returns an adapter on a bun database whose dialect is pgdialect,
// mysqldialect or sqlitedialect. Queries go straight to the underlying
// *sql.DB, so bun query hooks do not see them.
func FromBun(db *ubun.DB, opts ...Options) (*Adapter, error) {
	if db == nil {
		return nil, errors.New("bun: nil *bun.DB")
	}
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	d, err := newSQLDialect(db.Dialect().Name(), db.Dialect().Features())
	if err != nil {
		return nil, err
	}
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Adapter{bun: db, d: d, ex: db.DB, log: log}, nil
}

// DB returns the bun database behind the adapter.
func (a *Adapter) DB() *ubun.DB { return a.bun }

// Close closes the pool when the adapter opened it with [Open], and does
// nothing otherwise.
func (a *Adapter) Close() error {
	if !a.own || a.tx != nil {
		return nil
	}
	return a.bun.Close()
}

// Capabilities reports what the database stores natively. Dates are native
// on PostgreSQL and MySQL and ISO-8601 text on SQLite; booleans are native
// on PostgreSQL and 1/0 elsewhere; JSON and arrays are always handed over
// as encoded text (jsonb on PostgreSQL, json on MySQL, text on SQLite).
func (a *Adapter) Capabilities() storage.Capabilities {
	return storage.Capabilities{
		Name:         "bun-" + a.d.label,
		Dates:        a.d.name != dialect.SQLite,
		Booleans:     a.d.name == dialect.PG,
		Joins:        true,
		SerialIDs:    true,
		Transactions: true,
	}
}

func parseDialect(s string) (dialect.Name, error) {
	switch strings.ToLower(s) {
	case "sqlite", "sqlite3":
		return dialect.SQLite, nil
	case "postgres", "postgresql", "pg", "pgx":
		return dialect.PG, nil
	case "mysql", "mariadb":
		return dialect.MySQL, nil
	}
	return dialect.Invalid, fmt.Errorf("%w: %q", ErrDialect, s)
}
