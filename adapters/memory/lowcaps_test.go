package memory_test

import (
	"context"

	"testing"

	"github.com/kernia-go/kernia/adapters/memory"
	"github.com/kernia-go/kernia/conformance"
	"github.com/kernia-go/kernia/core/storage"
)

// bare hides everything but the plain Adapter methods of the memory
// adapter and reports no native features, so that the storage.DB converts
// every value (dates to text, booleans to 1/0, JSON and arrays to encoded
// text) and emulates joins, find-and-delete and transactions. Running the
// suite through it checks the DB's conversions the way a minimal SQL
// backend sees them.
type bare struct {
	storage.Adapter
}

func (bare) Capabilities() storage.Capabilities {
	return storage.Capabilities{Name: "memory-bare", SerialIDs: true}
}

func TestConformanceWithoutNativeFeatures(t *testing.T) {
	conformance.Run(t, conformance.Config{
		New: func(t *testing.T, s *storage.Schema) storage.Adapter {
			a := memory.New()
			if err := a.Migrate(t.Context(), s); err != nil {
				t.Fatalf("migrate: %v", err)
			}
			return bare{a}
		},
		Lacks: map[conformance.Capability]string{
			conformance.Transactions: "hidden to test the DB's pass-through",
		},
	})
}

// driverish returns rows the way a database/sql driver might: text as
// []byte and integers as int32, which the DB must convert back.
type driverish struct {
	bare
}

func (d driverish) Create(ctx context.Context, table string,
	data storage.Record) (storage.Record, error) {
	r, err := d.bare.Create(ctx, table, data)
	return rawRow(r), err
}

func (d driverish) FindOne(ctx context.Context, q storage.Query) (storage.Record, error) {
	r, err := d.bare.FindOne(ctx, q)
	return rawRow(r), err
}

func (d driverish) FindMany(ctx context.Context, q storage.Query) ([]storage.Record, error) {
	rs, err := d.bare.FindMany(ctx, q)
	for i, r := range rs {
		rs[i] = rawRow(r)
	}
	return rs, err
}

func (d driverish) Update(ctx context.Context, table string, where []storage.Where,
	data storage.Record) (storage.Record, error) {
	r, err := d.bare.Update(ctx, table, where, data)
	return rawRow(r), err
}

func rawRow(r storage.Record) storage.Record {
	for k, v := range r {
		switch x := v.(type) {
		case string:
			r[k] = []byte(x)
		case int64:
			if x == int64(int32(x)) {
				r[k] = int32(x)
			}
		}
	}
	return r
}

func TestConformanceDriverTypes(t *testing.T) {
	conformance.Run(t, conformance.Config{
		New: func(t *testing.T, s *storage.Schema) storage.Adapter {
			a := memory.New()
			if err := a.Migrate(t.Context(), s); err != nil {
				t.Fatalf("migrate: %v", err)
			}
			return driverish{bare{a}}
		},
		Lacks: map[conformance.Capability]string{
			conformance.Transactions: "hidden to test the DB's pass-through",
		},
	})
}
