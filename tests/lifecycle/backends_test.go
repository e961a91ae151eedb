package lifecycle

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-sql-driver/mysql"

	bunadapter "github.com/kernia-go/kernia/adapters/bun"
	"github.com/kernia-go/kernia/adapters/memory"
	"github.com/kernia-go/kernia/core/storage"
)

// Environment variables naming the database servers. Each test works in
// a schema (PostgreSQL) or database (MariaDB/MySQL) of its own and drops
// it at the end.
const (
	envPostgres = "KERNIA_TEST_POSTGRES_URL"
	envMySQL    = "KERNIA_TEST_MYSQL_URL"
)

// backend makes a fresh, migrated storage.DB for a schema.
type backend struct {
	name string
	open func(t *testing.T, s *storage.Schema) *storage.DB
}

var backends = []backend{
	{"memory", openMemory},
	{"sqlite", func(t *testing.T, s *storage.Schema) *storage.DB {
		return openBun(t, s, "sqlite", "file:"+filepath.Join(t.TempDir(), "lifecycle.db"))
	}},
	{"postgres", openPostgres},
	{"mysql", openMySQL},
}

func openMemory(t *testing.T, s *storage.Schema) *storage.DB {
	t.Helper()
	db, err := memory.NewDB(storage.Options{Schema: s})
	if err != nil {
		t.Fatalf("memory: %v", err)
	}
	return db
}

func openBun(t *testing.T, s *storage.Schema, dialect, dsn string) *storage.DB {
	t.Helper()
	a, err := bunadapter.Open(dialect, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dialect, err)
	}
	t.Cleanup(func() { a.Close() })
	if err := a.Migrate(context.Background(), s); err != nil {
		t.Fatalf("migrate %s: %v", dialect, err)
	}
	db, err := storage.New(a, storage.Options{Schema: s})
	if err != nil {
		t.Fatalf("storage: %v", err)
	}
	return db
}

// serverURL returns the variable's value, or ends the test: a skip that
// names the variable, or a failure under CI=true.
func serverURL(t *testing.T, env string) string {
	t.Helper()
	if v := os.Getenv(env); v != "" {
		return v
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not set and CI=true: the database round trips cannot run", env)
	}
	t.Skipf("%s is not set; set it to run the round trips against a database server", env)
	return ""
}

func randomName() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "kernia_life_" + hex.EncodeToString(b)
}

func openPostgres(t *testing.T, s *storage.Schema) *storage.DB {
	t.Helper()
	base := serverURL(t, envPostgres)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { admin.Close() })
	name := randomName()
	if _, err := admin.Exec("CREATE SCHEMA " + name); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() { _, _ = admin.Exec("DROP SCHEMA " + name + " CASCADE") })
	u, err := url.Parse(base)
	if err != nil || u.Scheme == "" {
		t.Fatalf("%s must be a postgres:// URL, got %q", envPostgres, base)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return openBun(t, s, "postgres", u.String())
}

func openMySQL(t *testing.T, s *storage.Schema) *storage.DB {
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
	if _, err := admin.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4"); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() { _, _ = admin.Exec("DROP DATABASE " + name) })
	cfg.DBName = name
	return openBun(t, s, "mysql", cfg.FormatDSN())
}
