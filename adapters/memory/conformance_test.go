package memory_test

import (
	"testing"

	"github.com/kernia-go/kernia/adapters/memory"
	"github.com/kernia-go/kernia/conformance"
	"github.com/kernia-go/kernia/core/storage"
)

func TestConformance(t *testing.T) {
	conformance.Run(t, conformance.Config{
		New: func(t *testing.T, s *storage.Schema) storage.Adapter {
			a := memory.New()
			if err := a.Migrate(t.Context(), s); err != nil {
				t.Fatalf("migrate: %v", err)
			}
			return a
		},
	})
}
