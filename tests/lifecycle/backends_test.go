package lifecycle

import (
	"testing"

	bunadapter "github.com/kernia-go/kernia/adapters/bun"
	"github.com/kernia-go/kernia/adapters/bun/buntest"
	"github.com/kernia-go/kernia/adapters/memory"
	"github.com/kernia-go/kernia/core/storage"
)

// backend makes a fresh, migrated storage.DB for a schema.
type backend = buntest.DB

// backends are the memory adapter, then the bun adapter on each SQL
// database: a fresh SQLite file, and a schema (PostgreSQL) or database
// (MariaDB/MySQL) of its own on the servers that buntest's variables name.
var backends = append([]backend{{Name: "memory", Open: openMemory}}, buntest.DBs(openBun)...)

func openMemory(t testing.TB, s *storage.Schema) *storage.DB {
	t.Helper()
	db, err := memory.NewDB(storage.Options{Schema: s})
	if err != nil {
		t.Fatalf("memory: %v", err)
	}
	return db
}

func openBun(dialect, dsn string) (buntest.Adapter, error) { return bunadapter.Open(dialect, dsn) }
