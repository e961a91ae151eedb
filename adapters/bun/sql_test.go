package bun

import (
	"database/sql"
	"errors"
	"slices"
	"strings"
	"testing"

	ubun "github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/dialect/feature"
	"github.com/uptrace/bun/dialect/sqlitedialect"

	"github.com/kernia-go/kernia/core/storage"
)

// These tests check the SQL text the adapter writes, without a database.

func mustDialect(t *testing.T, name dialect.Name) *sqlDialect {
	t.Helper()
	d, err := newSQLDialect(name, feature.InsertReturning)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestWhereSQL(t *testing.T) {
	w := func(op storage.Operator, v any, mode storage.Mode) storage.Where {
		return storage.Where{Field: "email", Operator: op, Value: v, Connector: storage.And, Mode: mode}
	}
	s, i := storage.Sensitive, storage.Insensitive
	or := func(x storage.Where) storage.Where { x.Connector = storage.Or; return x }
	tests := []struct {
		name     string
		dialect  dialect.Name
		where    clauses
		wantSQL  string
		wantArgs []any
	}{
		{"pg eq", dialect.PG, clauses{w(storage.OpEq, "a", s)}, ` WHERE "email" = $1`, []any{"a"}},
		{"mysql eq is binary", dialect.MySQL, clauses{w(storage.OpEq, "a", s)},
			" WHERE `email` = BINARY ?", []any{"a"}},
		{"mysql eq on a number is plain", dialect.MySQL, clauses{w(storage.OpEq, int64(3), s)},
			" WHERE `email` = ?", []any{int64(3)}},
		{"eq nil", dialect.SQLite, clauses{w(storage.OpEq, nil, s)}, ` WHERE "email" IS NULL`, nil},
		{"ne nil", dialect.SQLite, clauses{w(storage.OpNe, nil, s)}, ` WHERE "email" IS NOT NULL`, nil},
		{"ne matches null", dialect.SQLite, clauses{w(storage.OpNe, "a", s)},
			` WHERE ("email" <> ? OR "email" IS NULL)`, []any{"a"}},
		{"pg insensitive eq", dialect.PG, clauses{w(storage.OpEq, "A", i)},
			` WHERE LOWER("email") = LOWER($1)`, []any{"A"}},
		{"pg insensitive contains", dialect.PG, clauses{w(storage.OpContains, "a%b", i)},
			` WHERE "email" ILIKE $1 ESCAPE '!'`, []any{"%a!%b%"}},
		{"mysql sensitive starts with", dialect.MySQL, clauses{w(storage.OpStartsWith, "a_!", s)},
			" WHERE `email` LIKE BINARY ? ESCAPE '!'", []any{"a!_!!%"}},
		{"sqlite sensitive ends with", dialect.SQLite, clauses{w(storage.OpEndsWith, "a*?[", s)},
			` WHERE "email" GLOB ?`, []any{"*a[*][?][[]"}},
		{"sqlite insensitive contains", dialect.SQLite, clauses{w(storage.OpContains, `\`, i)},
			` WHERE LOWER("email") LIKE LOWER(?) ESCAPE '!'`, []any{`%\%`}},
		{"in", dialect.PG, clauses{w(storage.OpIn, []any{"a", "b"}, s)},
			` WHERE "email" IN ($1, $2)`, []any{"a", "b"}},
		{"empty in", dialect.PG, clauses{w(storage.OpIn, []any{}, s)}, ` WHERE 1 = 0`, nil},
		{"empty not in", dialect.PG, clauses{w(storage.OpNotIn, []any{}, s)}, ` WHERE 1 = 1`, nil},
		{"not in matches null", dialect.MySQL, clauses{w(storage.OpNotIn, []any{"a"}, s)},
			" WHERE (`email` NOT IN (BINARY ?) OR `email` IS NULL)", []any{"a"}},
		{"grouped and/or", dialect.PG,
			clauses{or(w(storage.OpEq, "b", s)), w(storage.OpEq, "a", s), or(w(storage.OpEq, "c", s))},
			` WHERE "email" = $1 AND ("email" = $2 OR "email" = $3)`, []any{"a", "b", "c"}},
		{"only or", dialect.SQLite,
			clauses{or(w(storage.OpGt, int64(1), s)), or(w(storage.OpLt, int64(0), s))},
			` WHERE ("email" > ? OR "email" < ?)`, []any{int64(1), int64(0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBuilder(mustDialect(t, tt.dialect))
			if err := b.where(tt.where); err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != tt.wantSQL {
				t.Errorf("sql: got %s, want %s", got, tt.wantSQL)
			}
			if !slices.Equal(b.args, tt.wantArgs) {
				t.Errorf("args: got %v, want %v", b.args, tt.wantArgs)
			}
		})
	}
}

func TestWhereSQLInvalid(t *testing.T) {
	tests := []storage.Where{
		{Field: "x", Operator: storage.OpIn, Value: "not a slice"},
		{Field: "x", Operator: storage.OpContains, Value: int64(1)},
		{Field: "x", Operator: storage.OpLt, Value: nil},
		{Field: "x", Operator: "regex", Value: "a"},
	}
	for _, w := range tests {
		t.Run(string(w.Operator), func(t *testing.T) {
			err := newBuilder(mustDialect(t, dialect.PG)).where(clauses{w})
			if !errors.Is(err, storage.ErrInvalidQuery) {
				t.Errorf("got %v, want ErrInvalidQuery", err)
			}
		})
	}
}

func TestIdentQuoting(t *testing.T) {
	got := newBuilder(mustDialect(t, dialect.MySQL)).ident("a`b").String()
	if want := "`a``b`"; got != want {
		t.Errorf("mysql: got %s, want %s", got, want)
	}
	got = newBuilder(mustDialect(t, dialect.PG)).ident(`a"b`).String()
	if want := `"a""b"`; got != want {
		t.Errorf("postgres: got %s, want %s", got, want)
	}
}

func TestPrepareDSN(t *testing.T) {
	tests := []struct {
		name       string
		dialect    dialect.Name
		dsn        string
		wantDriver string
		contains   []string
		absent     []string
	}{
		{"sqlite file", dialect.SQLite, "file:x.db", "sqlite",
			[]string{"file:x.db?", "_pragma=foreign_keys(1)", "_pragma=busy_timeout(10000)",
				"_pragma=journal_mode(WAL)", "_txlock=immediate"}, nil},
		{"sqlite keeps the user's settings", dialect.SQLite,
			"file:x.db?_pragma=busy_timeout(50)&_txlock=deferred", "sqlite",
			[]string{"busy_timeout(50)", "_txlock=deferred", "&_pragma=foreign_keys(1)"},
			[]string{"busy_timeout(10000)", "_txlock=immediate"}},
		{"mysql", dialect.MySQL, "root@tcp(localhost:3306)/app", "mysql",
			[]string{"parseTime=true", "time_zone=%27%2B00%3A00%27"}, nil},
		{"postgres", dialect.PG, "postgres://u@h/db", "pgx", []string{"postgres://u@h/db"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			driver, dsn, err := prepareDSN(tt.dialect, tt.dsn)
			if err != nil {
				t.Fatal(err)
			}
			if driver != tt.wantDriver {
				t.Errorf("driver: got %s, want %s", driver, tt.wantDriver)
			}
			for _, c := range tt.contains {
				if !strings.Contains(dsn, c) {
					t.Errorf("dsn %q lacks %q", dsn, c)
				}
			}
			for _, c := range tt.absent {
				if strings.Contains(dsn, c) {
					t.Errorf("dsn %q has %q", dsn, c)
				}
			}
		})
	}
}

func TestConstructors(t *testing.T) {
	if _, err := Open("oracle", "x"); !errors.Is(err, ErrDialect) {
		t.Errorf("Open with an unknown dialect: got %v, want ErrDialect", err)
	}
	if _, err := Open("mysql", "not a dsn"); err == nil {
		t.Error("Open with a bad MySQL DSN: got nil error")
	}

	mem, err := Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	if err := mem.Migrate(t.Context(), testSchema()); err != nil {
		t.Fatalf("in-memory database: %v", err)
	}
	err = mem.Transaction(t.Context(), func(tx storage.Adapter) error {
		_, err := tx.Create(t.Context(), "user", userRow(mem, "u1", "Ann", "ann@example.com"))
		return err
	})
	if n, _ := mem.Count(t.Context(), "user", nil); err != nil || n != 1 {
		t.Fatalf("in-memory transaction: got %d users, %v; want 1", n, err)
	}

	sqldb, err := sql.Open("sqlite", "file:"+t.TempDir()+"/x.db")
	if err != nil {
		t.Fatal(err)
	}
	defer sqldb.Close()
	fromSQL, err := New(sqldb, "sqlite3")
	if err != nil || fromSQL.Capabilities().Name != "bun-sqlite" {
		t.Fatalf("New: got %v, %v; want a bun-sqlite adapter", fromSQL, err)
	}
	fromBun, err := FromBun(ubun.NewDB(sqldb, sqlitedialect.New()))
	if err != nil || fromBun.Capabilities().Name != "bun-sqlite" {
		t.Fatalf("FromBun: got %v, %v; want a bun-sqlite adapter", fromBun, err)
	}
	if err := fromBun.Close(); err != nil || sqldb.Ping() != nil {
		t.Errorf("Close on an adapter that does not own the pool closed it: %v", err)
	}
}
