package conformance_test

import (
	"testing"

	"github.com/kernia-go/kernia/adapters/memory"
	"github.com/kernia-go/kernia/conformance"
	"github.com/kernia-go/kernia/core/storage"
)

// An adapter's tests run the suite from a test function. This one checks
// the memory adapter; a SQL adapter would open its database and create
// the tables for the schema in New instead.
func ExampleRun() {
	testConformance := func(t *testing.T) {
		conformance.Run(t, conformance.Config{
			New: func(t *testing.T, s *storage.Schema) storage.Adapter {
				a := memory.New()
				if err := a.Migrate(t.Context(), s); err != nil {
					t.Fatal(err)
				}
				return a
			},
			// The memory adapter can do everything; others list what
			// they cannot, for example:
			// Lacks: map[conformance.Capability]string{
			// 	conformance.Transactions: "standalone server",
			// },
		})
	}
	_ = testConformance
}
