package memory_test

import (
	"context"
	"fmt"

	"github.com/kernia-go/kernia/adapters/memory"
	"github.com/kernia-go/kernia/core/storage"
)

func ExampleNewDB() {
	ctx := context.Background()
	db, err := memory.NewDB(storage.Options{}) // base schema, tables created
	if err != nil {
		panic(err)
	}
	user, err := db.Create(ctx, "user", storage.Record{
		"name": "Ada", "email": "ada@example.com",
	})
	if err != nil {
		panic(err)
	}
	found, err := db.FindOne(ctx, storage.FindQuery{Model: "user",
		Where: []storage.Where{storage.Eq("email", "ada@example.com")}})
	if err != nil {
		panic(err)
	}
	fmt.Println(found["id"] == user["id"], found["name"], found["emailVerified"])
	// Output: true Ada false
}
