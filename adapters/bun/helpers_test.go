package bun

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/uptrace/bun/dialect"
)

// Environment variables that point the tests at a database server. Each
// test run works in a schema (PostgreSQL) or database (MySQL) of its own
// and drops it at the end.
const (
	envPostgres = "KERNIA_TEST_POSTGRES_URL"
	envMySQL    = "KERNIA_TEST_MYSQL_URL"
)

// backend opens a fresh, empty database of one kind for a test.
type backend struct {
	name string
	open func(t testing.TB) *Adapter
}

var backends = []backend{
	{"sqlite", openSQLite},
	{"postgres", openPostgres},
	{"mysql", openMySQL},
}

func openSQLite(t testing.TB) *Adapter {
	t.Helper()
	a, err := Open("sqlite", "file:"+filepath.Join(t.TempDir(), "kernia.db"))
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// serverURL returns the variable's value, or ends the test: a skip
// naming the variable, or a failure under CI=true.
func serverURL(t testing.TB, env string) string {
	t.Helper()
	if v := os.Getenv(env); v != "" {
		return v
	}
	if v, ok := startContainer(t, env); ok {
		return v
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not set, no Docker engine answered, and CI=true: "+
			"the database tests cannot run", env)
	}
	t.Skipf("%s is not set and no Docker engine answered; "+
		"set it to run these tests against a database server", env)
	return ""
}

func randomName() string {
	b := make([]byte, 6)
	rand.Read(b)
	return "kernia_" + hex.EncodeToString(b)
}

func openPostgres(t testing.TB) *Adapter {
	t.Helper()
	base := serverURL(t, envPostgres)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { admin.Close() })
	name := randomName()
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+name); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() { admin.ExecContext(ctx, "DROP SCHEMA "+name+" CASCADE") })
	u, err := url.Parse(base)
	if err != nil || u.Scheme == "" {
		t.Fatalf("%s must be a postgres:// URL, got %q", envPostgres, base)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	a, err := Open("postgres", u.String())
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func openMySQL(t testing.TB) *Adapter {
	t.Helper()
	base := serverURL(t, envMySQL)
	cfg, err := mysql.ParseDSN(base)
	if err != nil {
		t.Fatalf("%s: %v", envMySQL, err)
	}
	admin, err := sql.Open("mysql", base)
	if err != nil {
		t.Fatalf("open mysql: %v", err)
	}
	t.Cleanup(func() { admin.Close() })
	name := randomName()
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name+" CHARACTER SET utf8mb4"); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() { admin.ExecContext(ctx, "DROP DATABASE "+name) })
	cfg.DBName = name
	a, err := Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatalf("open mysql: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// dropAll drops every table in the adapter's database, whatever the
// foreign keys between them.
func dropAll(t testing.TB, a *Adapter) {
	t.Helper()
	ctx := context.Background()
	existing, err := a.columns(ctx)
	if err != nil {
		t.Fatalf("list tables: %v", err)
	}
	if len(existing) == 0 {
		return
	}
	conn, err := a.bun.DB.Conn(ctx)
	if err != nil {
		t.Fatalf("conn: %v", err)
	}
	defer conn.Close()
	var names []string
	for table := range existing {
		names = append(names, newBuilder(a.d).ident(table).String())
	}
	var stmts []string
	switch a.d.name {
	case dialect.PG:
		stmts = []string{"DROP TABLE " + strings.Join(names, ", ") + " CASCADE"}
	case dialect.MySQL:
		stmts = []string{"SET FOREIGN_KEY_CHECKS = 0", "DROP TABLE " + strings.Join(names, ", "),
			"SET FOREIGN_KEY_CHECKS = 1"}
	default:
		stmts = []string{"PRAGMA foreign_keys = OFF"}
		for _, n := range names {
			stmts = append(stmts, "DROP TABLE "+n)
		}
		stmts = append(stmts, "PRAGMA foreign_keys = ON")
	}
	for _, q := range stmts {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}
