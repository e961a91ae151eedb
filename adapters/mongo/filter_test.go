package mongo

import (
	"errors"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/kernia-go/kernia/core/storage"
)

// testAdapter is an adapter without a server, for the pure parts.
func testAdapter(idType storage.IDType) *Adapter {
	s := storage.BaseSchema()
	s.IDType = idType
	return &Adapter{tables: tablesOf(s), ids: idCodec{uuid: idType == storage.IDUUID}}
}

func w(field string, op storage.Operator, v any) storage.Where {
	return storage.Where{Field: field, Operator: op, Value: v, Connector: storage.And,
		Mode: storage.Sensitive}
}

func TestFilter(t *testing.T) {
	a := testAdapter(storage.IDString)
	oid := bson.NewObjectID()
	day := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	ci := func(x storage.Where) storage.Where { x.Mode = storage.Insensitive; return x }
	or := func(x storage.Where) storage.Where { x.Connector = storage.Or; return x }
	tests := []struct {
		name  string
		where []storage.Where
		want  string
	}{
		{"empty", nil, `{}`},
		{"eq", []storage.Where{w("name", storage.OpEq, "a")}, `{"name": {"$eq": "a"}}`},
		{"eq null", []storage.Where{w("image", storage.OpEq, nil)}, `{"image": {"$eq": null}}`},
		{"ne null", []storage.Where{w("image", storage.OpNe, nil)}, `{"image": {"$ne": null}}`},
		{"ne", []storage.Where{w("image", storage.OpNe, "b")}, `{"image": {"$ne": "b"}}`},
		{"operator-looking string", []storage.Where{w("name", storage.OpEq, "$where")},
			`{"name": {"$eq": "$where"}}`},
		{"id string", []storage.Where{w("id", storage.OpEq, "abc")}, `{"_id": {"$eq": "abc"}}`},
		{"id ObjectId text matches both forms", []storage.Where{w("id", storage.OpEq, oid.Hex())},
			`{"_id": {"$in": [{"$oid":"` + oid.Hex() + `"},"` + oid.Hex() + `"]}}`},
		{"reference ObjectId text", []storage.Where{w("userId", storage.OpNe, oid.Hex())},
			`{"userId": {"$nin": [{"$oid":"` + oid.Hex() + `"},"` + oid.Hex() + `"]}}`},
		{"upper-case hex stays a string",
			[]storage.Where{w("id", storage.OpEq, "ABCDEF0123456789ABCDEF01")},
			`{"_id": {"$eq": "ABCDEF0123456789ABCDEF01"}}`},
		{"lt date", []storage.Where{w("createdAt", storage.OpLt, day)},
			`{"createdAt": {"$lt": {"$date":{"$numberLong":"1767323045000"}}}}`},
		{"gte nil matches nothing", []storage.Where{w("createdAt", storage.OpGte, nil)},
			`{"createdAt": {"$in": []}}`},
		{"in", []storage.Where{w("name", storage.OpIn, []any{"a", "b"})},
			`{"name": {"$in": ["a","b"]}}`},
		{"not_in", []storage.Where{w("name", storage.OpNotIn, []any{"a"})},
			`{"name": {"$nin": ["a"]}}`},
		{"contains escapes", []storage.Where{w("name", storage.OpContains, "a.*(b)")},
			`{"name": {"$regex": {"$regularExpression":{"pattern":"a\\.\\*\\(b\\)","options":""}}}}`},
		{"starts_with", []storage.Where{w("name", storage.OpStartsWith, "^a")},
			`{"name": {"$regex": {"$regularExpression":{"pattern":"\\A\\^a","options":""}}}}`},
		{"ends_with insensitive", []storage.Where{ci(w("name", storage.OpEndsWith, "a$"))},
			`{"name": {"$regex": {"$regularExpression":{"pattern":"a\\$\\z","options":"i"}}}}`},
		{"eq insensitive", []storage.Where{ci(w("name", storage.OpEq, "A+"))},
			`{"name": {"$regex": {"$regularExpression":{"pattern":"\\AA\\+\\z","options":"i"}}}}`},
		{"ne insensitive", []storage.Where{ci(w("name", storage.OpNe, "a"))},
			`{"name": {"$not": {"$regularExpression":{"pattern":"\\Aa\\z","options":"i"}}}}`},
		{"in insensitive", []storage.Where{ci(w("name", storage.OpIn, []any{"a"}))},
			`{"name": {"$in": [{"$regularExpression":{"pattern":"\\Aa\\z","options":"i"}}]}}`},
		{"insensitive id is exact", []storage.Where{ci(w("id", storage.OpEq, "Ab"))},
			`{"_id": {"$eq": "Ab"}}`},
		{"and", []storage.Where{w("name", storage.OpEq, "a"), w("email", storage.OpEq, "b")},
			`{"$and": [{"name": {"$eq": "a"}},{"email": {"$eq": "b"}}]}`},
		{"one or", []storage.Where{or(w("name", storage.OpEq, "a"))}, `{"name": {"$eq": "a"}}`},
		{"and with ors grouped", []storage.Where{
			w("name", storage.OpEq, "a"), or(w("email", storage.OpEq, "b")),
			or(w("email", storage.OpEq, "c"))},
			`{"$and": [{"name": {"$eq": "a"}},{"$or": [{"email": {"$eq": "b"}},` +
				`{"email": {"$eq": "c"}}]}]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := a.filter(a.tables["user"], tc.where)
			if tc.where != nil && tc.where[0].Field == "userId" {
				got, err = a.filter(a.tables["session"], tc.where)
			}
			if err != nil {
				t.Fatalf("filter: %v", err)
			}
			if s := docString(t, got); s != tc.want {
				t.Errorf("got %s, want %s", s, tc.want)
			}
		})
	}
}

func docString(t *testing.T, d bson.D) string {
	t.Helper()
	raw, err := bson.Marshal(d)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return bson.Raw(raw).String()
}

// TestFilterRefusesDocuments checks that a value that is not a plain value
// is refused rather than sent, where it could act as an operator.
func TestFilterRefusesDocuments(t *testing.T) {
	a := testAdapter(storage.IDString)
	bad := []any{
		map[string]any{"$ne": nil},
		bson.M{"$gt": ""},
		bson.D{{Key: "$where", Value: "1"}},
		struct{ X string }{"x"},
	}
	for _, op := range []storage.Operator{storage.OpEq, storage.OpNe, storage.OpGt} {
		for _, v := range bad {
			_, err := a.filter(a.tables["user"], []storage.Where{w("name", op, v)})
			if !errors.Is(err, storage.ErrInvalidQuery) {
				t.Errorf("%s %T: got %v, want ErrInvalidQuery", op, v, err)
			}
		}
	}
	for _, v := range bad {
		_, err := a.filter(a.tables["user"], []storage.Where{w("name", storage.OpIn, []any{v})})
		if !errors.Is(err, storage.ErrInvalidQuery) {
			t.Errorf("in [%T]: got %v, want ErrInvalidQuery", v, err)
		}
		_, _, err = a.document(a.tables["user"], storage.Record{"name": v})
		if !errors.Is(err, storage.ErrInvalidQuery) {
			t.Errorf("document %T: got %v, want ErrInvalidQuery", v, err)
		}
	}
	_, err := a.filter(a.tables["user"], []storage.Where{w("name", storage.OpContains, 1)})
	if !errors.Is(err, storage.ErrInvalidQuery) {
		t.Errorf("contains 1: got %v, want ErrInvalidQuery", err)
	}
	_, err = a.filter(a.tables["user"], []storage.Where{w("name", storage.OpIn, []any{nil})})
	if !errors.Is(err, storage.ErrInvalidQuery) {
		t.Errorf("in [nil]: got %v, want ErrInvalidQuery", err)
	}
}
