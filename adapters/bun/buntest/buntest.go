// Package buntest makes fresh, empty SQL databases for tests that run
// against the bun adapter: SQLite in a temporary directory, and a schema
// (PostgreSQL) or database (MySQL, MariaDB) of its own on the servers that
// [EnvPostgres] and [EnvMySQL] name, dropped when the test ends, so that
// parallel tests and parallel runs do not collide.
//
// A test whose server is not named is skipped with a message naming the
// variable, except under CI=true, where it fails: on CI a missing service
// is an error, never a silent skip.
//
// The package hands out a dialect name and a DSN rather than an adapter,
// so that it does not import the adapter: the adapter's own in-package
// tests use it too, and Go forbids that import cycle. Open the adapter
// with bun.Open(b.Name, b.DSN(t)), or get a storage.DB with its tables
// from [DBs]:
//
//	open := func(dialect, dsn string) (buntest.Adapter, error) { return bun.Open(dialect, dsn) }
//	for _, b := range buntest.DBs(open) {
//		t.Run(b.Name, func(t *testing.T) {
//			db := b.Open(t, schema)
//			…
//		})
//	}
//
// It starts no database servers itself. The adapter's own tests start
// containers through [Servers.Start] when a variable is unset and Docker
// answers; that code stays in their _test files, so that neither this
// package nor the adapter imports testcontainers or the Docker client.
package buntest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/kernia-go/kernia/core/storage"
)

// Environment variables naming the database servers.
const (
	// EnvPostgres holds a PostgreSQL URL, such as
	// postgres://postgres@127.0.0.1:5432/kernia_ci?sslmode=disable.
	EnvPostgres = "KERNIA_TEST_POSTGRES_URL"
	// EnvMySQL holds a go-sql-driver/mysql DSN, such as
	// root@tcp(127.0.0.1:3306)/kernia_ci?parseTime=true.
	EnvMySQL = "KERNIA_TEST_MYSQL_URL"
)

// Backend is one kind of SQL database.
type Backend struct {
	// Name is "sqlite", "postgres" or "mysql": the dialect name that
	// bun.Open takes, and a subtest name.
	Name string
	// DSN makes a fresh, empty database for t and returns its DSN. It
	// ends t, with a skip or a failure, when the server is not named.
	DSN func(t testing.TB) string
}

// Servers finds the database servers. Its zero value reads the
// environment variables only.
type Servers struct {
	// Start, when set, is called for a variable that is unset, with the
	// variable's name, and returns the URL of a server it started, or an
	// error saying why it started none; the skip or failure message
	// quotes that error. Tests in parallel may call it at once.
	Start func(t testing.TB, env string) (string, error)
}

// Backends returns SQLite, PostgreSQL and MySQL, in that order, with the
// servers that the environment variables name.
func Backends() []Backend { return Servers{}.Backends() }

// Backends returns SQLite, PostgreSQL and MySQL, in that order.
func (s Servers) Backends() []Backend {
	return []Backend{
		{Name: "sqlite", DSN: SQLite},
		{Name: "postgres", DSN: s.Postgres},
		{Name: "mysql", DSN: s.MySQL},
	}
}

// SQLite returns the DSN of a new database file in t's temporary
// directory.
func SQLite(t testing.TB) string {
	return "file:" + filepath.Join(t.TempDir(), "kernia.db")
}

// Postgres creates a schema on the PostgreSQL server and returns a URL
// whose search_path is that schema. The schema is dropped when t ends.
func (s Servers) Postgres(t testing.TB) string {
	t.Helper()
	base := s.url(t, EnvPostgres)
	u, err := url.Parse(base)
	if err != nil || u.Scheme == "" {
		t.Fatalf("%s must be a postgres:// URL, got %q", EnvPostgres, base)
	}
	name := create(t, "pgx", base, "CREATE SCHEMA %s", "DROP SCHEMA %s CASCADE")
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// MySQL creates a database on the MySQL server and returns a DSN that
// selects it. The database is dropped when t ends.
func (s Servers) MySQL(t testing.TB) string {
	t.Helper()
	base := s.url(t, EnvMySQL)
	cfg, err := mysql.ParseDSN(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvMySQL, err)
	}
	cfg.DBName = create(t, "mysql", base,
		"CREATE DATABASE %s CHARACTER SET utf8mb4", "DROP DATABASE %s")
	return cfg.FormatDSN()
}

