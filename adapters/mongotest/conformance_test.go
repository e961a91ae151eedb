package mongotest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"
	"testing"

	"github.com/kernia-go/kernia/adapters/mongo"
	"github.com/kernia-go/kernia/conformance"
	"github.com/kernia-go/kernia/core/storage"
)

// TestConformance runs the storage conformance suite. Only the cases that
// need what the server lacks are skipped, each with its reason.
func TestConformance(t *testing.T) {
	conformance.Run(t, conformance.Config{New: factory(), Lacks: lacks(t)})
}

// lacks lists what the server under test cannot do.
func lacks(t *testing.T) map[conformance.Capability]string {
	t.Helper()
	l := map[conformance.Capability]string{
		conformance.SerialIDs: "MongoDB has no auto-incrementing ids " +
			"(Better Auth's MongoDB adapter has no numeric ids either)",
	}
	a, err := mongo.New(t.Context(), database("probe"), mongo.Options{})
	if err != nil {
		t.Fatalf("mongo.New: %v", err)
	}
	if srv.ferret {
		l[conformance.Transactions] = "FerretDB rejects transactions"
		l[conformance.UniqueOnUpdate] = "FerretDB reports a unique violation on update " +
			"as a generic internal error, not as duplicate key error 11000"
	} else if !a.Capabilities().Transactions {
		l[conformance.Transactions] = "a standalone MongoDB server has no transactions " +
			"(a replica set has)"
	}
	return l
}

// factory serves every schema from a database of its own, made and
// migrated on first use: the suite deletes every row before each case, so
// cases with the same schema share one.
func factory() func(t *testing.T, s *storage.Schema) storage.Adapter {
	var mu sync.Mutex
	adapters := map[string]*mongo.Adapter{}
	return func(t *testing.T, s *storage.Schema) storage.Adapter {
		t.Helper()
		key := fingerprint(s)
		mu.Lock()
		defer mu.Unlock()
		if a, ok := adapters[key]; ok {
			return a
		}
		a, err := mongo.New(t.Context(), database(key), mongo.Options{Schema: s.Clone()})
		if err != nil {
			t.Fatalf("mongo.New: %v", err)
		}
		if err := a.Migrate(t.Context(), s); err != nil {
			t.Fatalf("migrate: %v", err)
		}
		adapters[key] = a
		return a
	}
}

// fingerprint names a schema by what the adapter and its indexes depend
// on.
func fingerprint(s *storage.Schema) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s %v\n", s.IDType, s.Plural)
	for _, m := range s.Models {
		fmt.Fprintf(h, "%s %s\n", m.Name, s.TableName(&m))
		for _, f := range m.Fields {
			fmt.Fprintf(h, " %s %s %s %v %v %v", f.Name, f.ColumnName(), f.Type,
				f.Required, f.Unique, f.Index)
			if r := f.References; r != nil {
				fmt.Fprintf(h, " %s.%s", r.Model, r.Field)
			}
			fmt.Fprintln(h)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}
