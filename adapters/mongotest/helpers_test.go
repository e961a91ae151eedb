package mongotest

import (
	"testing"

	mongodrv "go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/kernia-go/kernia/adapters/mongo"
	"github.com/kernia-go/kernia/core/storage"
)

// env is a DB on a fresh, migrated database of its own.
type env struct {
	db *storage.DB
	a  *mongo.Adapter
	// raw is the database, for reading and writing documents directly.
	raw *mongodrv.Database
}

// newEnv makes a database for s (nil means the base schema) and a DB on
// it; opts, when set, changes the DB options.
func newEnv(t testing.TB, s *storage.Schema, opts func(*storage.Options)) *env {
	t.Helper()
	if s == nil {
		s = storage.BaseSchema()
	}
	raw := database(randomHex(6))
	t.Cleanup(func() { raw.Drop(t.Context()) })
	a, err := mongo.New(t.Context(), raw, mongo.Options{Schema: s})
	if err != nil {
		t.Fatalf("mongo.New: %v", err)
	}
	if err := a.Migrate(t.Context(), s); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	o := storage.Options{Schema: s}
	if opts != nil {
		opts(&o)
	}
	db, err := storage.New(a, o)
	if err != nil {
		t.Fatalf("storage.New: %v", err)
	}
	return &env{db: db, a: a, raw: raw}
}

func (e *env) create(t testing.TB, model string, rec storage.Record) storage.Record {
	t.Helper()
	out, err := e.db.Create(t.Context(), model, rec)
	if err != nil {
		t.Fatalf("create %s: %v", model, err)
	}
	return out
}

func (e *env) user(t testing.TB, name, email string) storage.Record {
	t.Helper()
	return e.create(t, "user", storage.Record{"name": name, "email": email})
}

func (e *env) findMany(t testing.TB, q storage.FindQuery) []storage.Record {
	t.Helper()
	rows, err := e.db.FindMany(t.Context(), q)
	if err != nil {
		t.Fatalf("findMany: %v", err)
	}
	return rows
}

func ids(rows []storage.Record) []any {
	out := make([]any, len(rows))
	for i, r := range rows {
		out[i] = r["id"]
	}
	return out
}
