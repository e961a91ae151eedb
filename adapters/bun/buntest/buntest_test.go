package buntest_test

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/kernia-go/kernia/adapters/bun"
	"github.com/kernia-go/kernia/adapters/bun/buntest"
	"github.com/kernia-go/kernia/core/storage"
)

// recorder is a test that records how it ended instead of ending the
// real one; the rest (Cleanup, TempDir, Logf) goes to the real test.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper() {}

func (r *recorder) Skip(args ...any) { r.end(&r.skipped, fmt.Sprint(args...)) }

func (r *recorder) Skipf(format string, args ...any) {
	r.end(&r.skipped, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatal(args ...any) { r.end(&r.failed, fmt.Sprint(args...)) }

func (r *recorder) Fatalf(format string, args ...any) {
	r.end(&r.failed, fmt.Sprintf(format, args...))
}

// end records msg and stops the goroutine, as testing.T does.
func (r *recorder) end(into *string, msg string) {
	*into = msg
	runtime.Goexit()
}

// record runs fn with a recorder on a goroutine of its own, which the
// recorder may end, and returns the recorder and what fn returned.
func record(t *testing.T, fn func(testing.TB) string) (*recorder, string) {
	r := &recorder{TB: t}
	var got string
	done := make(chan struct{})
	go func() {
		defer close(done)
		got = fn(r)
	}()
	<-done
	return r, got
}

// TestMissingServer pins what a test gets when a server is not named:
// a skip that names the variable, or a failure under CI=true.
func TestMissingServer(t *testing.T) {
	noDocker := func(testing.TB, string) (string, error) {
		return "", errors.New("no Docker engine answered")
	}
	tests := []struct {
		name  string
		ci    string
		start func(testing.TB, string) (string, error)
		skip  string // %[1]s is the variable
		fail  string
	}{
		{name: "unset", skip: "%[1]s is not set; " +
			"set it to run these tests against a database server"},
		{name: "unset under CI", ci: "true",
			fail: "%[1]s is not set and CI=true: the database tests cannot run"},
		{name: "CI not true", ci: "1", skip: "%[1]s is not set; " +
			"set it to run these tests against a database server"},
		{name: "start fails", start: noDocker, skip: "%[1]s is not set and " +
			"no Docker engine answered; set it to run these tests against a database server"},
		{name: "start fails under CI", ci: "true", start: noDocker, fail: "%[1]s is not set, " +
			"no Docker engine answered, and CI=true: the database tests cannot run"},
	}
	for _, tt := range tests {
		for _, kind := range []struct {
			env string
			dsn func(buntest.Servers, testing.TB) string
		}{
			{buntest.EnvPostgres, buntest.Servers.Postgres},
			{buntest.EnvMySQL, buntest.Servers.MySQL},
		} {
			t.Run(tt.name+"/"+kind.env, func(t *testing.T) {
				t.Setenv(kind.env, "")
				t.Setenv("CI", tt.ci)
				s := buntest.Servers{Start: tt.start}
				r, dsn := record(t, func(tb testing.TB) string { return kind.dsn(s, tb) })
				if dsn != "" {
					t.Errorf("got DSN %q, want none", dsn)
				}
				if want := fill(tt.skip, kind.env); r.skipped != want {
					t.Errorf("got skip %q, want %q", r.skipped, want)
				}
				if want := fill(tt.fail, kind.env); r.failed != want {
					t.Errorf("got failure %q, want %q", r.failed, want)
				}
			})
		}
	}
}

// fill puts env into a message pattern; no pattern wants no message.
func fill(pattern, env string) string {
	if pattern == "" {
		return ""
	}
	return fmt.Sprintf(pattern, env)
}

// TestStartedServer shows that a URL from Start is the server used: one
// where nothing listens fails the test at the CREATE statement.
func TestStartedServer(t *testing.T) {
	tests := []struct {
		env, url, create string
		dsn              func(buntest.Servers, testing.TB) string
	}{
		{buntest.EnvPostgres, "postgres://nobody@127.0.0.1:1/none?sslmode=disable",
			"CREATE SCHEMA", buntest.Servers.Postgres},
		{buntest.EnvMySQL, "nobody@tcp(127.0.0.1:1)/none", "CREATE DATABASE",
			buntest.Servers.MySQL},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			t.Setenv(tt.env, "")
			var asked string
			s := buntest.Servers{Start: func(_ testing.TB, env string) (string, error) {
				asked = env
				return tt.url, nil
			}}
			r, _ := record(t, func(tb testing.TB) string { return tt.dsn(s, tb) })
			if asked != tt.env {
				t.Errorf("got Start asked for %q, want %q", asked, tt.env)
			}
			if !strings.HasPrefix(r.failed, tt.create+" kernia_") {
				t.Errorf("got failure %q, want one at %s", r.failed, tt.create)
			}
		})
	}
}

