package memory_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/kernia-go/kernia/adapters/memory"
	"github.com/kernia-go/kernia/core/storage"
)

// BenchmarkCreateFind measures a create and a find by a unique field
// through the storage.DB, with 1000 users already stored.
func BenchmarkCreateFind(b *testing.B) {
	db, err := memory.NewDB(storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	for i := range 1000 {
		if _, err := db.Create(ctx, "user", storage.Record{"name": "n",
			"email": fmt.Sprintf("seed-%d@example.com", i)}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		email := fmt.Sprintf("u-%d@example.com", i)
		if _, err := db.Create(ctx, "user", storage.Record{"name": "n", "email": email,
			"createdAt": time.Now()}); err != nil {
			b.Fatal(err)
		}
		if _, err := db.FindOne(ctx, storage.FindQuery{Model: "user",
			Where: []storage.Where{storage.Eq("email", email)}}); err != nil {
			b.Fatal(err)
		}
	}
}
