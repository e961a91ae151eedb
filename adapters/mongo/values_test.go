package mongo

import (
	"reflect"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/kernia-go/kernia/core/storage"
)

func TestIDCodec(t *testing.T) {
	oid := bson.NewObjectID()
	uuid := "0f8fad5b-d9cb-469f-a165-70867728950e"
	uuidBytes := []byte{0x0f, 0x8f, 0xad, 0x5b, 0xd9, 0xcb, 0x46, 0x9f,
		0xa1, 0x65, 0x70, 0x86, 0x77, 0x28, 0x95, 0x0e}
	tests := []struct {
		name  string
		codec idCodec
		in    any
		want  any
	}{
		{"ObjectId text", idCodec{}, oid.Hex(), oid},
		{"32-character id", idCodec{}, "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE",
			"aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE"},
		{"upper-case hex", idCodec{}, "ABCDEF0123456789ABCDEF01", "ABCDEF0123456789ABCDEF01"},
		{"23 hex digits", idCodec{}, "abcdef0123456789abcdef0", "abcdef0123456789abcdef0"},
		{"plain keeps ObjectId text", idCodec{plain: true}, oid.Hex(), oid.Hex()},
		{"uuid", idCodec{uuid: true}, uuid, bson.Binary{Subtype: 4, Data: uuidBytes}},
		{"upper-case uuid", idCodec{uuid: true}, "0F8FAD5B-D9CB-469F-A165-70867728950E",
			"0F8FAD5B-D9CB-469F-A165-70867728950E"},
		{"uuid without dashes", idCodec{uuid: true}, "0f8fad5bd9cb469fa16570867728950e",
			"0f8fad5bd9cb469fa16570867728950e"},
		{"ObjectId text under uuid", idCodec{uuid: true}, oid.Hex(), oid.Hex()},
		{"nil", idCodec{}, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.codec.store(tc.in); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

// TestRoundTrip stores a record as a document and reads it back.
func TestRoundTrip(t *testing.T) {
	a := testAdapter(storage.IDUUID)
	a.tables["user"].arrays["tags"] = storage.TypeStringArray
	a.tables["user"].arrays["scores"] = storage.TypeNumberArray
	day := time.Date(2026, 1, 2, 3, 4, 5, 6e6, time.UTC)
	in := storage.Record{
		"id": "0f8fad5b-d9cb-469f-a165-70867728950e", "name": "$set", "emailVerified": true,
		"createdAt": day, "image": nil, "tags": []string{"a", "$b"}, "scores": []int64{1, 2},
		"count": int64(7), "ratio": 0.5,
	}
	doc, unset, err := a.document(a.tables["user"], in)
	if err != nil {
		t.Fatalf("document: %v", err)
	}
	if len(unset) != 0 {
		t.Errorf("unset: got %v, want none (image is not unique)", unset)
	}
	raw, err := bson.Marshal(doc)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	if got := bson.Raw(raw).Lookup("_id").Type; got != bson.TypeBinary {
		t.Errorf("_id type: got %s, want binary", got)
	}
	out, err := record(a.tables["user"], raw)
	if err != nil {
		t.Fatalf("record: %v", err)
	}
	if !reflect.DeepEqual(out, in) {
		t.Errorf("got %#v, want %#v", out, in)
	}
}

func TestNilUniqueIsLeftOut(t *testing.T) {
	a := testAdapter(storage.IDString)
	doc, unset, err := a.document(a.tables["user"], storage.Record{"email": nil, "image": nil})
	if err != nil {
		t.Fatalf("document: %v", err)
	}
	if len(doc) != 1 || doc[0].Key != "image" {
		t.Errorf("document: got %v, want only image", doc)
	}
	if !reflect.DeepEqual(unset, []string{"email"}) {
		t.Errorf("unset: got %v, want [email]", unset)
	}
}

func TestProjection(t *testing.T) {
	tests := []struct {
		name string
		q    storage.Query
		want bson.D
	}{
		{"all", storage.Query{}, nil},
		{"with id", storage.Query{Select: []string{"id", "name"}},
			bson.D{{Key: "_id", Value: 1}, {Key: "name", Value: 1}}},
		{"without id", storage.Query{Select: []string{"name"}},
			bson.D{{Key: "name", Value: 1}, {Key: "_id", Value: 0}}},
		{"join column added", storage.Query{Select: []string{"name"},
			Joins: []storage.Join{{From: "id"}}},
			bson.D{{Key: "name", Value: 1}, {Key: "_id", Value: 1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := projection(tc.q); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestHelloTransactions(t *testing.T) {
	tests := []struct {
		name  string
		reply helloReply
		want  bool
	}{
		{"replica set", helloReply{SetName: "rs0", MaxWireVersion: 21}, true},
		{"replica set of MongoDB 3.6", helloReply{SetName: "rs0", MaxWireVersion: 6}, false},
		{"mongos", helloReply{Msg: "isdbgrid", MaxWireVersion: 17}, true},
		{"mongos of MongoDB 4.0", helloReply{Msg: "isdbgrid", MaxWireVersion: 7}, false},
		{"standalone", helloReply{MaxWireVersion: 21}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.reply.transactions(); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