// TestFreshDatabase shows that each DSN selects a schema or database of
// its own, and that it is gone once the test has ended.
func TestFreshDatabase(t *testing.T) {
	tests := []struct {
		name, env, driver, current, exists string
		dsn                                func(testing.TB) string
	}{
		{"postgres", buntest.EnvPostgres, "pgx", "SELECT current_schema()",
			"SELECT count(*) FROM information_schema.schemata WHERE schema_name = $1",
			buntest.Servers{}.Postgres},
		{"mysql", buntest.EnvMySQL, "mysql", "SELECT DATABASE()",
			"SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?",
			buntest.Servers{}.MySQL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var name, other string
			t.Run("use", func(t *testing.T) {
				name = scalar(t, tt.driver, tt.dsn(t), tt.current)
				other = scalar(t, tt.driver, tt.dsn(t), tt.current)
			})
			if t.Failed() {
				return
			}
			if name == "" && other == "" {
				t.Skip("no server: the subtest says why")
			}
			if !strings.HasPrefix(name, "kernia_") || name == other {
				t.Fatalf("got databases %q and %q, want two kernia_ ones", name, other)
			}
			if n := scalar(t, tt.driver, os.Getenv(tt.env), tt.exists, name); n != "0" {
				t.Errorf("got %s schemata named %s after the test, want 0", n, name)
			}
		})
	}
}

// scalar opens dsn and returns what query, a select of one value in one
// row, reads.
func scalar(t *testing.T, driver, dsn, query string, args ...any) string {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v string
	if err := db.QueryRowContext(t.Context(), query, args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return v
}

// TestDSNs checks the shape of the DSNs: SQLite in the test's temporary
// directory, the PostgreSQL URL and MySQL DSN keeping what the variable
// set and selecting the new schema or database.
func TestDSNs(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		dsn := buntest.SQLite(t)
		path, ok := strings.CutPrefix(dsn, "file:")
		if !ok {
			t.Fatalf("got %q, want a file: DSN", dsn)
		}
		if _, err := os.Stat(filepath.Dir(path)); err != nil {
			t.Errorf("got %q, want a file in an existing directory: %v", dsn, err)
		}
	})
	t.Run("postgres", func(t *testing.T) {
		u, err := url.Parse(buntest.Servers{}.Postgres(t))
		if err != nil {
			t.Fatal(err)
		}
		base, _ := url.Parse(os.Getenv(buntest.EnvPostgres))
		if u.Host != base.Host || u.Path != base.Path {
			t.Errorf("got %s, want the server and database of %s", u.Redacted(), base.Redacted())
		}
		if sp := u.Query().Get("search_path"); !strings.HasPrefix(sp, "kernia_") {
			t.Errorf("got search_path %q, want a kernia_ schema", sp)
		}
	})
	t.Run("mysql", func(t *testing.T) {
		cfg, err := mysql.ParseDSN(buntest.Servers{}.MySQL(t))
		if err != nil {
			t.Fatal(err)
		}
		base, _ := mysql.ParseDSN(os.Getenv(buntest.EnvMySQL))
		if cfg.Addr != base.Addr || cfg.ParseTime != base.ParseTime {
			t.Errorf("got %s and parseTime %v, want %s and %v", cfg.Addr, cfg.ParseTime,
				base.Addr, base.ParseTime)
		}
		if !strings.HasPrefix(cfg.DBName, "kernia_") {
			t.Errorf("got database %q, want a kernia_ one", cfg.DBName)
		}
	})
}

func openBun(dialect, dsn string) (buntest.Adapter, error) { return bun.Open(dialect, dsn) }

// TestDBs runs a round trip through each backend's storage.DB: its tables
// are there, empty, and keep what is written.
func TestDBs(t *testing.T) {
	dbs := buntest.DBs(openBun)
	var names []string
	for _, d := range dbs {
		names = append(names, d.Name)
	}
	if got := strings.Join(names, ","); got != "sqlite,postgres,mysql" {
		t.Errorf("got backends %s, want sqlite,postgres,mysql", got)
	}
	for _, d := range dbs {
		t.Run(d.Name, func(t *testing.T) {
			db := d.Open(t, storage.BaseSchema())
			n, err := db.Count(t.Context(), "user", nil)
			if err != nil || n != 0 {
				t.Fatalf("got %d users (%v), want 0", n, err)
			}
			_, err = db.Create(t.Context(), "user", storage.Record{"name": "Ada",
				"email": "ada@example.com", "emailVerified": false})
			if err != nil {
				t.Fatalf("create: %v", err)
			}
			q := storage.FindQuery{Model: "user",
				Where: []storage.Where{storage.Eq("email", "ada@example.com")}}
			u, err := db.FindOne(t.Context(), q)
			if err != nil || u == nil || u["name"] != "Ada" {
				t.Errorf("got %v (%v), want Ada", u, err)
			}
		})
	}
}
