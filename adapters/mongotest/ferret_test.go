package mongotest

import (
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

func TestFerretSmoke(t *testing.T) {
	s, err := StartFerretDB(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	t.Log(s.URI)
	c, err := mongo.Connect(options.Client().ApplyURI(s.URI))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Disconnect(t.Context())
	var hello bson.M
	if err := c.Database("admin").RunCommand(t.Context(), bson.M{"hello": 1}).Decode(&hello); err != nil {
		t.Fatal(err)
	}
	t.Logf("%v", hello)
	var bi bson.M
	if err := c.Database("admin").RunCommand(t.Context(), bson.M{"buildInfo": 1}).Decode(&bi); err != nil {
		t.Fatal(err)
	}
	t.Logf("%v", bi)
	coll := c.Database("x").Collection("y")
	if _, err := coll.InsertOne(t.Context(), bson.M{"a": "$where"}); err != nil {
		t.Fatal(err)
	}
	n, err := coll.CountDocuments(t.Context(), bson.M{"a": bson.M{"$eq": "$where"}})
	t.Log(n, err)
}
