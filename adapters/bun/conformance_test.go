package bun

import (
	"strings"
	"testing"

	"github.com/kernia-go/kernia/conformance"
	"github.com/kernia-go/kernia/core/storage"
)

// TestConformance runs the storage conformance suite on every backend in
// parallel. MariaDB runs it twice: as itself, and without INSERT …
// RETURNING, the way the adapter drives MySQL proper.
func TestConformance(t *testing.T) {
	for _, b := range append(backends, backend{"mysql-no-returning", openMySQLWithoutReturning}) {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			a := b.open(t)
			conformance.Run(t, conformance.Config{New: migratingFactory(a, nil)})
		})
	}
}

// migratingFactory serves the suite's schemas from one database. Tables
// are dropped and recreated only when a case's schema lays them out
// differently from the previous case's: the suite deletes every row
// before each case, so most cases reuse the tables as they are.
//
// create, when set, makes the tables instead of [Adapter.Migrate].
func migratingFactory(a *Adapter, create func(t *testing.T, s *storage.Schema)) func(
	t *testing.T, s *storage.Schema) storage.Adapter {
	var last string
	return func(t *testing.T, s *storage.Schema) storage.Adapter {
		t.Helper()
		ddl, err := a.DDL(s)
		if err != nil {
			t.Fatalf("ddl: %v", err)
		}
		fingerprint := strings.Join(ddl, ";\n")
		if fingerprint == last {
			return a
		}
		last = ""
		dropAll(t, a)
		if create != nil {
			create(t, s)
		} else if err := a.Migrate(t.Context(), s); err != nil {
			t.Fatalf("migrate: %v", err)
		}
		// Connections may hold statements prepared against the old
		// tables (pgx caches them per connection): start afresh.
		a.bun.DB.SetMaxIdleConns(0)
		a.bun.DB.SetMaxIdleConns(2)
		last = fingerprint
		return a
	}
}

// openMySQLWithoutReturning opens the MySQL test database with the
// adapter behaving as on MySQL, which has no INSERT … RETURNING: creates
// are read back by id or LAST_INSERT_ID().
func openMySQLWithoutReturning(t testing.TB) *Adapter {
	a := openTest(t, "mysql", databases.MySQL(t))
	d := *a.d
	d.insertReturning = false
	a.d = &d
	return a
}
