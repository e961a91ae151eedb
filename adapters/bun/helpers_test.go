package bun

import (
	"context"
	"strings"
	"testing"

	"github.com/uptrace/bun/dialect"

	"github.com/kernia-go/kernia/adapters/bun/buntest"
)

// backend opens a fresh, empty database of one kind for a test.
type backend struct {
	name string
	open func(t testing.TB) *Adapter
}

// databases finds the database servers, and starts one in a container
// when its variable is unset and a Docker engine answers.
var databases = buntest.Servers{Start: startContainer}

var backends = testBackends()

func testBackends() []backend {
	bs := databases.Backends()
	out := make([]backend, len(bs)) // full: appending to it copies
	for i, b := range bs {
		out[i] = backend{b.Name, func(t testing.TB) *Adapter {
			t.Helper()
			return openTest(t, b.Name, b.DSN(t))
		}}
	}
	return out
}

// openTest opens an adapter that is closed when t ends.
func openTest(t testing.TB, dialect, dsn string) *Adapter {
	t.Helper()
	a, err := Open(dialect, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dialect, err)
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
