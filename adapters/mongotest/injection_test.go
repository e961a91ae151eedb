package mongotest

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/kernia-go/kernia/core/storage"
)

// operatorLike are strings that mean something to MongoDB or to a regular
// expression when they are not handled as plain values.
var operatorLike = []string{
	"$where", "$ne", `{"$ne": null}`, "$gt", "$$ROOT", "$expr", "$set",
	".*", "^", "a|b", `\`, "(", "[a-z]", "%", "_", "a\x00b",
}

// TestOperatorLikeValues stores operator-looking strings and matches them
// with every operator: each matches only itself.
func TestOperatorLikeValues(t *testing.T) {
	e := newEnv(t, nil, nil)
	for i, v := range operatorLike {
		t.Run(v, func(t *testing.T) {
			if _, err := e.db.DeleteMany(t.Context(), "user", nil); err != nil {
				t.Fatal(err)
			}
			target := e.user(t, v, strings.Repeat("t", i+1)+"@x.io")
			decoy := e.user(t, "decoy user", "decoy@x.io")
			for _, op := range []storage.Operator{storage.OpEq, storage.OpContains,
				storage.OpStartsWith, storage.OpEndsWith, storage.OpIn} {
				for _, mode := range []storage.Mode{storage.Sensitive, storage.Insensitive} {
					s := v
					if mode == storage.Insensitive {
						s = strings.ToUpper(v)
					}
					value := any(s)
					if op == storage.OpIn {
						value = []string{s}
					}
					rows := e.findMany(t, storage.FindQuery{Model: "user", Where: []storage.Where{
						{Field: "name", Operator: op, Value: value, Mode: mode}}})
					if got, want := ids(rows), []any{target["id"]}; !reflect.DeepEqual(got, want) {
						t.Errorf("%s %s: got %v, want %v", op, mode, got, want)
					}
				}
			}
			rows := e.findMany(t, storage.FindQuery{Model: "user", Where: []storage.Where{
				{Field: "name", Operator: storage.OpNe, Value: v}}})
			if got, want := ids(rows), []any{decoy["id"]}; !reflect.DeepEqual(got, want) {
				t.Errorf("ne: got %v, want %v", got, want)
			}
			up, err := e.db.Update(t.Context(), "user",
				[]storage.Where{storage.Eq("id", decoy["id"])}, storage.Record{"image": v})
			if err != nil || up == nil || up["image"] != v {
				t.Fatalf("update image to %q: got %v, %v", v, up, err)
			}
			var doc bson.M
			err = e.raw.Collection("user").FindOne(t.Context(),
				bson.D{{Key: "email", Value: bson.D{{Key: "$eq", Value: "decoy@x.io"}}}}).Decode(&doc)
			if err != nil || doc["image"] != v {
				t.Errorf("stored image: got %#v, %v; want the string %q", doc["image"], err, v)
			}
		})
	}
}

// TestDocumentValuesAreRefused passes maps where strings belong: the DB or
// the adapter refuses them, and nothing is matched, stored or changed.
func TestDocumentValuesAreRefused(t *testing.T) {
	e := newEnv(t, nil, nil)
	u := e.user(t, "alice", "alice@x.io")
	ctx := t.Context()
	for _, v := range []any{map[string]any{"$ne": nil}, bson.M{"$gt": ""},
		bson.D{{Key: "$where", Value: "true"}}} {
		if got, err := e.db.FindOne(ctx, storage.FindQuery{Model: "user",
			Where: []storage.Where{storage.Eq("name", v)}}); err == nil || got != nil {
			t.Errorf("DB findOne name=%v: got %v, %v; want an error", v, got, err)
		}
		if got, err := e.a.FindOne(ctx, storage.Query{Table: "user", Where: []storage.Where{
			{Field: "email", Operator: storage.OpEq, Value: v, Connector: storage.And,
				Mode: storage.Sensitive}}}); !errors.Is(err, storage.ErrInvalidQuery) {
			t.Errorf("adapter findOne email=%v: got %v, %v; want ErrInvalidQuery", v, got, err)
		}
		if _, err := e.a.Create(ctx, "user", storage.Record{"id": "x1", "name": v,
			"email": "x1@x.io"}); !errors.Is(err, storage.ErrInvalidQuery) {
			t.Errorf("adapter create name=%v: got %v, want ErrInvalidQuery", v, err)
		}
		if _, err := e.a.UpdateMany(ctx, "user", nil, storage.Record{"name": v}); !errors.Is(err,
			storage.ErrInvalidQuery) {
			t.Errorf("adapter updateMany name=%v: got %v, want ErrInvalidQuery", v, err)
		}
	}
	n, err := e.db.Count(ctx, "user", nil)
	if err != nil || n != 1 {
		t.Errorf("count: got %d, %v; want 1", n, err)
	}
	got, err := e.db.FindOne(ctx, storage.FindQuery{Model: "user",
		Where: []storage.Where{storage.Eq("id", u["id"])}})
	if err != nil || got["name"] != "alice" {
		t.Errorf("alice after the attempts: got %v, %v", got, err)
	}
}

// TestJSONWithOperatorKeys stores a JSON value whose keys look like
// operators: it is kept as encoded text and read back as it was.
func TestJSONWithOperatorKeys(t *testing.T) {
	s := storage.BaseSchema()
	s.Add(storage.Model{Name: "user", Fields: []storage.Field{{Name: "meta", Type: storage.TypeJSON}}})
	e := newEnv(t, s, nil)
	meta := map[string]any{"$ne": nil, "$where": "sleep(1000)", "a.b": []any{"$x"}}
	u := e.create(t, "user", storage.Record{"name": "a", "email": "a@x.io", "meta": meta})
	got, err := e.db.FindOne(t.Context(), storage.FindQuery{Model: "user",
		Where: []storage.Where{storage.Eq("id", u["id"])}})
	if err != nil || !reflect.DeepEqual(got["meta"], meta) {
		t.Fatalf("meta: got %#v, %v; want %#v", got["meta"], err, meta)
	}
	raw, err := e.raw.Collection("user").FindOne(t.Context(), bson.D{}).Raw()
	if err != nil {
		t.Fatal(err)
	}
	if typ := raw.Lookup("meta").Type; typ != bson.TypeString {
		t.Errorf("stored meta: got BSON %s, want string", typ)
	}
}
