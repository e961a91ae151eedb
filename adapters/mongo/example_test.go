package mongo_test

import (
	"context"
	"log"

	drv "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/kernia-go/kernia/adapters/mongo"
	"github.com/kernia-go/kernia/core/storage"
)

// ExampleNew opens a DB on MongoDB that stores ids as ObjectIds, as
// Better Auth's MongoDB adapter does, and creates the indexes.
func ExampleNew() {
	ctx := context.Background()
	client, err := drv.Connect(options.Client().ApplyURI("mongodb://127.0.0.1:27017/?replicaSet=rs0"))
	if err != nil {
		log.Fatal(err)
	}
	defer client.Disconnect(ctx)

	schema := storage.BaseSchema()
	adapter, err := mongo.New(ctx, client.Database("auth"), mongo.Options{Schema: schema})
	if err != nil {
		log.Fatal(err)
	}
	store, err := storage.New(adapter, storage.Options{Schema: schema, GenerateID: mongo.GenerateID})
	if err != nil {
		log.Fatal(err)
	}
	if err := store.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
}