// url returns the variable's value, or a server from Start, or ends the
// test: a skip naming the variable, or a failure under CI=true.
func (s Servers) url(t testing.TB, env string) string {
	t.Helper()
	if v := os.Getenv(env); v != "" {
		return v
	}
	if s.Start == nil {
		stop(t, env+" is not set", env+" is not set and CI=true")
		return ""
	}
	v, err := s.Start(t, env)
	if err != nil {
		stop(t, fmt.Sprintf("%s is not set and %v", env, err),
			fmt.Sprintf("%s is not set, %v, and CI=true", env, err))
	}
	return v
}

// stop ends t for a missing server: with a skip, or with a failure under
// CI=true.
func stop(t testing.TB, skip, fail string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal(fail + ": the database tests cannot run")
	}
	t.Skip(skip + "; set it to run these tests against a database server")
}

// create makes a schema or database with a random name through the
// server at dsn, and drops it when t ends. The statements take the name
// for their %s.
func create(t testing.TB, driver, dsn, createSQL, dropSQL string) string {
	t.Helper()
	admin, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", driver, err)
	}
	t.Cleanup(func() { admin.Close() })
	name := randomName()
	q := fmt.Sprintf(createSQL, name)
	if _, err := admin.ExecContext(context.Background(), q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	drop := fmt.Sprintf(dropSQL, name)
	t.Cleanup(func() {
		// t's context is done by now: the drop needs a context of its own.
		if _, err := admin.ExecContext(context.Background(), drop); err != nil {
			t.Logf("%s: %v", drop, err)
		}
	})
	return name
}

// randomName returns a schema or database name that no other test run
// uses: 48 random bits.
func randomName() string {
	b := make([]byte, 6)
	rand.Read(b)
	return "kernia_" + hex.EncodeToString(b)
}

// Adapter is what [DBs] needs of an adapter. The bun adapter's
// *bun.Adapter has it.
type Adapter interface {
	storage.Adapter
	storage.Migrator
	Close() error
}

// OpenFunc opens an adapter on the database at dsn, where dialect is a
// [Backend]'s Name. For the bun adapter:
//
//	func(dialect, dsn string) (buntest.Adapter, error) { return bun.Open(dialect, dsn) }
type OpenFunc func(dialect, dsn string) (Adapter, error)

// DB is a backend for tests above the storage layer, such as those of
// core and its plugins.
type DB struct {
	// Name names the backend, for subtests.
	Name string
	// Open makes a fresh storage.DB with the tables of s.
	Open func(t testing.TB, s *storage.Schema) *storage.DB
}

// DBs returns the adapter that open opens on each of [Backends], with the
// servers that the environment variables name.
func DBs(open OpenFunc) []DB { return Servers{}.DBs(open) }

// DBs returns the adapter that open opens on each of s's backends. Each
// Open makes a fresh database, creates the tables in it and returns a
// storage.DB over the adapter, which is closed when t ends.
func (s Servers) DBs(open OpenFunc) []DB {
	var out []DB
	for _, b := range s.Backends() {
		out = append(out, DB{Name: b.Name, Open: func(t testing.TB, sc *storage.Schema) *storage.DB {
			t.Helper()
			return b.db(t, sc, open)
		}})
	}
	return out
}

func (b Backend) db(t testing.TB, s *storage.Schema, open OpenFunc) *storage.DB {
	t.Helper()
	a, err := open(b.Name, b.DSN(t))
	if err != nil {
		t.Fatalf("open %s: %v", b.Name, err)
	}
	t.Cleanup(func() { a.Close() })
	if err := a.Migrate(context.Background(), s); err != nil {
		t.Fatalf("migrate %s: %v", b.Name, err)
	}
	db, err := storage.New(a, storage.Options{Schema: s})
	if err != nil {
		t.Fatalf("storage: %v", err)
	}
	return db
}
